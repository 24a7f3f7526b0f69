import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, page } from '../../../contracts/common.ts';
import { listOutboxQuery, outboxMail, outboxMailDetail } from '../../../contracts/mail.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './mail.service.ts';

const tags = ['mail'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

export function mailRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/mail/outbox',
      {
        schema: {
          tags,
          summary: 'The outbox (发件箱): every mail Kehu wrote, newest first (needs setting:update)',
          description:
            'Keyset paginated. Without SMTP_URL mails are `unsent` and this is where they can be read; with it they are `queued` until the mail job sends them (`sent`), or gives up after 5 attempts (`failed`, with `lastError`).',
          querystring: listOutboxQuery,
          response: { 200: page(outboxMail), ...errors },
        },
      },
      async (req) => service.listOutbox(deps, req.ctx(), req.query),
    );
    app.get(
      '/mail/outbox/:id',
      { schema: { tags, summary: 'One mail of the outbox with its text (needs setting:update)', params: idParams, response: { 200: outboxMailDetail, ...errors } } },
      async (req) => service.getOutboxMail(deps, req.ctx(), req.params.id),
    );
  };
}
