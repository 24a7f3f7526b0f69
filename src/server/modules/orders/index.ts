/**
 * Public entry of the orders module: the scoped finder of orders (requireVisibleOrder). Other
 * modules import only this file; everything else in the folder is private.
 */
export { findOrder } from './orders.queries.ts';
