import type { z } from 'zod';
import type { listOutboxQuery, OutboxMail, OutboxMailDetail } from '../../../contracts/mail.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import * as q from '../../platform/mail/outbox.queries.ts';

type ListRow = Awaited<ReturnType<typeof q.listOutbox>>[number];

function toMail(row: ListRow): OutboxMail {
  return {
    id: row.id,
    to: row.toAddress,
    userId: row.userId,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/**
 * The outbox is the installation's mail, with customers' names and users' addresses in it: only
 * those who may change settings (admins) read it. Reading is not audited.
 */
export async function listOutbox(deps: Deps, ctx: Ctx, query: z.infer<typeof listOutboxQuery>) {
  requirePermission(ctx.actor, 'setting', 'update');
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listOutbox(deps.db, { status: query.status, cursor: query.cursor, limit: query.limit }), () =>
    q.countOutbox(deps.db, { status: query.status, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.createdAt, r.id], toMail), ...total };
}

export async function getOutboxMail(deps: Deps, ctx: Ctx, id: string): Promise<OutboxMailDetail> {
  requirePermission(ctx.actor, 'setting', 'update');
  const row = await q.findMail(deps.db, id);
  if (!row) throw notFound('mail');
  return {
    ...toMail(row),
    cc: row.cc,
    attachments: row.attachments.map((a) => ({ fileName: a.fileName, contentType: a.contentType, size: a.size })),
    text: row.text,
    html: row.html,
  };
}
