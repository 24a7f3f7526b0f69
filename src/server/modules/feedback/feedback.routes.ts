import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createFeedbackBody, feedback, listFeedbackQuery, updateFeedbackBody } from '../../../contracts/feedback.ts';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './feedback.service.ts';

const tags = ['feedback'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function feedbackRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/feedback',
      { schema: { tags, summary: 'Customer feedback (requirements, suggestions, complaints, objections) in my scope, newest first', querystring: listFeedbackQuery, response: { 200: page(feedback), ...errors } } },
      async (req) => service.listFeedback(deps, req.ctx(), req.query),
    );
    app.post('/feedback', { schema: { tags, summary: 'Record feedback of a customer (the handler is notified)', body: createFeedbackBody, response: { 201: feedback, ...errors } } }, async (req, reply) =>
      reply.status(201).send(await service.createFeedback(deps, req.ctx(), req.body)),
    );
    app.get('/feedback/:id', { schema: { tags, summary: 'One piece of feedback', params: idParams, response: { 200: feedback, ...errors } } }, async (req) => service.getFeedback(deps, req.ctx(), req.params.id));
    app.patch(
      '/feedback/:id',
      {
        schema: {
          tags,
          summary: 'Handle feedback: status open → in_progress → resolved → closed (resolving and closing need an outcome; 422 for a step not allowed), handler, notes',
          params: idParams,
          body: updateFeedbackBody,
          response: { 200: feedback, ...errors },
        },
      },
      async (req) => service.updateFeedback(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/feedback/:id', { schema: { tags, summary: 'Delete feedback', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteFeedback(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
  };
}
