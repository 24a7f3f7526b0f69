import type { z } from 'zod';
import type { AuditEntityTypes, AuditEntry, listAuditQuery } from '../../../contracts/audit.ts';
import type { Locale } from '../../../contracts/auth.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { translate } from '../../platform/http/messages.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import * as q from './audit.queries.ts';

export async function listAudit(deps: Deps, ctx: Ctx, query: z.infer<typeof listAuditQuery>) {
  requirePermission(ctx.actor, 'audit', 'read');
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listAudit(deps.db, ctx.actor, query, query.cursor, query.limit), () =>
    q.countAudit(deps.db, ctx.actor, query, deps.config.listExactTotal),
  );
  const page = toPage(
    rows,
    query.limit,
    (r) => [r.at, r.id],
    (r): AuditEntry => ({ ...r, at: r.at.toISOString() }),
  );
  return { ...page, ...total };
}

/**
 * Every record type the modules write to the audit log (their manifests' `auditTypes`), named
 * in the reader's language: the log's type column and its filter. A new module's types appear
 * here without a change to the audit module or the web.
 */
export function listAuditTypes(deps: Deps, ctx: Ctx, locale: Locale): AuditEntityTypes {
  requirePermission(ctx.actor, 'audit', 'read');
  return { items: [...deps.modules.auditTypes].map(([value, key]) => ({ value, label: translate(locale, key) })) };
}
