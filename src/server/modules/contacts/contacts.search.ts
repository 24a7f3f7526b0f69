import type { SearchSource } from '../../platform/modules/manifest.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { pinyinQuery } from '../../platform/search/pinyin.ts';
import { phoneSearchDigits } from '../customers/index.ts';
import { searchContacts } from './contacts.queries.ts';

/** Contacts in the global search: name, e-mail, phone digits or pinyin, among the customers the user sees; opened on their customer's page. */
export const contactSearch: SearchSource = {
  kind: 'contact',
  permission: 'contact:read',
  async find(deps, ctx, q, limit) {
    requirePermission(ctx.actor, 'customer', 'read');
    const rows = await searchContacts(deps.db, ctx.actor, q, pinyinQuery(q), phoneSearchDigits(q), limit);
    return rows.map((r) => ({
      kind: 'contact',
      id: r.contact.id,
      title: r.contact.name,
      number: null,
      subtitle: [r.customerName, r.contact.title].filter(Boolean).join(' · '),
      customerId: r.contact.customerId,
    }));
  },
};
