import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { timelineEntry, timelineQuery } from '../../../contracts/timeline.ts';
import { errorResponse, idParams, page } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './timeline.service.ts';

const tags = ['timeline'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const paramsSchema = idParams;

export function timelineRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:id/timeline',
      {
        schema: {
          tags,
          summary: 'Everything that happened to a customer, newest first (keyset pages; kinds=follow_up,task to filter)',
          params: paramsSchema,
          querystring: timelineQuery,
          response: { 200: page(timelineEntry), ...errors },
        },
      },
      async (req) => service.customerTimeline(deps, req.ctx(), req.params.id, req.query),
    );
    app.get(
      '/leads/:id/timeline',
      { schema: { tags, summary: 'Everything that happened to a lead, newest first', params: paramsSchema, querystring: timelineQuery, response: { 200: page(timelineEntry), ...errors } } },
      async (req) => service.leadTimeline(deps, req.ctx(), req.params.id, req.query),
    );
  };
}
