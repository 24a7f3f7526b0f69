/**
 * Public entry of the orders module: the scoped finder of orders (requireVisibleOrder) and what
 * makes an order paid, in which currency value is counted (customer value classes). Other
 * modules import only this file; everything else in the folder is private.
 */
export { findOrder, type OrderRow } from './orders.queries.ts';
export { LIFETIME_VALUE_CURRENCY, requireVisibleOrder } from './orders.service.ts';
// What counts as a paid order (客户价值, RFM).
export { PAID_STATUSES } from './orders.rules.ts';
