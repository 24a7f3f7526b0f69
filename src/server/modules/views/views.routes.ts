import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse } from '../../../contracts/common.ts';
import { createViewBody as createViewBodyOf, listViewsQuery as listViewsQueryOf, savedView, updateViewBody } from '../../../contracts/views.ts';
import type { Resource } from '../../../contracts/access.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './views.service.ts';

const tags = ['saved views'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export function viewRoutes(deps: Deps): FastifyPluginAsyncZod {
  // Views are kept per resource of the permission catalogue, which the manifests assemble.
  const resource = z.enum(deps.modules.resources.map((r) => r.resource) as [Resource, ...Resource[]]);
  const listViewsQuery = listViewsQueryOf.extend({ resource });
  const createViewBody = createViewBodyOf.extend({ resource });
  return async (app) => {
    app.get(
      '/saved-views',
      { schema: { tags, summary: 'One’s own and shared views of a list', querystring: listViewsQuery, response: { 200: z.object({ items: z.array(savedView) }), ...errors } } },
      async (req) => ({ items: await service.listViews(deps, req.ctx(), req.query.resource) }),
    );
    app.post(
      '/saved-views',
      { schema: { tags, summary: 'Save the filters, columns and sort of a list', body: createViewBody, response: { 201: savedView, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.createView(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/saved-views/:id',
      { schema: { tags, summary: 'Rename, share or change one’s view', params: idParams, body: updateViewBody, response: { 200: savedView, ...errors } } },
      async (req) => service.updateView(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete(
      '/saved-views/:id',
      { schema: { tags, summary: 'Delete one’s view (admins: any shared view)', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteView(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
