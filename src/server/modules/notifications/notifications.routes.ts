import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { listNotificationsQuery, notification, unreadCount } from '../../../contracts/notifications.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './notifications.service.ts';

const tags = ['notifications'];
const errors = { 400: errorResponse, 401: errorResponse, 404: errorResponse };

export function notificationRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
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
