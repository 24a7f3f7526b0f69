import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cadenceSettings, followUpSummary, createFollowUpBody, createFollowUpMethodBody, followUp, followUpMethod, followUpMethodParams, listFollowUpsQuery, updateFollowUpBody, updateFollowUpMethodBody } from '../../../contracts/followups.ts';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import { getCadence, setCadence } from '../followup-cadence/index.ts';
import * as methods from './followups.methods.ts';
import * as service from './followups.service.ts';

const tags = ['follow-ups'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export function followUpRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/follow-ups',
      {
        schema: {
          tags,
          summary: 'Follow-ups in my data scope (of a customer, lead or contact when given), newest first',
          querystring: listFollowUpsQuery,
          response: { 200: page(followUp), ...errors },
        },
      },
      async (req) => service.listFollowUps(deps, req.ctx(), req.query),
    );
    app.post(
      '/follow-ups',
      {
        schema: {
          tags,
          summary: 'Log a follow-up: updates the last follow-up time, moves a new lead to contacted, and with nextFollowUpAt creates a task with a reminder, all in one transaction',
          body: createFollowUpBody,
          response: { 201: followUp, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createFollowUp(deps, req.ctx(), req.body)),
    );
    app.get('/follow-ups/:id', { schema: { tags, summary: 'One follow-up', params: idParams, response: { 200: followUp, ...errors } } }, async (req) =>
      service.getFollowUp(deps, req.ctx(), req.params.id),
    );
    app.patch(
      '/follow-ups/:id',
      { schema: { tags, summary: 'Edit a follow-up (its owner, or a manager whose scope covers the owner)', params: idParams, body: updateFollowUpBody, response: { 200: followUp, ...errors } } },
      async (req) => service.updateFollowUp(deps, req.ctx(), req.params.id, req.body),
    );
    app.get('/me/follow-up-summary', { schema: { tags, summary: 'My open tasks by bucket and my customers and leads past their follow-up cadence (home page)', response: { 200: followUpSummary, ...errors } } }, async (req) =>
      service.followUpSummary(deps, req.ctx()),
    );
    const cadenceTags = ['settings'];
    app.get('/settings/follow-up-cadence', { schema: { tags: cadenceTags, summary: 'Follow-up cadence: days per grade before a customer or lead needs a follow-up', response: { 200: cadenceSettings, ...errors } } }, async (req) =>
      getCadence(deps, req.ctx()),
    );
    app.put('/settings/follow-up-cadence', { schema: { tags: cadenceTags, summary: 'Set the follow-up cadence (admins)', body: cadenceSettings, response: { 200: cadenceSettings, ...errors } } }, async (req) =>
      setCadence(deps, req.ctx(), req.body),
    );
    const methodTags = ['follow-up methods'];
    app.get('/follow-up-methods', { schema: { tags: methodTags, summary: 'The follow-up methods (including retired ones, flagged)', response: { 200: z.object({ items: z.array(followUpMethod) }), ...errors } } }, async (req) => ({
      items: await methods.listMethods(deps, req.ctx()),
    }));
    app.post('/follow-up-methods', { schema: { tags: methodTags, summary: 'Add a follow-up method (its code is permanent)', body: createFollowUpMethodBody, response: { 201: followUpMethod, ...errors } } }, async (req, reply) =>
      reply.status(201).send(await methods.createMethod(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/follow-up-methods/:code',
      { schema: { tags: methodTags, summary: 'Rename, reorder or retire a follow-up method', params: followUpMethodParams, body: updateFollowUpMethodBody, response: { 200: followUpMethod, ...errors } } },
      async (req) => methods.updateMethod(deps, req.ctx(), req.params.code, req.body),
    );
    app.delete('/follow-ups/:id', { schema: { tags, summary: 'Delete a follow-up (its task stays)', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteFollowUp(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
  };
}
