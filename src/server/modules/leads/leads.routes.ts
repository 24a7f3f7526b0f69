import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { z } from 'zod';
import { assignLeadBody, assignmentRule, leadAssignee, leadAssigneesQuery, autoAssignResponse, convertLeadBody, convertLeadResponse, createAssignmentRuleBody, createLeadBody, createLeadResponse, lead, listLeadsQuery, updateAssignmentRuleBody, updateLeadBody } from '../../../contracts/leads.ts';
import type { Deps } from '../../platform/deps.ts';
import * as rules from './assignment.service.ts';
import * as service from './leads.service.ts';

const tags = ['leads'];
const ruleTags = ['lead assignment rules'];
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
    app.get(
      '/leads/assignees',
      {
        schema: {
          tags,
          summary: 'Whom the caller may hand a lead to (lead:assign): users in their scope who may read leads, and the lead managers of other teams',
          querystring: leadAssigneesQuery,
          response: { 200: z.object({ items: z.array(leadAssignee) }), ...errors },
        },
      },
      async (req) => ({ items: await service.listAssignees(deps, req.ctx(), req.query) }),
    );
    app.post(
      '/leads/:id/assign',
      {
        schema: {
          tags,
          summary: 'Hand a lead to someone in one’s scope, or to a lead manager of another team; an unassigned lead waiting for an owner may be handed on by anyone with lead:assign (audited)',
          params: idParams,
          body: assignLeadBody,
          response: { 200: lead, ...errors },
        },
      },
      async (req) => service.assignLead(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/leads/:id/auto-assign',
      { schema: { tags, summary: 'Hand an unassigned lead to the next salesperson by the assignment rules (422 when no rule finds anyone)', params: idParams, response: { 200: autoAssignResponse, ...errors } } },
      async (req) => service.autoAssignLead(deps, req.ctx(), req.params.id),
    );
    app.get(
      '/lead-assignment-rules',
      { schema: { tags: ruleTags, summary: 'Automatic assignment rules of the departments in one’s scope, in the order they are tried', response: { 200: z.object({ items: z.array(assignmentRule) }), ...errors } } },
      async (req) => ({ items: await rules.listRules(deps, req.ctx()) }),
    );
    app.post(
      '/lead-assignment-rules',
      { schema: { tags: ruleTags, summary: 'Create a rule: leads matching region / industry / channel go round its team (audited)', body: createAssignmentRuleBody, response: { 201: assignmentRule, ...errors } } },
      async (req, reply) => reply.status(201).send(await rules.createRule(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/lead-assignment-rules/:id',
      { schema: { tags: ruleTags, summary: 'Change a rule (a new team starts from its first member)', params: idParams, body: updateAssignmentRuleBody, response: { 200: assignmentRule, ...errors } } },
      async (req) => rules.updateRule(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/lead-assignment-rules/:id', { schema: { tags: ruleTags, summary: 'Delete a rule', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await rules.deleteRule(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
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
