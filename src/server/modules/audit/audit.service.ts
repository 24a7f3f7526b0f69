import type { z } from 'zod';
import type { AuditEntry, listAuditQuery } from '../../../contracts/audit.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { toPage } from '../../platform/http/pagination.ts';
import * as q from './audit.queries.ts';

export async function listAudit(deps: Deps, ctx: Ctx, query: z.infer<typeof listAuditQuery>) {
  requirePermission(ctx.actor, 'audit', 'read');
  const rows = await q.listAudit(deps.db, ctx.actor, query, query.cursor, query.limit);
  return toPage(
    rows,
    query.limit,
    (r) => [r.at, r.id],
    (r): AuditEntry => ({ ...r, at: r.at.toISOString() }),
  );
}
