import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import {
  createSegmentBody,
  evaluateSegmentBody,
  listRecordsBody,
  listRecordsResult,
  listSegmentsQuery,
  segment,
  segmentCount,
  segmentPreview,
  snapshotSegmentBody,
  updateSegmentBody,
} from '../../../contracts/segments.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './segments.service.ts';

const tags = ['segments'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };
const previewQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });

export function segmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/segments',
      { schema: { tags, summary: 'Segments (客户分群) and static lists I keep or that are shared, newest first', querystring: listSegmentsQuery, response: { 200: page(segment), ...errors } } },
      async (req) => service.listSegments(deps, req.ctx(), req.query),
    );
    app.post(
      '/segments',
      { schema: { tags, summary: 'Save a dynamic segment (a condition tree) or an empty static list', body: createSegmentBody, response: { 201: segment, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.createSegment(deps, req.ctx(), req.body)),
    );
    app.post(
      '/segments/count',
      {
        schema: {
          tags,
          summary: 'Count the records a definition matches in my data scope, without saving it (the live count of the builder); 400 names each bad condition',
          body: evaluateSegmentBody,
          response: { 200: segmentCount, ...errors },
        },
      },
      async (req) => service.countDefinition(deps, req.ctx(), req.body),
    );
    app.post(
      '/segments/preview',
      { schema: { tags, summary: 'The count and the newest records a definition matches in my data scope, without saving it', body: evaluateSegmentBody, response: { 200: segmentPreview, ...errors } } },
      async (req) => service.evaluateDefinition(deps, req.ctx(), req.body),
    );
    app.get(
      '/segments/:id',
      { schema: { tags, summary: 'One segment or static list', params: idParams, response: { 200: segment, ...errors } } },
      async (req) => service.getSegment(deps, req.ctx(), req.params.id),
    );
    app.patch(
      '/segments/:id',
      { schema: { tags, summary: 'Rename, redefine or share a segment I keep', params: idParams, body: updateSegmentBody, response: { 200: segment, ...errors } } },
      async (req) => service.updateSegment(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete(
      '/segments/:id',
      { schema: { tags, summary: 'Delete a segment I keep', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteSegment(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/segments/:id/preview',
      { schema: { tags, summary: 'The count and the newest records of a saved segment, in my data scope', params: idParams, querystring: previewQuery, response: { 200: segmentPreview, ...errors } } },
      async (req) => service.segmentPreview(deps, req.ctx(), req.params.id, req.query.limit),
    );
    app.post(
      '/segments/:id/snapshot',
      {
        schema: {
          tags,
          summary: 'Keep what a segment selects now (in my scope) as a new static list of mine (静态名单), at most 100,000 records',
          params: idParams,
          body: snapshotSegmentBody,
          response: { 201: segment, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.snapshotSegment(deps, req.ctx(), req.params.id, req.body)),
    );
    app.post(
      '/segments/:id/records',
      { schema: { tags, summary: 'Add records I may see to a static list I keep (from the list pages’ selection)', params: idParams, body: listRecordsBody, response: { 200: listRecordsResult, ...errors } } },
      async (req) => service.changeListRecords(deps, req.ctx(), req.params.id, req.body, 'add'),
    );
    app.post(
      '/segments/:id/records/remove',
      { schema: { tags, summary: 'Take records out of a static list I keep', params: idParams, body: listRecordsBody, response: { 200: listRecordsResult, ...errors } } },
      async (req) => service.changeListRecords(deps, req.ctx(), req.params.id, req.body, 'remove'),
    );
  };
}
