import { listContractsQuery } from '../../../contracts/sales-contracts.ts';
import type { SearchSource } from '../../platform/modules/manifest.ts';
import { listContracts } from './sales-contracts.service.ts';

/** Sales contracts in the global search: by number or title, as the list searches. */
export const contractSearch: SearchSource = {
  kind: 'contract',
  permission: 'contract:read',
  async find(deps, ctx, q, limit) {
    const page = await listContracts(deps, ctx, listContractsQuery.parse({ q, limit }));
    return page.items.map((c) => ({ kind: 'contract', id: c.id, title: c.title, number: c.number, subtitle: c.customerName, customerId: c.customerId }));
  },
};
