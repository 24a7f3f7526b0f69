import { and, eq, isNull } from 'drizzle-orm';
import type { TimelineKind } from '../../../contracts/timeline.ts';
import type { DbOrTx } from '../../db/client.ts';
import { timelineEvents } from '../../db/schema/index.ts';
import { newId } from '../../db/ids.ts';

/**
 * What a module tells the customer timeline (客户时间轴). Modules publish entries in the
 * transaction of the change they describe, so an entry exists exactly when the change does; the
 * timeline module only reads them, and a new module adds entries without touching it.
 */
export interface TimelineEvent {
  /** `<record>.<what>`, e.g. `follow_up.logged`, declared in the publishing module's manifest. */
  kind: TimelineKind;
  customerId: string | null;
  /** Set for entries about a lead (they stay on the lead and join its customer on conversion). */
  leadId?: string | null;
  occurredAt: Date;
  actorId: string | null;
  /** The record the entry opens. */
  entityType: string;
  entityId: string;
  /** What the UI shows (no sensitive fields: every viewer of the customer sees these). */
  params?: Record<string, string | number | boolean | null>;
  /**
   * For records with a visibility of their own (a task): the viewer must also have this owner
   * or department in scope. Omitted = whoever sees the customer (or lead) sees the entry.
   */
  restrictedTo?: { ownerId: string; departmentId: string | null };
}

export async function publishTimeline(db: DbOrTx, events: TimelineEvent | TimelineEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  await db.insert(timelineEvents).values(
    list.map((e) => ({
      id: newId(),
      customerId: e.customerId,
      leadId: e.leadId ?? null,
      kind: e.kind,
      occurredAt: e.occurredAt,
      actorId: e.actorId,
      entityType: e.entityType,
      entityId: e.entityId,
      params: e.params ?? {},
      ownerId: e.restrictedTo?.ownerId ?? null,
      departmentId: e.restrictedTo?.departmentId ?? null,
    })),
  );
}

/** Keeps the entries about a record in step with it (an edited follow-up's time and summary). */
export async function updateTimelineEntity(
  db: DbOrTx,
  entity: { type: string; id: string },
  change: { occurredAt?: Date; params?: Record<string, string | number | boolean | null>; restrictedTo?: { ownerId: string; departmentId: string | null } },
  kind?: TimelineKind,
): Promise<void> {
  const set: Partial<typeof timelineEvents.$inferInsert> = {};
  if (change.occurredAt) set.occurredAt = change.occurredAt;
  if (change.params) set.params = change.params;
  if (change.restrictedTo) Object.assign(set, { ownerId: change.restrictedTo.ownerId, departmentId: change.restrictedTo.departmentId });
  if (Object.keys(set).length === 0) return;
  await db
    .update(timelineEvents)
    .set(set)
    .where(and(eq(timelineEvents.entityType, entity.type), eq(timelineEvents.entityId, entity.id), kind ? eq(timelineEvents.kind, kind) : undefined));
}

/** Takes the entries about a deleted record off the timeline. */
export async function removeTimelineEntity(db: DbOrTx, entity: { type: string; id: string }): Promise<void> {
  await db.delete(timelineEvents).where(and(eq(timelineEvents.entityType, entity.type), eq(timelineEvents.entityId, entity.id)));
}

/** A converted lead's entries become its customer's too (they keep their lead). */
export async function attachLeadTimelineToCustomer(db: DbOrTx, leadId: string, customerId: string): Promise<void> {
  await db.update(timelineEvents).set({ customerId }).where(and(eq(timelineEvents.leadId, leadId), isNull(timelineEvents.customerId)));
}

/** A merged customer's entries move to the survivor with its other records. */
export async function moveCustomerTimeline(db: DbOrTx, fromCustomerId: string, toCustomerId: string): Promise<void> {
  await db.update(timelineEvents).set({ customerId: toCustomerId }).where(eq(timelineEvents.customerId, fromCustomerId));
}
