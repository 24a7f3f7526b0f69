/**
 * Public entry of the pool module: releasing a customer to the pool, which bulk actions run for
 * each record (modules/bulk). Its routes and jobs come from its manifest, registered in
 * modules/index.ts. Other modules import only this file.
 */
export { release } from './pool.service.ts';
