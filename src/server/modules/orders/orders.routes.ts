import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { createOrderBody, listOrdersQuery, order, orderPaymentBody, orderSettings, orderSummary, orderTransitionBody, updateOrderBody } from '../../../contracts/orders.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './orders.service.ts';

const tags = ['orders'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function orderRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/orders',
      { schema: { tags, summary: '订单 in my scope, newest first: filter by status, customer, owner, number and order date (keyset pages)', querystring: listOrdersQuery, response: { 200: page(orderSummary), ...errors } } },
      async (req) => service.listOrders(deps, req.ctx(), req.query),
    );
    app.post(
      '/orders',
      {
        schema: {
          tags,
          summary: 'Create an order: directly (customer and lines), from a won opportunity (opportunityId) or from an accepted quote (quoteId), whose lines are copied; numbered DD…, priced on the server',
          body: createOrderBody,
          response: { 201: order, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createOrder(deps, req.ctx(), req.body)),
    );
    app.get('/orders/:id', { schema: { tags, summary: 'One order with its lines, payments and state history', params: idParams, response: { 200: order, ...errors } } }, async (req) =>
      service.getOrder(deps, req.ctx(), req.params.id),
    );
    app.patch(
      '/orders/:id',
      { schema: { tags, summary: 'Edit an order: lines, currency, date, contact and address only while created (422 after); notes until it ends', params: idParams, body: updateOrderBody, response: { 200: order, ...errors } } },
      async (req) => service.updateOrder(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/orders/:id', { schema: { tags, summary: 'Delete an order while it is created (422 after: cancel it instead)', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteOrder(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
    app.post(
      '/orders/:id/transitions',
      {
        schema: {
          tags,
          summary:
            'Move an order: created → confirmed → paid → shipped (carrier and tracking number) → delivered (schedules the after-sales follow-up) → completed; cancelled with a reason before shipping. 422 names the allowed steps; 409 on a stale version',
          params: idParams,
          body: orderTransitionBody,
          response: { 200: order, ...errors },
        },
      },
      async (req) => service.transitionOrder(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/orders/:id/payments',
      {
        schema: {
          tags,
          summary: 'Record a payment on a confirmed order (partial payments allowed; 400 above the outstanding amount); the payment that covers the total makes the order paid',
          params: idParams,
          body: orderPaymentBody,
          response: { 201: order, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.recordPayment(deps, req.ctx(), req.params.id, req.body)),
    );
    const settingsTags = ['settings'];
    app.get('/settings/orders', { schema: { tags: settingsTags, summary: 'Order settings: days after delivery the after-sales follow-up is due', response: { 200: orderSettings, ...errors } } }, async (req) =>
      service.getOrderSettings(deps, req.ctx()),
    );
    app.put('/settings/orders', { schema: { tags: settingsTags, summary: 'Change the order settings (admins)', body: orderSettings, response: { 200: orderSettings, ...errors } } }, async (req) =>
      service.setOrderSettings(deps, req.ctx(), req.body),
    );
  };
}
