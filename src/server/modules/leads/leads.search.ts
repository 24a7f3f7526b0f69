import { listLeadsQuery } from '../../../contracts/leads.ts';
import type { SearchSource } from '../../platform/modules/manifest.ts';
import { listLeads } from './leads.service.ts';

/** Leads in the global search: the lead list's search (company, contact, number, e-mail, phone digits), newest first. */
export const leadSearch: SearchSource = {
  kind: 'lead',
  permission: 'lead:read',
  async find(deps, ctx, q, limit) {
    const page = await listLeads(deps, ctx, listLeadsQuery.parse({ q, limit }));
    return page.items.map((l) => ({
      kind: 'lead',
      id: l.id,
      title: l.companyName ?? l.contactName,
      number: l.number,
      subtitle: l.companyName ? l.contactName : null,
      customerId: null,
    }));
  },
};
