import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarFeedCreated, calendarFeedStatus } from '../../../contracts/calendar.ts';
import { errorResponse, okResponse } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import { publicOrigin } from '../../platform/http/public-url.ts';
import { feedPath } from './calendar.rules.ts';
import * as service from './calendar.service.ts';

const tags = ['calendar'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };

/** Managing one's own feed, under /api/v1 (session or API token, CSRF on writes). */
export function calendarRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me/calendar-feed',
      { schema: { tags, summary: 'Whether one has a calendar feed, and when it was last fetched (the URL itself is shown only when created)', response: { 200: calendarFeedStatus, ...errors } } },
      async (req) => service.feedStatus(deps, req.ctx()),
    );
    app.post(
      '/me/calendar-feed',
      {
        config: { sessionOnly: true },
        schema: {
          tags,
          summary: 'Create one’s private iCalendar feed URL (returned once); a previous URL stops working. Not with an API token',
          response: { 201: calendarFeedCreated, ...errors },
        },
      },
      async (req, reply) => {
        const { token } = await service.createFeed(deps, req.ctx());
        return reply.status(201).send({ url: `${publicOrigin(req, deps.config.publicUrl)}${feedPath(token)}` });
      },
    );
    app.delete(
      '/me/calendar-feed',
      { schema: { tags, summary: 'Revoke one’s calendar feed URL (subscribed calendars stop updating)', response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.revokeFeed(deps, req.ctx());
        return { ok: true as const };
      },
    );
  };
}

/** An entity tag of the feed's text, so a calendar app polling an unchanged feed gets 304. */
function etagOf(body: string): string {
  return `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/**
 * `GET /ical/<token>.ics`, outside /api/v1: calendar apps send neither cookie nor CSRF token,
 * the token in the URL is the credential. Any token that does not open a feed gets the same
 * bare 404. Logged only from `warn` up, so the token stays out of the request log.
 */
export function calendarFeedRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/ical/:token.ics',
      {
        config: { public: true },
        logLevel: 'warn',
        schema: {
          tags,
          summary: 'A user’s private iCalendar feed (text/calendar, RFC 5545): their tasks and follow-up appointments',
          description:
            'No session: the token in the URL (from POST /api/v1/me/calendar-feed) is the credential. Unknown or revoked tokens answer 404 with an empty body. ' +
            'Events: open tasks and tasks closed in the last 90 days, due from 90 days ago to 365 days ahead, at most 2,000.',
          security: [],
          params: z.object({ token: z.string() }),
        },
      },
      async (req, reply) => {
        const body = await service.renderFeed(deps, req.params.token);
        if (body === null) return reply.status(404).header('cache-control', 'no-store').send();
        const etag = etagOf(body);
        void reply.header('cache-control', 'private, max-age=300').header('etag', etag).header('x-content-type-options', 'nosniff');
        if (matchesEtag(req.headers['if-none-match'], etag)) return reply.status(304).send();
        return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="kehu.ics"').send(body);
      },
    );
  };
}
