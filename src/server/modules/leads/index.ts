/**
 * Public entry of the leads module: the lead scope rule, the scoped finder (requireVisibleLead),
 * list filters, rule-based assignment and the lead rules imports reuse. Other modules import only
 * this file; everything else in the folder is private.
 */
export { assignByRules } from './assignment.service.ts';
export { type LeadAccess, leadFilterConditions, leadNeedsFollowUp, type LeadRow, leadScope, leadSortKey, leadSortValue, leadViewerScope, listLeads, setLeadStatus } from './leads.queries.ts';
export { ASSIGNMENT_SLA_MS, initialLeadStatus, mergeLeadSources, resolveLeadGrade } from './leads.rules.ts';
export { notifyLeadAssigned, requireVisibleLead } from './leads.service.ts';
// The single-record actions bulk actions run for each record (modules/bulk).
export { assignLead, getLead, updateLead } from './leads.service.ts';
// Used by the demo data (src/server/demo-customers.ts).
export { createRule } from './assignment.service.ts';
export { createLead } from './leads.service.ts';
// Web-to-lead forms register what visitors submit (modules/lead-forms).
export { registerLead, type Registered } from './leads.service.ts';
