import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { findActorUser, findSessionActor, type ActorUser } from './actors.queries.ts';
import { actorFor } from './actors.ts';
import { checkApiToken, CSRF_HEADER, SESSION_COOKIE, sessionTokenHash, settleSession } from './sessions.ts';
import { safeEqual } from './secrets.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a read-only API token may call. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Resolves the caller of every /api request from a Bearer token or the session cookie, and
 * enforces what holds for all routes alike: 401 without a valid session, CSRF on
 * cookie-authenticated writes, no access for disabled users, nothing but the password
 * change for users who must change their password, read-only API tokens kept to GET and HEAD,
 * and routes marked `sessionOnly` (new credentials, the password) closed to tokens.
 */
export function registerAuthentication(app: FastifyInstance, deps: Deps): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const config = req.routeOptions.config;
    const isPublic = config.public === true;

    const authz = req.headers.authorization;
    if (authz?.toLowerCase().startsWith('bearer ')) {
      const check = await checkApiToken(deps, authz.slice(7).trim());
      if (!check.ok) throw new AppError('UNAUTHENTICATED');
      await resolveActor(req, deps, check.userId, { tokenId: check.tokenId });
      // A stolen token must not mint further credentials or lock its owner out.
      if (config.sessionOnly === true) throw new AppError('FORBIDDEN', { key: 'auth.sessionRequired' });
      if (check.scope === 'read' && !READ_METHODS.has(req.method)) throw new AppError('FORBIDDEN', { key: 'auth.tokenReadOnly' });
    } else {
      const secret = req.cookies[SESSION_COOKIE];
      if (secret) {
        // checkSession, with the user read in the same statement.
        const now = deps.clock.now();
        const found = await findSessionActor(deps.db, sessionTokenHash(deps, secret));
        const check = await settleSession(deps, found?.session, now);
        if (check.ok) {
          if (!SAFE_METHODS.has(req.method) && !isPublic) {
            const sent = req.headers[CSRF_HEADER];
            if (typeof sent !== 'string' || !safeEqual(sent, check.csrfToken)) throw new AppError('CSRF_FAILED');
          }
          await resolveActor(req, deps, check.userId, { sessionId: check.sessionId }, found?.user ?? null);
          req.csrfToken = check.csrfToken;
        } else {
          void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
    }
    if (isPublic) return;
    if (!req.actor) throw new AppError('UNAUTHENTICATED');
    if (req.actor.mustChangePassword && config.duringPasswordChange !== true) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
  });
}

async function resolveActor(
  req: FastifyRequest,
  deps: Deps,
  userId: string,
  via: { sessionId: string } | { tokenId: string },
  /** The user if read already (findSessionActor). */
  read?: ActorUser | null,
): Promise<void> {
  const user = read === undefined ? await findActorUser(deps.db, userId) : read;
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
  req.actor = await actorFor(deps.db, user, via);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** CSRF token of the cookie session, when the request came with one. */
    csrfToken: string | null;
  }
}

export function decorateCsrf(app: FastifyInstance): void {
  app.decorateRequest('csrfToken', null);
}
