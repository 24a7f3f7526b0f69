import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { assignCustomerBody, createCustomerBody, customer, customerListRow, mergeCustomersBody, duplicateCheckBody, duplicateCheckResponse, listCustomersQuery, updateCustomerBody } from '../../../contracts/customers.ts';
import type { Deps } from '../../platform/deps.ts';
import { mergeCustomers } from './customers.merge.ts';
import * as service from './customers.service.ts';

const tags = ['customers'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function customerRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers',
      { schema: { tags, summary: 'Customers within the caller’s data scope', querystring: listCustomersQuery, response: { 200: page(customerListRow), ...errors } } },
      async (req) => service.listCustomers(deps, req.ctx(), req.query),
    );
    app.post(
      '/customers/duplicate-check',
      {
        schema: {
          tags,
          summary: '查重: customers that may be the one described (matches outside one’s scope are reported without their data)',
          body: duplicateCheckBody,
          response: { 200: duplicateCheckResponse, ...errors },
        },
      },
      async (req) => ({ items: await service.duplicateCheck(deps, req.ctx(), req.body) }),
    );
    app.post(
      '/customers/merge',
      {
        schema: {
          tags,
          summary: '合并: fold one customer into another, field by field; every child record moves, the merged one stays as a tombstone',
          body: mergeCustomersBody,
          response: { 200: customer, ...errors },
        },
      },
      async (req) => mergeCustomers(deps, req.ctx(), req.body),
    );
    app.get(
      '/customers/:id',
      { schema: { tags, summary: 'One customer', params: idParams, response: { 200: customer, ...errors } } },
      async (req) => service.getCustomer(deps, req.ctx(), req.params.id),
    );
    app.post(
      '/customers',
      {
        schema: {
          tags,
          summary: 'Create a customer: numbered, checked for duplicates (409 with candidates unless force + forceReason)',
          body: createCustomerBody,
          response: { 201: customer, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createCustomer(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/customers/:id',
      { schema: { tags, summary: 'Update a customer (send the version you read)', params: idParams, body: updateCustomerBody, response: { 200: customer, ...errors } } },
      async (req) => service.updateCustomer(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/customers/:id/assign',
      { schema: { tags, summary: 'Hand a customer to another owner, or to the pool with null (customer:assign)', params: idParams, body: assignCustomerBody, response: { 200: customer, ...errors } } },
      async (req) => service.assignCustomer(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete(
      '/customers/:id',
      { schema: { tags, summary: 'Delete a customer (soft delete)', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteCustomer(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
