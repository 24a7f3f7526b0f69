import { listOrdersQuery } from '../../../contracts/orders.ts';
import type { SearchSource } from '../../platform/modules/manifest.ts';
import { listOrders } from './orders.service.ts';

/** Orders in the global search: by number or customer name, as the list searches. An order has no title: its number is shown first. */
export const orderSearch: SearchSource = {
  kind: 'order',
  permission: 'order:read',
  async find(deps, ctx, q, limit) {
    const page = await listOrders(deps, ctx, listOrdersQuery.parse({ q, limit }));
    return page.items.map((o) => ({ kind: 'order', id: o.id, title: o.number, number: o.number, subtitle: o.customerName, customerId: o.customerId }));
  },
};
