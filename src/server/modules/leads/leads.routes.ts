import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { assignLeadBody, convertLeadBody, convertLeadResponse, createLeadBody, createLeadResponse, lead, listLeadsQuery, updateLeadBody } from '../../../contracts/lead-records.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './leads.service.ts';

const tags = ['leads'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function leadRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/leads',
      { schema: { tags, summary: 'Leads within the caller’s scope, with the A-lead assignment SLA', querystring: listLeadsQuery, response: { 200: page(lead), ...errors } } },
      async (req) => service.listLeads(deps, req.ctx(), req.query),
    );
    app.post(
      '/leads',
      {
        schema: {
          tags,
          summary: 'Register a lead: numbered, graded A/B/C (C → nurture pool); the same prospect from another channel merges into its open lead',
          body: createLeadBody,
          response: { 200: createLeadResponse, 201: createLeadResponse, ...errors },
        },
      },
      async (req, reply) => {
        const result = await service.createLead(deps, req.ctx(), req.body);
        return reply.status(result.merged ? 200 : 201).send(result);
      },
    );
    app.get('/leads/:id', { schema: { tags, summary: 'One lead', params: idParams, response: { 200: lead, ...errors } } }, async (req) => service.getLead(deps, req.ctx(), req.params.id));
    app.patch(
      '/leads/:id',
      { schema: { tags, summary: 'Update a lead: criteria regrade it; status changes follow the allowed transitions (422 otherwise)', params: idParams, body: updateLeadBody, response: { 200: lead, ...errors } } },
      async (req) => service.updateLead(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/leads/:id/assign',
      { schema: { tags, summary: 'Hand a lead to a salesperson (audited)', params: idParams, body: assignLeadBody, response: { 200: lead, ...errors } } },
      async (req) => service.assignLead(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/leads/:id/convert',
      {
        schema: {
          tags,
          summary: 'Convert a qualified lead into a customer (new, duplicate-checked, or an existing one) and a contact, in one transaction',
          params: idParams,
          body: convertLeadBody,
          response: { 200: convertLeadResponse, ...errors },
        },
      },
      async (req) => service.convertLead(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/leads/:id', { schema: { tags, summary: 'Delete a lead (soft delete)', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteLead(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
  };
}
