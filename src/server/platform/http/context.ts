import type { FastifyInstance } from 'fastify';
import type { Locale } from '../../../contracts/auth.ts';
import type { Actor, Ctx } from '../access/actor.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { pickLocale } from './messages.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor | null;
    /** The use-case context of an authenticated request (401 without an actor). */
    ctx(): Ctx;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in (login, health checks). */
    public?: boolean;
    /** Reachable while the user still has to change their password. */
    duringPasswordChange?: boolean;
    /** Only for an interactive (cookie) session, never an API token: creating credentials, changing the password. */
    sessionOnly?: boolean;
  }
}

export function registerRequestContext(app: FastifyInstance, clock: Clock): void {
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('actor', null);
  app.decorateRequest('ctx', function (this: { actor: Actor | null; ip: string }) {
    if (!this.actor) throw new AppError('UNAUTHENTICATED');
    return { actor: this.actor, ip: this.ip, now: clock.now() };
  });
  app.addHook('onRequest', async (req) => {
    req.locale = pickLocale(req.headers['accept-language']);
  });
}
