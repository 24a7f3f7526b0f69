import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { listNotificationsQuery, notification, unreadCount } from '../../../contracts/notifications.ts';
import { stillSignedIn } from '../../platform/access/recheck.ts';
import type { Deps } from '../../platform/deps.ts';
import { sendEventStream, sseComment, sseRetry } from '../../platform/http/sse.ts';
import { createNotificationHub, type LiveStream } from './notifications.live.ts';
import * as service from './notifications.service.ts';

const tags = ['notifications'];
const errors = { 400: errorResponse, 401: errorResponse, 404: errorResponse };

/** How long a browser waits before reconnecting a dropped stream. */
const RECONNECT_MS = 5_000;

const STREAM_DESCRIPTION = `Server-Sent Events (\`text/event-stream\`, e.g. \`new EventSource('/api/v1/notifications/stream', { withCredentials: true })\`). Events, each with JSON data:

- \`unread\` — \`{"unread": <count>}\`: sent when the stream opens and whenever one's notifications change (a new one, one marked read);
- \`notification\` — a Notification (as in GET /notifications) that is new since the stream opened, right after its \`unread\`.

A comment line (\`: ping\`) is sent every 25 seconds; at that moment the session (or API token) is checked again, and the stream ends once it is no longer valid (logout, expiry, disabled user) — holding the stream open does not keep a session alive. The browser then reconnects and gets 401, which ends its retries.`;

export function notificationRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const hub = createNotificationHub(deps, app.live.listener, app.log);
    app.live.countStreams(() => hub.size);
    // Open streams would keep the server from closing.
    app.addHook('preClose', async () => hub.close());

    app.get(
      '/notifications/stream',
      {
        schema: {
          tags,
          summary: 'Live unread count and new notifications (Server-Sent Events)',
          description: STREAM_DESCRIPTION,
          response: {
            200: { description: 'An endless event stream', content: { 'text/event-stream': { schema: z.string() } } },
            401: errorResponse,
          },
        },
      },
      async (req, reply) => {
        const { actor } = req.ctx();
        const out = new PassThrough();
        let ended = false;
        let checking = false;
        const stream: LiveStream = {
          userId: actor.userId,
          write: (chunk) => {
            if (!ended) out.write(chunk);
          },
          end: () => finish(),
        };
        const heartbeat = setInterval(() => {
          if (checking || ended) return;
          checking = true;
          void stillSignedIn(deps, actor)
            .then(
              (ok) => (ok ? stream.write(sseComment('ping')) : finish()),
              // The database did not answer: keep the stream, ask again at the next heartbeat.
              () => stream.write(sseComment('ping')),
            )
            .finally(() => {
              checking = false;
            });
        }, app.live.heartbeatMs);
        const remove = hub.add(stream);
        function finish(): void {
          if (ended) return;
          ended = true;
          clearInterval(heartbeat);
          remove();
          out.end();
        }
        // The client went away (tab closed, network lost) or the response ended.
        reply.raw.on('close', finish);
        out.write(sseRetry(RECONNECT_MS));
        return sendEventStream(reply, out);
      },
    );
    app.get(
      '/notifications',
      { schema: { tags, summary: 'One’s own in-app notifications, newest first', querystring: listNotificationsQuery, response: { 200: page(notification), ...errors } } },
      async (req) => service.listMine(deps, req.ctx(), req.query),
    );
    app.get('/notifications/unread-count', { schema: { tags, summary: 'How many are unread (for the bell)', response: { 200: unreadCount, ...errors } } }, async (req) => ({
      unread: await service.unreadCount(deps, req.ctx()),
    }));
    app.post('/notifications/:id/read', { schema: { tags, summary: 'Mark one as read', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.markRead(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
    app.post('/notifications/read-all', { schema: { tags, summary: 'Mark all as read', response: { 200: z.object({ marked: z.number().int() }), ...errors } } }, async (req) => ({
      marked: await service.markAllRead(deps, req.ctx()),
    }));
  };
}
