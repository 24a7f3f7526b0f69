/**
 * Public entry of the products module: line pricing shared by opportunities, quotes and orders.
 * Other modules import only this file; everything else in the folder is private.
 */
export { copyLines, type PricedLine, priceLines, type StoredLine, toLineInput, toLineItem, totalsOf } from './products.pricing.ts';
// Used by the demo data (src/server/demo-sales.ts).
export { createProduct } from './products.service.ts';
