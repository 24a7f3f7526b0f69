import { listQuotesQuery } from '../../../contracts/quotes.ts';
import type { SearchSource } from '../../platform/modules/manifest.ts';
import { listQuotes } from './quotes.service.ts';

/** Quotes in the global search: by number or title, as the list searches. */
export const quoteSearch: SearchSource = {
  kind: 'quote',
  permission: 'quote:read',
  async find(deps, ctx, q, limit) {
    const page = await listQuotes(deps, ctx, listQuotesQuery.parse({ q, limit }));
    return page.items.map((x) => ({ kind: 'quote', id: x.id, title: x.title, number: x.number, subtitle: x.customerName, customerId: x.customerId }));
  },
};
