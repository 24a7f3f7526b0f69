import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { SegmentEntity, SegmentGroup, SegmentKind } from '../../../contracts/segments.ts';
import { businessColumns, softDelete } from './columns.ts';
import { departments, users } from './org.table.ts';

/**
 * 客户分群: saved segments over customers, contacts or leads. A dynamic one keeps its condition
 * tree and is evaluated when used, in the user's scope; a static list (静态名单) keeps its records
 * in segment_records.
 */
export const segments = pgTable(
  'segments',
  {
    ...businessColumns(),
    ...softDelete(),
    name: text('name').notNull(),
    description: text('description'),
    entity: text('entity').$type<SegmentEntity>().notNull(),
    kind: text('kind').$type<SegmentKind>().notNull(),
    definition: jsonb('definition').$type<SegmentGroup>(),
    /** Offered to everyone who reads segments; each counts it in their own scope. */
    shared: boolean('shared').notNull().default(false),
    /** A static list taken as a snapshot: the segment it was taken from. */
    sourceSegmentId: uuid('source_segment_id').references((): AnyPgColumn => segments.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
  },
  (t) => [
    index('segments_owner_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('segments_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('segments_shared_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null and ${t.shared}`),
  ],
);

/** The records of a static list: ids of the list's entity (a record deleted later drops out when read). */
export const segmentRecords = pgTable(
  'segment_records',
  {
    segmentId: uuid('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    recordId: uuid('record_id').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    addedBy: uuid('added_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.recordId] }), index('segment_records_record_idx').on(t.recordId)],
);
