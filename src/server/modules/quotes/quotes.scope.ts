import { opportunities } from '../../db/schema/index.ts';
import { ownerDepartmentRule, type ScopeRule } from '../../platform/access/policy.ts';

/**
 * Who sees an opportunity: its owner, managers whose data scope holds its department, and scope
 * `all`. A quote is seen exactly when its opportunity is, and so are the files attached to the
 * opportunity (the quote PDFs among them). (The opportunities module keeps the same rule; this
 * one can give way to it.)
 */
export const opportunityScope: ScopeRule = ownerDepartmentRule(opportunities.ownerId, opportunities.departmentId, opportunities.deletedAt);
