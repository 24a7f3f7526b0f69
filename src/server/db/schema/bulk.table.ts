import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.ts';

export type BulkJobEntity = 'customer' | 'lead';
export type BulkJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Records skipped for one reason: a message key and its parameters, so it reads in the reader's language. */
export interface StoredSkipReason {
  key: string;
  params?: Record<string, string | number>;
  count: number;
}

/**
 * 批量操作任务: a bulk action too large to run in the request (modules/bulk). It keeps the records
 * it works on, in order, and how far it got: each batch of records is written in one transaction
 * together with the counts, so a job picked up again after a crash carries on where it stopped.
 */
export const bulkJobs = pgTable(
  'bulk_jobs',
  {
    ...businessColumns(),
    entity: text('entity').$type<BulkJobEntity>().notNull(),
    action: text('action').notNull(),
    /** What the action sets (owner, tag, stage, status). */
    params: jsonb('params').$type<Record<string, string>>().notNull().default({}),
    recordIds: uuid('record_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status').$type<BulkJobStatus>().notNull().default('queued'),
    total: integer('total').notNull(),
    processed: integer('processed').notNull().default(0),
    doneCount: integer('done_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    reasons: jsonb('reasons').$type<StoredSkipReason[]>().notNull().default([]),
    /** Why the job stopped when it could not go on (a message key). */
    failureKey: text('failure_key'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('bulk_jobs_created_by_idx').on(t.createdBy, t.createdAt)],
);
