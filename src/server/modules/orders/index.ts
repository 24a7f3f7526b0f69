/**
 * Public entry of the orders module: the scoped finder of orders (requireVisibleOrder). Other
 * modules import only this file; everything else in the folder is private.
 */
export { findOrder, type OrderRow } from './orders.queries.ts';
export { requireVisibleOrder } from './orders.service.ts';
