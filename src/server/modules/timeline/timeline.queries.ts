import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { timelineEvents, users } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { afterCursor, orderBy, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';

export const timelineSort: SortKey = { column: timelineEvents.occurredAt, type: 'timestamptz', direction: 'desc' };

/**
 * Entries about records with their own visibility (tasks) carry their owner and department:
 * the viewer sees them only with that owner or department in scope, as in the record's own list.
 */
function restrictedEntriesVisible(actor: Actor): SQL | undefined {
  switch (actor.dataScope) {
    case 'all':
      return undefined;
    case 'department':
      return or(
        isNull(timelineEvents.ownerId),
        eq(timelineEvents.ownerId, actor.userId),
        actor.departmentIds.length > 0 ? inArray(timelineEvents.departmentId, [...actor.departmentIds]) : undefined,
      );
    case 'own':
      return or(isNull(timelineEvents.ownerId), eq(timelineEvents.ownerId, actor.userId));
  }
}

/** `kind` starting with one of the prefixes (`follow_up` matches `follow_up.logged`). */
function kindsFilter(prefixes: string[]): SQL | undefined {
  if (prefixes.length === 0) return undefined;
  return or(...prefixes.map((p) => sql`${timelineEvents.kind} like ${`${p.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`}`));
}

/** A record's timeline as `viewer` sees it, of the kinds starting with one of `kinds` (all kinds for none). */
type TimelineOf = { customerId: string } | { leadId: string };

function timelineWhere(of: TimelineOf, viewer: Actor, kinds: string[]) {
  const owner = 'customerId' in of ? eq(timelineEvents.customerId, of.customerId) : eq(timelineEvents.leadId, of.leadId);
  return and(owner, restrictedEntriesVisible(viewer), kindsFilter(kinds));
}

export async function listTimeline(db: DbOrTx, opts: { of: TimelineOf; viewer: Actor; kinds: string[]; cursor?: string; limit: number }) {
  return db
    .select({ event: timelineEvents, actorName: users.displayName })
    .from(timelineEvents)
    .leftJoin(users, eq(users.id, timelineEvents.actorId))
    .where(and(timelineWhere(opts.of, opts.viewer, opts.kinds), afterCursor(timelineSort, timelineEvents.id, opts.cursor)))
    .orderBy(...orderBy(timelineSort, timelineEvents.id))
    .limit(opts.limit + 1);
}

/** The total of a timeline (listTimeline without cursor, order and limit). */
export function countTimeline(db: DbOrTx, opts: { of: TimelineOf; viewer: Actor; kinds: string[]; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, db.select({ id: timelineEvents.id }).from(timelineEvents).where(timelineWhere(opts.of, opts.viewer, opts.kinds)), opts.exactUpTo);
}
