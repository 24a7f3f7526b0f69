/**
 * The integration tests that also run on an external PostgreSQL (`npm run test:pg`, in CI the
 * oldest Debian PostgreSQL installed), instead of the whole suite a second time. `npm test` runs
 * everything on the embedded PostgreSQL; a test belongs here when its outcome can depend on the
 * server: SQL features and functions, collations and the locale (pg_trgm on Chinese text), locks
 * and concurrency, LISTEN/NOTIFY, migrations, error texts, a second process on the same database.
 * Every business module also has one test here (its smoke test: its tables, constraints and
 * queries on the other server); `test/pg-set.test.ts` fails when a module has none or an entry
 * names a file that no longer exists. Pick a module's lightest file that still writes and reads
 * its tables, and say why in a word; budget in docs/benchmarks.md (Test suite and CI timings).
 */
export interface PgSetEntry {
  file: string;
  why: string;
  /** Modules without route tests of their own whose code this test runs (a module with no routes). */
  covers?: string[];
}

export const PG_SET: PgSetEntry[] = [
  // Server behaviour, not tied to one module.
  { file: 'src/server/db/bigrams.int.test.ts', why: 'an SQL function over Chinese text: depends on the locale the server was created with' },
  { file: 'src/server/platform/numbering/sequences.int.test.ts', why: 'row locks under 60 concurrent transactions, rollback' },
  { file: 'src/server/platform/events/pg-listener.int.test.ts', why: 'LISTEN/NOTIFY, pg_terminate_backend and reconnection' },
  { file: 'src/server/platform/logging.int.test.ts', why: 'the texts and SQLSTATEs of the server’s errors' },
  { file: 'test/integration/jobs.test.ts', why: 'pg-boss, advisory locks and two worker processes racing on one database' },
  { file: 'test/integration/process.test.ts', why: 'API and worker as separate processes on a DATABASE_URL, as operators run them' },

  // One per module at least (the smoke test), more where the server can make a difference.
  { file: 'src/server/modules/attachments/attachments.active.routes.test.ts', why: 'smoke: attachment rows and their checks' },
  { file: 'src/server/modules/audit/audit.routes.test.ts', why: 'pg_trgm text search over the audit log, keyset pages' },
  { file: 'src/server/modules/auth/auth.throttle.routes.test.ts', why: 'login attempts counted in time windows' },
  { file: 'src/server/modules/bulk/bulk.routes.test.ts', why: 'savepoints inside a batch transaction, uuid[] slices for a job’s progress' },
  { file: 'src/server/modules/calendar/calendar.routes.test.ts', why: 'smoke: calendar tokens and the task feed, 304 on an unchanged feed' },
  { file: 'src/server/modules/campaigns/campaigns.routes.test.ts', why: 'smoke: campaigns and their costs summed under a row lock' },
  { file: 'src/server/modules/campaign-members/campaign-members.routes.test.ts', why: 'statement triggers with transition tables and jsonb on leads, partial unique indexes' },
  { file: 'src/server/modules/campaign-reports/campaign-reports.routes.test.ts', why: 'last touch through a lateral subquery over jsonb sources and unions, grouped counts with filters' },
  { file: 'src/server/modules/mailings/mailings.routes.test.ts', why: 'jsonb_to_recordset updates, FOR UPDATE SKIP LOCKED claims, session advisory locks, window functions for the sample' },
  { file: 'src/server/modules/lead-forms/lead-forms.routes.test.ts', why: 'smoke: forms and submissions, counted per address in time windows, leads registered in the same transaction' },
  { file: 'src/server/modules/sms/sms.routes.test.ts', why: 'regular expressions over text[] phones, jsonb_to_recordset receipts, CTEs that update and insert' },
  { file: 'src/server/modules/segments/segments.routes.test.ts', why: 'condition trees as SQL: recursive department CTEs, jsonb, time zones in date conditions' },
  { file: 'src/server/modules/customer-value/customer-value.routes.test.ts', why: 'RFM in one statement per batch: CTEs that update and insert, a BEFORE UPDATE trigger, numeric means' },
  { file: 'src/server/modules/catalog/catalog.routes.test.ts', why: 'smoke: industries and tags, unique by name regardless of case' },
  { file: 'src/server/modules/contacts/contacts.routes.test.ts', why: 'smoke: contacts, phone and e-mail duplicates' },
  { file: 'src/server/modules/sales-contracts/sales-contracts.routes.test.ts', why: 'smoke: contracts, plans and payments (numeric sums)' },
  { file: 'src/server/modules/customers/customers.list-parts.int.test.ts', why: 'merged query parts must equal one plain query: ordering and collation' },
  { file: 'src/server/modules/customers/customers.merge.int.test.ts', why: 'reads the foreign keys to customers from the server’s catalog' },
  { file: 'src/server/modules/customers/names/names.routes.test.ts', why: 'near-duplicate names by pg_trgm similarity on Chinese text' },
  { file: 'src/server/modules/departments/departments.routes.test.ts', why: 'recursive CTEs over the department tree' },
  { file: 'src/server/modules/exports/exports.routes.test.ts', why: 'streams a query’s rows in batches, in the list order' },
  { file: 'src/server/modules/feedback/feedback.routes.test.ts', why: 'smoke: feedback records' },
  { file: 'src/server/modules/followups/followups.routes.test.ts', why: 'smoke: follow-ups, cadence dates', covers: ['followup-cadence'] },
  { file: 'src/server/modules/imports/imports.routes.test.ts', why: 'bulk inserts in batches, number blocks' },
  { file: 'src/server/modules/leads/assignment.routes.test.ts', why: 'round-robin assignment under row locks' },
  { file: 'src/server/modules/mail/mail.routes.test.ts', why: 'smoke: the outbox' },
  { file: 'src/server/modules/notifications/notifications.routes.test.ts', why: 'the notify trigger and LISTEN, live to an event stream' },
  { file: 'src/server/modules/numbering/numbering.routes.test.ts', why: 'smoke: number formats and sequences' },
  { file: 'src/server/modules/opportunities/opportunities.routes.test.ts', why: 'forecast grouped by month at the business time zone' },
  { file: 'src/server/modules/orders/orders.routes.test.ts', why: 'smoke: orders, lines and totals' },
  { file: 'src/server/modules/pool/pool.routes.test.ts', why: 'first come, first served claims; the reclaim job' },
  { file: 'src/server/modules/products/products.routes.test.ts', why: 'smoke: products and prices' },
  { file: 'src/server/modules/quotes/quotes.routes.test.ts', why: 'smoke: quotes, their totals and their expiry job' },
  { file: 'src/server/modules/home/home.routes.test.ts', why: 'smoke: team figures; this month at the business time zone, FILTER aggregates' },
  { file: 'src/server/modules/search/search.routes.test.ts', why: 'smoke: the global search; pg_trgm contains-matches on numbers and phone digits, LIKE on Chinese text' },
  { file: 'src/server/modules/roles/roles.migrations.int.test.ts', why: 'a data migration replayed on an older install' },
  { file: 'src/server/modules/tasks/tasks.routes.test.ts', why: 'smoke: tasks and their due dates' },
  { file: 'src/server/modules/timeline/timeline.routes.test.ts', why: 'smoke: the timeline’s keyset pages over several kinds' },
  { file: 'src/server/modules/users/users.routes.test.ts', why: 'smoke: users, roles and scopes' },
  { file: 'src/server/modules/views/views.routes.test.ts', why: 'smoke: saved views (JSON columns)' },
];
