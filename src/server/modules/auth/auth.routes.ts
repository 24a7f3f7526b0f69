import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiToken,
  changePasswordBody,
  createTokenBody,
  createTokenResponse,
  loginBody,
  loginResponse,
  meResponse,
  updateProfileBody,
} from '../../../contracts/auth.ts';
import { errorResponse, idParams, okResponse } from '../../../contracts/common.ts';
import { SESSION_COOKIE } from '../../platform/access/sessions.ts';
import type { Deps } from '../../platform/deps.ts';
import * as auth from './auth.service.ts';

const tags = ['auth'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };

export function authRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Log in with username or email and password; sets the session cookie',
          body: loginBody,
          response: { 200: loginResponse, ...errors, 423: errorResponse },
        },
      },
      async (req, reply) => {
        const { session, user } = await auth.login(deps, req.body.username, req.body.password, {
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        void reply.setCookie(SESSION_COOKIE, session.secret, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: req.protocol === 'https',
          expires: session.expiresAt,
        });
        return { user, mustChangePassword: user.mustChangePassword, csrfToken: session.csrfToken };
      },
    );

    app.post(
      '/auth/logout',
      { config: { duringPasswordChange: true }, schema: { tags, summary: 'End the current session', response: { 200: okResponse, ...errors } } },
      async (req, reply) => {
        await auth.logout(deps, req.ctx());
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/auth/me',
      { config: { duringPasswordChange: true }, schema: { tags, summary: 'The logged-in user, their role and permissions', response: { 200: meResponse, ...errors } } },
      async (req) => ({ user: await auth.me(deps, req.ctx()), csrfToken: req.csrfToken }),
    );

    app.patch(
      '/auth/me',
      { schema: { tags, summary: 'Update one’s own display name or language', body: updateProfileBody, response: { 200: meResponse, ...errors } } },
      async (req) => ({ user: await auth.updateProfile(deps, req.ctx(), req.body), csrfToken: req.csrfToken }),
    );

    app.post(
      '/auth/password',
      {
        config: { duringPasswordChange: true, sessionOnly: true },
        schema: { tags, summary: 'Change one’s own password (ends one’s other sessions and revokes one’s API tokens; not with an API token)', body: changePasswordBody, response: { 200: okResponse, ...errors } },
      },
      async (req) => {
        await auth.changePassword(deps, req.ctx(), req.body.currentPassword, req.body.newPassword);
        return { ok: true as const };
      },
    );

    app.get(
      '/auth/tokens',
      { schema: { tags, summary: 'One’s personal API tokens', response: { 200: z.object({ items: z.array(apiToken) }), ...errors } } },
      async (req) => ({ items: await auth.listTokens(deps, req.ctx()) }),
    );

    app.post(
      '/auth/tokens',
      {
        config: { sessionOnly: true },
        schema: {
          tags,
          summary: 'Create a personal API token (read-only by default, 90 days unless an administrator sets longer); the secret is returned once. Not with an API token',
          body: createTokenBody,
          response: { 201: createTokenResponse, ...errors },
        },
      },
      async (req, reply) => {
        const result = await auth.createToken(deps, req.ctx(), req.body);
        return reply.status(201).send(result);
      },
    );

    app.delete(
      '/auth/tokens/:id',
      { schema: { tags, summary: 'Revoke a personal API token', params: idParams, response: { 200: okResponse, ...errors, 404: errorResponse } } },
      async (req) => {
        await auth.revokeToken(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
