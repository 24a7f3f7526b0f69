import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bulkCount, bulkCustomerCountQuery, bulkCustomersBody, bulkLeadCountQuery, bulkLeadsBody, bulkResult } from '../../../contracts/bulk.ts';
import { errorResponse, idParams } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './bulk.service.ts';

const tags = ['bulk'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 503: errorResponse };
const description =
  'Each record goes through the single-record action (scope, permission, its rules, one audit entry per record). ' +
  'Records that cannot be changed are skipped and counted by reason; a record outside the caller’s data scope is skipped, never changed. ' +
  'Up to BULK_SYNC_LIMIT records (500) run in the request (200, status done); more run as a background job (202, status queued; GET /bulk-jobs/{id}).';

export function bulkRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/bulk/count',
      { schema: { tags, summary: 'How many customers the list’s filters match in the caller’s scope (“select all N”)', querystring: bulkCustomerCountQuery, response: { 200: bulkCount, ...errors } } },
      async (req) => ({ total: await service.countCustomers(deps, req.ctx(), req.query) }),
    );
    app.post(
      '/customers/bulk',
      { schema: { tags, summary: '批量操作 on customers: transfer owner, add/remove a tag, release to the pool, set the lifecycle stage', description, body: bulkCustomersBody, response: { 200: bulkResult, 202: bulkResult, ...errors } } },
      async (req, reply) => {
        const result = await service.bulkCustomers(deps, req.ctx(), req.locale, req.body);
        return reply.status(result.id ? 202 : 200).send(result);
      },
    );
    app.get(
      '/leads/bulk/count',
      { schema: { tags, summary: 'How many leads the list’s filters match in the caller’s scope (“select all N”)', querystring: bulkLeadCountQuery, response: { 200: bulkCount, ...errors } } },
      async (req) => ({ total: await service.countLeads(deps, req.ctx(), req.query) }),
    );
    app.post(
      '/leads/bulk',
      { schema: { tags, summary: '批量操作 on leads: transfer owner, change status', description, body: bulkLeadsBody, response: { 200: bulkResult, 202: bulkResult, ...errors } } },
      async (req, reply) => {
        const result = await service.bulkLeads(deps, req.ctx(), req.locale, req.body);
        return reply.status(result.id ? 202 : 200).send(result);
      },
    );
    app.get(
      '/bulk-jobs/:id',
      { schema: { tags, summary: 'Progress and outcome of a bulk job (only its starter sees it)', params: idParams, response: { 200: bulkResult, ...errors } } },
      async (req) => service.getBulkJob(deps, req.ctx(), req.locale, req.params.id),
    );
  };
}
