import { bigint, index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { RfmClass } from '../../../contracts/customer-value.ts';
import { customers } from './customers.table.ts';

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
