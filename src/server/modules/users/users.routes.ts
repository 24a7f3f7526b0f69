import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { createUserBody, listUsersQuery, resetPasswordBody, resetPasswordResponse, updateUserBody, user } from '../../../contracts/users.ts';
import type { Deps } from '../../platform/deps.ts';
import * as users from './users.service.ts';

const tags = ['users'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function userRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/users',
      { schema: { tags, summary: 'Users within the caller’s data scope', querystring: listUsersQuery, response: { 200: page(user), ...errors } } },
      async (req) => users.listUsers(deps, req.ctx(), req.query),
    );
    app.get(
      '/users/:id',
      { schema: { tags, summary: 'One user', params: idParams, response: { 200: user, ...errors } } },
      async (req) => users.getUser(deps, req.ctx(), req.params.id),
    );
    app.post(
      '/users',
      {
        schema: {
          tags,
          summary: 'Create a user; they must change the given password at first login',
          body: createUserBody,
          response: { 201: user, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await users.createUser(deps, req.ctx(), req.body)),
    );
    app.patch(
      '/users/:id',
      { schema: { tags, summary: 'Update a user (send the version you read: 409 if stale)', params: idParams, body: updateUserBody, response: { 200: user, ...errors } } },
      async (req) => users.updateUser(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/users/:id/reset-password',
      {
        schema: {
          tags,
          summary: 'Set a new password (generated when omitted) that the user must change at next login',
          params: idParams,
          body: resetPasswordBody,
          response: { 200: resetPasswordResponse, ...errors },
        },
      },
      async (req) => users.resetPassword(deps, req.ctx(), req.params.id, req.body.newPassword),
    );
    app.post(
      '/users/:id/unlock',
      { schema: { tags, summary: 'Lift a lockout after failed logins', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await users.unlockUser(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
    app.delete(
      '/users/:id',
      { schema: { tags, summary: 'Delete a user (soft delete; sessions and tokens end)', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await users.deleteUser(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
