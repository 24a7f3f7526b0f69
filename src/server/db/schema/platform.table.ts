import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ViewConfig } from '../../../contracts/views.ts';
import { businessColumns } from './columns.ts';
import { newId } from '../ids.ts';
import { users } from './org.table.ts';

/** Installation-wide settings shared by every process (e.g. the generated app secret). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per occurrence of a scheduled job (job name + the occurrence time). Inserting the row
 * is how a scheduler claims the occurrence, so exactly one process enqueues it; `executions`
 * counts handler runs, which the multi-process test asserts is 1.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    runKey: text('run_key').notNull(),
    scheduledBy: text('scheduled_by').notNull(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    worker: text('worker'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    executions: integer('executions').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.job, t.runKey] })],
);

/**
 * Counters behind human-readable numbers (customer 2024-MANU-001, lead LX2024001, …). One row per
 * scope, e.g. `customer:2024:MANU`: the sequence restarts per year and industry, and a value is
 * handed out once — an UPSERT takes the row lock, so concurrent creates queue on it.
 */
export const numberSequences = pgTable('number_sequences', {
  scope: text('scope').primaryKey(),
  lastValue: integer('last_value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Saved list views (filters, columns, sort) per user, optionally shared. See contracts/views.ts. */
export const savedViews = pgTable(
  'saved_views',
  {
    ...businessColumns(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    resource: text('resource').notNull(),
    name: text('name').notNull(),
    shared: boolean('shared').notNull().default(false),
    config: jsonb('config').$type<ViewConfig>().notNull(),
  },
  (t) => [
    uniqueIndex('saved_views_user_resource_name_uq').on(t.userId, t.resource, sql`lower(${t.name})`),
    index('saved_views_resource_shared_idx').on(t.resource).where(sql`${t.shared}`),
  ],
);

/**
 * In-app notifications (站内通知). The text is rendered by the web UI from `kind` and `params`
 * in the reader's language, so a notification reads right after a language switch; `entityType`
 * and `entityId` say which record it is about (the UI links to it).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().$defaultFn(newId),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string | number | null>>().notNull().default({}),
    entityType: text('entity_type'),
    entityId: uuid('entity_id'),
    /** Same key twice for one user is one notification: jobs that re-run do not repeat themselves. */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt, t.id),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey),
  ],
);

/** A file attached to an outbox mail: its bytes are in the file storage under `storageKey`. */
export interface MailAttachmentRef {
  fileName: string;
  contentType: string;
  size: number;
  storageKey: string;
}

/**
 * 发件箱: every e-mail Kehu sends is first written here, in the transaction of what caused it
 * (a reminder, a digest). The mail job delivers queued rows over SMTP when SMTP is configured;
 * without SMTP they stay `unsent` and admins read them in the outbox page.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().$defaultFn(newId),
    toAddress: text('to_address').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** Copies (Cc), e.g. the salesperson on a quote mailed to a customer's contact. */
    cc: text('cc').array().notNull().default(sql`'{}'::text[]`),
    /**
     * Files sent with the mail, by storage key: the key belongs to the record that stored the file
     * (a quote's PDF is an attachment of its opportunity), so the outbox keeps no bytes of its own.
     */
    attachments: jsonb('attachments').$type<MailAttachmentRef[]>().notNull().default(sql`'[]'::jsonb`),
    /** queued → sent | failed (after the retries); unsent when no SMTP server is configured. */
    status: text('status').$type<'queued' | 'sent' | 'failed' | 'unsent'>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mail_outbox_created_idx').on(t.createdAt, t.id), index('mail_outbox_queued_idx').on(t.createdAt).where(sql`${t.status} = 'queued'`)],
);
