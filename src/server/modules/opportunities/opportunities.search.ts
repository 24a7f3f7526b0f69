import { listOpportunitiesQuery } from '../../../contracts/opportunities.ts';
import type { SearchSource } from '../../platform/modules/manifest.ts';
import { listOpportunities } from './opportunities.service.ts';

/** Opportunities in the global search: by their name or their customer's, as the list searches. */
export const opportunitySearch: SearchSource = {
  kind: 'opportunity',
  permission: 'opportunity:read',
  async find(deps, ctx, q, limit) {
    const page = await listOpportunities(deps, ctx, listOpportunitiesQuery.parse({ q, limit }));
    return page.items.map((o) => ({ kind: 'opportunity', id: o.id, title: o.name, number: null, subtitle: o.customerName, customerId: o.customerId }));
  },
};
