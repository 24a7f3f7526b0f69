import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { permissionCatalogue } from '../../../contracts/access.ts';
import { errorResponse, idParams, okResponse } from '../../../contracts/common.ts';
import { createRoleBody, role, roleList, updateRoleBody } from '../../../contracts/roles.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './roles.service.ts';

const tags = ['roles'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function roleRoutes(deps: Deps): FastifyPluginAsyncZod {
  // A role holds permissions of the catalogue the manifests assemble: anything else is a 400 naming the item.
  const permission = z.enum(deps.modules.permissions as [string, ...string[]]);
  const createBody = createRoleBody.extend({ permissions: z.array(permission).max(200) });
  const updateBody = updateRoleBody.extend({ permissions: z.array(permission).max(200).optional() });
  const catalogue = { resources: deps.modules.resources.map(({ resource, actions }) => ({ resource, actions })) };
  return async (app) => {
    // Every signed-in user may read it: the profile page shows one's own rights with it.
    app.get(
      '/roles/catalogue',
      { schema: { tags, summary: 'The permission catalogue: each resource with its actions, as the modules declare them', response: { 200: permissionCatalogue, ...errors } } },
      async () => catalogue,
    );
    app.get('/roles', { schema: { tags, summary: 'All roles with their permissions and data scope', response: { 200: roleList, ...errors } } }, async (req) => ({
      items: await service.listRoles(deps, req.ctx()),
    }));
    app.get('/roles/:id', { schema: { tags, summary: 'One role', params: idParams, response: { 200: role, ...errors } } }, async (req) =>
      service.getRole(deps, req.ctx(), req.params.id),
    );
    app.post(
      '/roles',
      { schema: { tags, summary: 'Create a role (no right the caller lacks)', body: createBody, response: { 201: role, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.createRole(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/roles/:id',
      { schema: { tags, summary: 'Edit a role; the admin role’s rights are fixed', params: idParams, body: updateBody, response: { 200: role, ...errors } } },
      async (req) => service.updateRole(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete(
      '/roles/:id',
      { schema: { tags, summary: 'Delete an unused custom role', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteRole(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
