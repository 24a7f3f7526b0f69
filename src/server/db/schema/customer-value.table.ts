import { sql } from 'drizzle-orm';
import { bigint, index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { RfmClass } from '../../../contracts/customer-value.ts';
import { customers } from './customers.table.ts';

/**
 * 客户价值分层: a customer's RFM class, in a narrow table of its own rather than on customers: a
 * run rewrites up to every class, and a customers row carries a dozen indexes (a GIN among them)
 * that each such update would add to. No row: 无交易.
 */
export const customerRfm = pgTable(
  'customer_rfm',
  {
    customerId: uuid('customer_id')
      .primaryKey()
      .references(() => customers.id, { onDelete: 'cascade' }),
    rfmClass: text('rfm_class').$type<RfmClass>().notNull(),
    /** Since when it has this class. */
    rfmAt: timestamp('rfm_at', { withTimezone: true }).notNull(),
    recencyDays: integer('recency_days'),
    frequency: integer('frequency').notNull(),
    monetaryFen: bigint('monetary_fen', { mode: 'number' }).notNull(),
  },
  (t) => [index('customer_rfm_class_idx').on(t.rfmClass, t.customerId)],
);

/** Customers whose paid figures changed since they were classed (a trigger on customers writes them, migration 0047). */
export const customerRfmMarks = pgTable('customer_rfm_marks', {
  customerId: uuid('customer_id')
    .primaryKey()
    .references(() => customers.id, { onDelete: 'cascade' }),
  markedAt: timestamp('marked_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
});

/** 客户价值分层 history: one row each time a customer's RFM class changes. */
export const customerRfmHistory = pgTable(
  'customer_rfm_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    rfmClass: text('rfm_class').$type<RfmClass>().notNull(),
    previousClass: text('previous_class').$type<RfmClass>(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    recencyDays: integer('recency_days'),
    frequency: integer('frequency').notNull(),
    monetaryFen: bigint('monetary_fen', { mode: 'number' }).notNull(),
  },
  (t) => [index('customer_rfm_history_customer_idx').on(t.customerId, t.changedAt)],
);

/** One RFM run: the thresholds it used and what it changed (the settings screen shows the last). */
export const rfmRuns = pgTable('rfm_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').$type<'full' | 'changed'>().notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  windowMonths: integer('window_months').notNull(),
  recencyDays: numeric('recency_days', { mode: 'number' }),
  frequency: numeric('frequency', { mode: 'number' }),
  monetaryFen: numeric('monetary_fen', { mode: 'number' }),
  customers: integer('customers').notNull().default(0),
  changed: integer('changed').notNull().default(0),
});
