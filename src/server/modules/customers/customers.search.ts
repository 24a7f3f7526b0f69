import { listCustomersQuery } from '../../../contracts/customers.ts';
import type { SearchSource } from '../../platform/modules/manifest.ts';
import { listCustomers } from './customers.service.ts';

/** Customers in the global search: the list's own search box (names, numbers, contacts, phone digits, pinyin), newest first. */
export const customerSearch: SearchSource = {
  kind: 'customer',
  permission: 'customer:read',
  async find(deps, ctx, q, limit) {
    const page = await listCustomers(deps, ctx, listCustomersQuery.parse({ q, limit }));
    return page.items.map((c) => ({
      kind: 'customer',
      id: c.id,
      title: c.name,
      number: c.number,
      subtitle: [c.divisionPath, c.ownerName].filter(Boolean).join(' · ') || null,
      customerId: c.id,
    }));
  },
};
