import type { AuditAction, AuditEntityType } from '../../../contracts/audit.ts';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { Ctx } from '../access/actor.ts';
import { diffRecords } from './diff.ts';

export interface AuditEvent {
  action: AuditAction;
  /** Declared by a module manifest (`auditTypes`), which also names it for the audit log. */
  entityType: AuditEntityType;
  entityId: string | null;
  entityLabel?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  sensitive?: readonly string[];
}

/** Who did it, for events that happen before anyone is logged in (failed logins). */
export interface AuditSource {
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  now: Date;
}

export function sourceOf(ctx: Ctx): AuditSource {
  return { actorId: ctx.actor.userId, actorName: ctx.actor.displayName, ip: ctx.ip, now: ctx.now };
}

/**
 * Writes one audit entry. Call it inside the same transaction as the change it describes, so
 * the change and its record commit or roll back together.
 */
export async function writeAudit(db: DbOrTx, source: AuditSource | Ctx, event: AuditEvent): Promise<void> {
  const src = 'actor' in source ? sourceOf(source) : source;
  const hasDiff = event.before !== undefined || event.after !== undefined;
  const changes = hasDiff ? diffRecords(event.before ?? null, event.after ?? null, event.sensitive) : null;
  // A save that changed nothing is not an event worth a line in the history.
  if (event.action === 'update' && changes && Object.keys(changes).length === 0) return;
  await db.insert(auditLog).values({
    at: src.now,
    actorId: src.actorId,
    actorName: src.actorName,
    ip: src.ip,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    entityLabel: event.entityLabel ?? null,
    changes,
  });
}

/**
 * Writes many audit entries with multi-row INSERTs (bulk imports: one entry per updated record
 * without one statement per record). Same rules as writeAudit: unchanged updates are left out.
 */
export async function writeAuditMany(db: DbOrTx, source: AuditSource | Ctx, events: readonly AuditEvent[]): Promise<void> {
  const src = 'actor' in source ? sourceOf(source) : source;
  const rows: (typeof auditLog.$inferInsert)[] = [];
  for (const event of events) {
    const hasDiff = event.before !== undefined || event.after !== undefined;
    const changes = hasDiff ? diffRecords(event.before ?? null, event.after ?? null, event.sensitive) : null;
    if (event.action === 'update' && changes && Object.keys(changes).length === 0) continue;
    rows.push({ at: src.now, actorId: src.actorId, actorName: src.actorName, ip: src.ip, action: event.action, entityType: event.entityType, entityId: event.entityId, entityLabel: event.entityLabel ?? null, changes });
  }
  // 9 parameters a row: 1,000 rows stay well below PostgreSQL's 65,535 parameters per statement.
  for (let i = 0; i < rows.length; i += 1000) await db.insert(auditLog).values(rows.slice(i, i + 1000));
}
