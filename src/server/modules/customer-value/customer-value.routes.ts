import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams } from '../../../contracts/common.ts';
import { rfmHistoryEntry, rfmSettings, rfmSummary } from '../../../contracts/customer-value.ts';
import type { Deps } from '../../platform/deps.ts';
import { rfmNightlyJob } from './customer-value.jobs.ts';
import * as service from './customer-value.service.ts';

const tags = ['customer value'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse, 503: errorResponse };

export function customerValueRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customer-value/summary',
      { schema: { tags, summary: '客户价值分层: the customers I see per RFM class with their lifetime value, and the last nightly run’s thresholds', response: { 200: rfmSummary, ...errors } } },
      async (req) => service.rfmSummary(deps, req.ctx()),
    );
    app.get(
      '/customers/:id/rfm-history',
      { schema: { tags, summary: 'The RFM class changes of a customer I see, newest first', params: idParams, response: { 200: z.object({ items: z.array(rfmHistoryEntry) }), ...errors } } },
      async (req) => service.rfmHistory(deps, req.ctx(), req.params.id),
    );
    app.get(
      '/settings/rfm',
      { schema: { tags: ['settings'], summary: 'RFM settings: the window (months) and the thresholds (the means, or fixed ones)', response: { 200: rfmSettings, ...errors } } },
      async (req) => service.getRfmSettings(deps, req.ctx()),
    );
    app.put(
      '/settings/rfm',
      { schema: { tags: ['settings'], summary: 'Change the RFM settings (admins); the next run uses them', body: rfmSettings, response: { 200: rfmSettings, ...errors } } },
      async (req) => service.setRfmSettings(deps, req.ctx(), req.body),
    );
    app.post(
      '/customer-value/runs',
      { schema: { tags, summary: 'Class every customer again now, in the background (admins; e.g. after changing the settings)', response: { 202: z.object({ queued: z.boolean() }), ...errors } } },
      async (req, reply) => reply.status(202).send(await service.requestFullRun(deps, req.ctx(), rfmNightlyJob)),
    );
  };
}
