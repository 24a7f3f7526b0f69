import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.ts';
import { users } from './org.table.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** What an import or a remembered mapping is about. */
export type ImportEntity = 'customer' | 'contact' | 'lead';
export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'succeeded' | 'failed';
export type DuplicatePolicy = 'skip' | 'update' | 'create';

/** One problem of one row, as a message key so the report reads in the reader's language. */
export interface StoredRowError {
  row: number;
  field: string | null;
  key: string;
  params?: Record<string, string | number>;
  /** Not an error: a row left out on purpose (a duplicate under "skip"), listed with its reason. */
  skipped?: boolean;
}

/**
 * 导入任务: an uploaded spreadsheet and what became of it. The file itself is kept here (bytea)
 * rather than on a local disk, so whichever process runs the job (API and workers may be
 * different machines) reads the same bytes; it is dropped once the import has finished and the
 * error report is no longer needed (see imports.jobs.ts).
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    ...businessColumns(),
    entity: text('entity').$type<ImportEntity>().notNull(),
    fileName: text('file_name').notNull(),
    fileType: text('file_type').$type<'xlsx' | 'csv'>().notNull(),
    fileSize: integer('file_size').notNull(),
    file: bytea('file'),
    headers: jsonb('headers').$type<string[]>().notNull(),
    headerSignature: text('header_signature').notNull(),
    /** Data rows in the file, known once it has been read through (dry run or run). */
    totalRows: integer('total_rows'),
    mapping: jsonb('mapping').$type<Record<string, string | null>>(),
    duplicatePolicy: text('duplicate_policy').$type<DuplicatePolicy>().notNull().default('skip'),
    /**
     * Values of the file outside Kehu's lists, as the user confirmed them in the wizard: per field,
     * the value as written → the key it means (线上广告 → search_ads), or null to leave it empty.
     */
    valueMapping: jsonb('value_mapping').$type<Record<string, Record<string, string | null>>>().notNull().default({}),
    status: text('status').$type<ImportStatus>().notNull().default('uploaded'),
    /** Rows handled so far by the running job (the progress bar). */
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    /** Row errors of the last dry run or run (capped, see imports.rules.ts). */
    errors: jsonb('errors').$type<StoredRowError[]>().notNull().default([]),
    /** The records this import created and updated, in file order: the compact per-row audit trail. */
    createdIds: uuid('created_ids').array().notNull().default(sql`'{}'::uuid[]`),
    updatedIds: uuid('updated_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Why the whole run failed when it was not a row error (e.g. the file could not be read). */
    failureKey: text('failure_key'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_created_by_idx').on(t.createdBy, t.createdAt)],
);

/** The column mapping a user chose for a file layout (header signature), proposed again next time. */
export const importMappings = pgTable(
  'import_mappings',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    entity: text('entity').$type<ImportEntity>().notNull(),
    headerSignature: text('header_signature').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('import_mappings_uq').on(t.userId, t.entity, t.headerSignature)],
);
