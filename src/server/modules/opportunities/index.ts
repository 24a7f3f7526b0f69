/**
 * Public entry of the opportunities module: the opportunity scope rule and the scoped finder
 * (requireVisibleOpportunity), used by quotes, orders, contracts and attachments. Other modules
 * import only this file; everything else in the folder is private.
 */
export { findOpportunity, type OpportunityRow, opportunityScope } from './opportunities.queries.ts';
export { requireVisibleOpportunity } from './opportunities.service.ts';
// Used by the demo data (src/server/demo-sales.ts).
export { createOpportunity, moveOpportunity } from './opportunities.service.ts';
