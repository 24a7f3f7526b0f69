import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog, users } from '../../db/schema/index.ts';
import { viewerScope, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';

export const NEWEST_FIRST: SortKey = { column: auditLog.at, type: 'timestamptz', direction: 'desc' };

/** Scope `own` shows one's own actions; `department` also those of one's department subtree. */
export const auditScope: ScopeRule = {
  own: (actor) => eq(auditLog.actorId, actor.userId),
  inDepartments: (ids) => sql`${auditLog.actorId} in (select ${users.id} from ${users} where ${inArray(users.departmentId, [...ids])})`,
};

/** Must stay identical to the expression of audit_log_search_trgm_idx (migration 0002). */
const SEARCH_TEXT = sql`(coalesce(${auditLog.actorName}, '') || ' ' || coalesce(${auditLog.entityLabel}, '') || ' ' || coalesce(${auditLog.entityId}, ''))`;

export interface AuditFilters {
  actorId?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function filtersOf(f: AuditFilters): (SQL | undefined)[] {
  const like = f.q ? containsPattern(f.q) : null;
  return [
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.action ? sql`${auditLog.action} = ${f.action}` : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    like ? sql`${SEARCH_TEXT} ilike ${like}` : undefined,
    f.from ? gte(auditLog.at, new Date(f.from)) : undefined,
    f.to ? lte(auditLog.at, new Date(f.to)) : undefined,
  ];
}

export async function listAudit(db: DbOrTx, viewer: Viewer, filters: AuditFilters, cursor: string | undefined, limit: number) {
  return db
    .select()
    .from(auditLog)
    .where(and(viewerScope(viewer, auditScope), ...filtersOf(filters), afterCursor(NEWEST_FIRST, auditLog.id, cursor)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);
}

/** The total of an audit log list (listAudit without cursor, order and limit). */
export function countAudit(db: DbOrTx, viewer: Viewer, filters: AuditFilters, exactUpTo: number): Promise<ListTotal> {
  return countTotal(db, db.select({ id: auditLog.id }).from(auditLog).where(and(viewerScope(viewer, auditScope), ...filtersOf(filters))), exactUpTo);
}
