import type { z } from 'zod';
import type { createOrderBody, listOrdersQuery, Order, orderPaymentBody, orderSummary, orderTransitionBody, updateOrderBody } from '../../../contracts/orders.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type OrderListQuery = Partial<z.input<typeof listOrdersQuery>>;
export type OrderPage = CursorPage<typeof orderSummary>;
export type CreateOrderBody = z.input<typeof createOrderBody>;
export type UpdateOrderBody = z.input<typeof updateOrderBody>;
export type OrderTransitionBody = z.input<typeof orderTransitionBody>;
export type OrderPaymentBody = z.input<typeof orderPaymentBody>;

export const ordersKeys = {
  all: ['orders'] as const,
  list: (query: OrderListQuery) => ['orders', 'list', query] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
};

export function listOrders(query: OrderListQuery, signal?: AbortSignal): Promise<OrderPage> {
  return api('/orders', { query, signal });
}

export function getOrder(id: string, signal?: AbortSignal): Promise<Order> {
  return api(`/orders/${encodeURIComponent(id)}`, { signal });
}

export function createOrder(body: CreateOrderBody): Promise<Order> {
  return api('/orders', { method: 'POST', body });
}

export function updateOrder(id: string, body: UpdateOrderBody): Promise<Order> {
  return api(`/orders/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteOrder(id: string): Promise<unknown> {
  return api(`/orders/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function transitionOrder(id: string, body: OrderTransitionBody): Promise<Order> {
  return api(`/orders/${encodeURIComponent(id)}/transitions`, { method: 'POST', body });
}

export function recordOrderPayment(id: string, body: OrderPaymentBody): Promise<Order> {
  return api(`/orders/${encodeURIComponent(id)}/payments`, { method: 'POST', body });
}
