import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import {
  board,
  boardQuery,
  createOpportunityBody,
  createStageBody,
  forecast,
  forecastQuery,
  funnel,
  funnelQuery,
  listOpportunitiesQuery,
  moveStageBody,
  opportunity,
  opportunityDetail,
  pipelineStage,
  updateOpportunityBody,
  updateStageBody,
} from '../../../contracts/opportunities.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './opportunities.service.ts';
import * as stages from './stages.service.ts';

const tags = ['opportunities'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function opportunityRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/pipeline-stages', { schema: { tags, summary: '销售阶段: the pipeline in order (open stages, then won and lost)', response: { 200: z.object({ items: z.array(pipelineStage) }), ...errors } } }, async (req) => ({
      items: await stages.listStages(deps, req.ctx()),
    }));
    app.post('/pipeline-stages', { schema: { tags, summary: 'Add an open stage (admins: setting:update); it is ordered before won and lost', body: createStageBody, response: { 201: pipelineStage, ...errors } } }, async (req, reply) =>
      reply.status(201).send(await stages.createStage(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/pipeline-stages/:id',
      { schema: { tags, summary: 'Rename, re-weight, reorder or retire a stage (won and lost keep 100% and 0% and stay; a stage with opportunities cannot be retired: 422)', params: idParams, body: updateStageBody, response: { 200: pipelineStage, ...errors } } },
      async (req) => stages.updateStage(deps, req.ctx(), req.params.id, req.body),
    );

    app.get('/opportunities', { schema: { tags, summary: '商机 in my scope, with filters (owner, department tree, customer, stage, open/won/lost, expected close range)', querystring: listOpportunitiesQuery, response: { 200: page(opportunity), ...errors } } }, async (req) =>
      service.listOpportunities(deps, req.ctx(), req.query),
    );
    app.get('/opportunities/board', { schema: { tags, summary: 'Kanban board: per stage the totals (count, amount, weighted) and the most recently changed cards', querystring: boardQuery, response: { 200: board, ...errors } } }, async (req) =>
      service.getBoard(deps, req.ctx(), req.query),
    );
    app.get('/opportunities/funnel', { schema: { tags, summary: 'Funnel of the opportunities created in a period: how many reached each stage, conversion, average deal cycle', querystring: funnelQuery, response: { 200: funnel, ...errors } } }, async (req) =>
      service.getFunnel(deps, req.ctx(), req.query),
    );
    app.get('/opportunities/forecast', { schema: { tags, summary: 'Forecast by month and owner: open pipeline by expected close, weighted by probability, and won amounts', querystring: forecastQuery, response: { 200: forecast, ...errors } } }, async (req) =>
      service.getForecast(deps, req.ctx(), req.query),
    );
    app.post('/opportunities', { schema: { tags, summary: 'Create an opportunity (amount from the line items, or entered without them)', body: createOpportunityBody, response: { 201: opportunityDetail, ...errors } } }, async (req, reply) =>
      reply.status(201).send(await service.createOpportunity(deps, req.ctx(), req.body)),
    );
    app.get('/opportunities/:id', { schema: { tags, summary: 'One opportunity with its line items and stage history (time in each stage)', params: idParams, response: { 200: opportunityDetail, ...errors } } }, async (req) =>
      service.getOpportunity(deps, req.ctx(), req.params.id),
    );
    app.patch('/opportunities/:id', { schema: { tags, summary: 'Change an opportunity; items replace every line; a new owner needs opportunity:assign', params: idParams, body: updateOpportunityBody, response: { 200: opportunityDetail, ...errors } } }, async (req) =>
      service.updateOpportunity(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/opportunities/:id/stage',
      { schema: { tags, summary: 'Move to a stage (board drag): 409 when the version is stale, 400 without a reason for won or lost', params: idParams, body: moveStageBody, response: { 200: opportunityDetail, ...errors } } },
      async (req) => service.moveOpportunity(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/opportunities/:id', { schema: { tags, summary: 'Delete an opportunity', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteOpportunity(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
  };
}
