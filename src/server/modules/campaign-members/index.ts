/**
 * Public entry of the campaign-members module: the members counted per status with each viewer's
 * visibility (the campaign reports). Its routes are mounted through its manifest, and leads join
 * campaigns through a database trigger.
 */
export { memberStatusCounts } from './campaign-members.queries.ts';
