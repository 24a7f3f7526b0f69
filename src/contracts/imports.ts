import { z } from 'zod';
import { customerFilters, CUSTOMER_SORTS, uuidList } from './customers.ts';
import { isoDateTime } from './common.ts';
import { LEAD_SORTS, listLeadsQuery } from './leads.ts';

/** Request and response shapes of imports (导入) and exports (导出) of customers, contacts and leads. */

export const IMPORT_ENTITIES = ['customer', 'contact', 'lead'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];
export const importEntitySchema = z.enum(IMPORT_ENTITIES);

/**
 * What to do with a row that matches an existing record: leave the record alone, fill it from
 * the row, or create a new record anyway. For leads `update` is the API's own same-prospect merge
 * (the channel is added to the lead's sources, empty fields are filled).
 */
export const DUPLICATE_POLICIES = ['skip', 'update', 'create'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
export const duplicatePolicySchema = z.enum(DUPLICATE_POLICIES);

export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Largest file an import takes, and most data rows. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 100_000;

export const columnMapping = z
  .record(z.string().max(300), z.string().max(50).nullable())
  .refine((m) => Object.keys(m).length <= 500, { message: 'validation.tooManyColumns' })
  .meta({ description: 'File header → field key, or null for a column that is not imported' });

export const uploadImportQuery = z.object({
  entity: importEntitySchema,
  fileName: z.string().trim().min(1).max(200).meta({ description: 'Shown in the import history; the type is detected from the content' }),
});

export const importTemplateQuery = z.object({ entity: importEntitySchema });

export const importField = z.object({
  key: z.string(),
  label: z.string().meta({ description: 'In the caller’s language' }),
  required: z.boolean(),
});

export const importRowError = z.object({
  row: z.number().int().meta({ description: 'Row number as Excel shows it (for CSV: the record number)' }),
  field: z.string().nullable().meta({ description: 'Field key, or null for the row as a whole' }),
  message: z.string(),
});

export const importCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int().meta({ description: 'Rows with at least one error' }),
});

/** Fields whose values must be in one of Kehu's lists: source channel, industry, tags. */
export const IMPORT_VALUE_FIELDS = ['sourceChannel', 'channel', 'industry', 'tags'] as const;
export const importValueField = z.enum(IMPORT_VALUE_FIELDS);
export type ImportValueField = z.infer<typeof importValueField>;

/** Per field, a value as written in the file → the key (channel, industry code) or tag id it means, or null to leave the field empty. */
export const valueMapping = z
  .partialRecord(importValueField, z.record(z.string().max(300), z.string().max(100).nullable()).refine((m) => Object.keys(m).length <= 1000, { message: 'validation.tooManyValues' }))
  .meta({ description: 'Per field: value in the file → key or id in Kehu’s list, or null to leave the field empty' });
export type ValueMappingBody = z.infer<typeof valueMapping>;

export const importJob = z
  .object({
    id: z.uuid(),
    entity: importEntitySchema,
    fileName: z.string(),
    status: z.enum(IMPORT_STATUSES),
    headers: z.array(z.string()),
    mapping: columnMapping.nullable(),
    duplicatePolicy: duplicatePolicySchema,
    valueMapping,
    totalRows: z.number().int().nullable(),
    processedRows: z.number().int(),
    counts: importCounts,
    errors: z.array(importRowError).meta({ description: 'Row errors of the last dry run or run (the first 1,000; the error report has all)' }),
    skipped: z.array(importRowError).meta({ description: 'Rows left out on purpose (a duplicate under "skip"), each with the reason' }),
    failure: z.string().nullable().meta({ description: 'Why the run failed when it was not row errors (e.g. the file could not be read)' }),
    createdAt: isoDateTime,
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'ImportJob' });
export type ImportJob = z.infer<typeof importJob>;

export const uploadImportResponse = z.object({
  job: importJob,
  fields: z.array(importField),
  sampleRows: z.array(z.record(z.string(), z.string())).meta({ description: 'The first rows of the file, by header' }),
  proposedMapping: columnMapping,
  mappingRemembered: z.boolean().meta({ description: 'The proposal is the mapping this user chose last time for a file with the same headers' }),
});
export type UploadImportResponse = z.infer<typeof uploadImportResponse>;

export const runImportBody = z
  .object({ validOnly: z.boolean().default(false).meta({ description: 'Write the rows that pass and list the others, instead of all or nothing' }) })
  .default({ validOnly: false });

export const setImportMappingBody = z.object({ mapping: columnMapping, duplicatePolicy: duplicatePolicySchema });

export const setImportValuesBody = z.object({ valueMapping });

export const importValueOption = z.object({ key: z.string(), label: z.string() });

/** The values of a file outside Kehu's lists, each once, with the closest entry of the list. */
export const importValuesResponse = z.object({
  items: z.array(
    z.object({
      field: importValueField,
      value: z.string(),
      rows: z.number().int().meta({ description: 'How many rows hold it' }),
      firstRow: z.number().int(),
      suggestion: z.string().nullable().meta({ description: 'Key or id of the closest entry (by name or synonym), null when nothing is close' }),
    }),
  ),
  options: z.partialRecord(importValueField, z.array(importValueOption)).meta({ description: 'The entries each field may take, in the caller’s language' }),
  valueMapping: valueMapping.meta({ description: 'The answers given so far' }),
  canAdd: z.object({ channel: z.boolean(), tag: z.boolean() }).meta({ description: 'Whether the caller may add a channel or a tag to the list (admins)' }),
});
export type ImportValuesResponse = z.infer<typeof importValuesResponse>;

export const dryRunResponse = z.object({
  totalRows: z.number().int(),
  counts: importCounts.meta({ description: 'What a run would do' }),
  errors: z.array(importRowError),
  skipped: z.array(importRowError).meta({ description: 'Rows a run would leave out, with the reason' }),
});
export type DryRunResponse = z.infer<typeof dryRunResponse>;

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
const exportFormat = z.enum(EXPORT_FORMATS).default('xlsx');

/** The customer list's own query (filters and sort), without paging, plus the file format. */
/** Most ids an export of selected rows carries in its query string (a list page holds at most 200). */
export const EXPORT_MAX_IDS = 200;
/** 导出所选: only these records (the rows selected on the list), on top of the filters. */
const exportIds = uuidList(EXPORT_MAX_IDS).optional().meta({ description: `Comma-separated ids: export only these (the selected rows, at most ${EXPORT_MAX_IDS})` });
export const exportCustomersQuery = customerFilters.extend({ sort: z.enum(CUSTOMER_SORTS).default('-createdAt'), format: exportFormat, ids: exportIds });
/** Contacts of the customers the customer filters select. */
export const exportContactsQuery = customerFilters.extend({ format: exportFormat });
export const exportLeadsQuery = listLeadsQuery.omit({ limit: true, cursor: true }).extend({ sort: z.enum(LEAD_SORTS).default('-createdAt'), format: exportFormat, ids: exportIds });
