import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse } from '../../../contracts/common.ts';
import { numberingPatterns, numberingPreviewBody, numberingQuery, numberingSettings } from '../../../contracts/numbering.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './numbering.service.ts';

const tags = ['settings'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };

export function numberingRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/settings/numbering',
      { schema: { tags, summary: '编号规则: the customer and lead number patterns, with the next number of each', querystring: numberingQuery, response: { 200: numberingSettings, ...errors } } },
      async (req) => service.getNumbering(deps, req.ctx(), req.query.industryCode),
    );
    app.put(
      '/settings/numbering',
      {
        schema: {
          tags,
          summary: 'Set the number patterns (400 names the field and the reason of a bad pattern); used from the next create on',
          body: numberingPatterns,
          response: { 200: numberingSettings, ...errors },
        },
      },
      async (req) => service.setNumbering(deps, req.ctx(), req.body),
    );
    app.post(
      '/settings/numbering/preview',
      { schema: { tags, summary: 'Check number patterns and show the next numbers, without saving', body: numberingPreviewBody, response: { 200: numberingSettings, ...errors } } },
      async (req) => service.previewNumbering(deps, req.ctx(), req.body),
    );
  };
}
