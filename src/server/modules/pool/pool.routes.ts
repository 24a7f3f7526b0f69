import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { customer, customerListRow, listCustomersQuery } from '../../../contracts/customers.ts';
import { poolRules } from '../../../contracts/pool.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './pool.service.ts';

const tags = ['public pool'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function poolRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/pool/customers',
      { schema: { tags, summary: '公海: customers without an owner', querystring: listCustomersQuery, response: { 200: page(customerListRow), ...errors } } },
      async (req) => service.listPool(deps, req.ctx(), req.query),
    );
    app.post(
      '/pool/customers/:id/claim',
      { schema: { tags, summary: 'Claim a pool customer (daily claim limit and owned-customer cap apply: 422)', params: idParams, response: { 200: customer, ...errors } } },
      async (req) => service.claim(deps, req.ctx(), req.params.id),
    );
    app.post(
      '/customers/:id/release',
      { schema: { tags, summary: 'Give a customer back to the pool (its owner, or someone with customer:assign)', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.release(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
    app.get('/settings/pool-rules', { schema: { tags, summary: 'The public-pool rules', response: { 200: poolRules, ...errors } } }, async (req) => service.getPoolRules(deps, req.ctx()));
    app.put(
      '/settings/pool-rules',
      { schema: { tags, summary: 'Set the public-pool rules (reclaim days per stage, warning, claim limits)', body: poolRules, response: { 200: poolRules, ...errors } } },
      async (req) => service.setPoolRules(deps, req.ctx(), req.body),
    );
  };
}
