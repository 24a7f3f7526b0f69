import { Readable, type Writable } from 'node:stream';
import { z } from 'zod';
import type { Locale } from '../../../contracts/auth.ts';
import {
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  type DryRunResponse,
  type ImportEntity,
  type ImportJob,
  type ImportValuesResponse,
  type setImportMappingBody,
  type setImportValuesBody,
  type UploadImportResponse,
} from '../../../contracts/imports.ts';
import { newId } from '../../db/ids.ts';
import { can, type Ctx } from '../../platform/access/actor.ts';
import { requirePermission, seesSensitive } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, businessRule, invalid, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { issueMessage } from '../../platform/http/validation.ts';
import { translate } from '../../platform/http/messages.ts';
import { fileTooLarge } from '../../platform/tabular/errors.ts';
import { applyMapping, headerSignature, mappingProblems, suggestMapping, type ColumnMapping } from '../../platform/tabular/mapping.ts';
import { openTable } from '../../platform/tabular/read.ts';
import { writeXlsx } from '../../platform/tabular/write.ts';
import { importRunJob } from './imports.jobs.ts';
import * as q from './imports.queries.ts';
import { fieldLabel, importFields, MAX_REPORTED_ERRORS, suggestMatch, unknownValues, VALUE_FIELDS, type ValueField } from './imports.rules.ts';
import { loadLookups, processImport, provinceNames, refuseSensitiveColumns } from './imports.run.ts';
import { writeImportTemplate } from './imports.template.ts';
import { sourceChannelList } from '../catalog/index.ts';

/** Rows shown in the mapping step, so the user sees what each column holds. */
const SAMPLE_ROWS = 5;

/** Importing an entity is creating it: no separate import permission (contracts/access.ts). */
function requireImport(ctx: Ctx, entity: ImportEntity): void {
  requirePermission(ctx.actor, entity, 'create');
}

/** An import is its uploader's (admins may look at anyone's). */
async function loadJob(deps: Deps, ctx: Ctx, id: string) {
  const job = await q.findJob(deps.db, id, ctx.actor.roleKey === 'admin' ? null : ctx.actor.userId);
  if (!job) throw notFound('import');
  requireImport(ctx, job.entity);
  return job;
}

/** A stored row error in the reader's language: zod issues through zod's own locales. */
export function rowErrorMessage(error: q.StoredRowError, locale: Locale): string {
  if (error.key === 'import.issue' && typeof error.params?.issue === 'string') {
    try {
      const issue = JSON.parse(error.params.issue) as z.core.$ZodIssue;
      return plainIssueMessage(issue, typeof error.params.value === 'string' ? error.params.value : null, locale) ?? issueMessage(issue, locale);
    } catch {
      return translate(locale, 'VALIDATION_FAILED');
    }
  }
  // A phone that is no phone: the value, then the reason (phone.tooShort…) from the customers' catalogue.
  if (error.key.startsWith('phone.') && typeof error.params?.value === 'string') {
    return translate(locale, 'import.badPhone', { value: error.params.value, reason: translate(locale, error.key) });
  }
  return translate(locale, error.key, error.params ?? {});
}

/**
 * A schema check of a cell said as a person would ("“Y”太短：至少要 2 个字"), not as zod says it
 * ("数值过小：期望 string >=2 字符"); null for the kinds of check this does not know.
 */
export function plainIssueMessage(issue: z.core.$ZodIssue, value: string | null, locale: Locale): string | null {
  const shown = value ?? '';
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? translate(locale, 'validation.required') : translate(locale, 'import.tooShort', { value: shown, min: Number(issue.minimum) });
      if (issue.origin === 'array') return translate(locale, 'validation.required');
      return null;
    case 'too_big':
      if (issue.origin === 'string') return translate(locale, 'import.tooLong', { max: Number(issue.maximum), length: [...shown].length });
      if (issue.origin === 'array') return translate(locale, 'import.tooMany', { max: Number(issue.maximum) });
      return null;
    case 'invalid_format':
      return translate(locale, issue.format === 'email' ? 'import.badEmail' : 'import.badFormat', { value: shown });
    case 'invalid_value':
      return translate(locale, 'import.unknownChoice', { value: shown });
    default:
      return null;
  }
}

function presentErrors(errors: readonly q.StoredRowError[], locale: Locale) {
  return errors
    .filter((e) => !e.skipped)
    .slice(0, MAX_REPORTED_ERRORS)
    .map((e) => ({ row: e.row, field: e.field, message: rowErrorMessage(e, locale) }));
}

/** The rows left out on purpose (duplicates under "skip"), each with its reason. */
function presentSkipped(errors: readonly q.StoredRowError[], locale: Locale) {
  return errors
    .filter((e) => e.skipped)
    .slice(0, MAX_REPORTED_ERRORS)
    .map((e) => ({ row: e.row, field: e.field, message: rowErrorMessage(e, locale) }));
}

function present(job: NonNullable<Awaited<ReturnType<typeof q.findJob>>>, locale: Locale): ImportJob {
  return {
    id: job.id,
    entity: job.entity,
    fileName: job.fileName,
    status: job.status,
    headers: job.headers,
    mapping: job.mapping,
    duplicatePolicy: job.duplicatePolicy,
    valueMapping: job.valueMapping,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    counts: { created: job.createdCount, updated: job.updatedCount, skipped: job.skippedCount, errors: job.errorCount },
    errors: presentErrors(job.errors, locale),
    skipped: presentSkipped(job.errors, locale),
    failure: job.failureKey ? translate(locale, job.failureKey) : null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Step 1: the file is read up to its header and first rows (refused at once if it is not a
 * readable xlsx or CSV) and stored with the job; the mapping this user chose for the same headers
 * before is proposed, else one suggested from the column names.
 */
export async function uploadImport(deps: Deps, ctx: Ctx, locale: Locale, input: { entity: ImportEntity; fileName: string }, file: Buffer): Promise<UploadImportResponse> {
  requireImport(ctx, input.entity);
  if (file.length > IMPORT_MAX_BYTES) throw fileTooLarge(IMPORT_MAX_BYTES);
  if (file.length === 0) throw invalid([{ path: 'body', key: 'import.emptyFile' }]);
  const table = await openTable(Readable.from([file]), { maxRows: IMPORT_MAX_ROWS, maxBytes: IMPORT_MAX_BYTES });
  const sampleRows: Record<string, string>[] = [];
  try {
    for await (const row of table.rows) {
      sampleRows.push(row.values);
      if (sampleRows.length >= SAMPLE_ROWS) break;
    }
  } finally {
    await table.close();
  }
  const fields = importFields(input.entity, seesSensitive(ctx.actor));
  const signature = headerSignature(table.headers);
  const remembered = await q.rememberedMapping(deps.db, ctx.actor.userId, input.entity, signature);
  // A remembered mapping naming a field this user may no longer fill is not proposed.
  const usable = remembered && mappingProblems(remembered, table.headers, fields).every((p) => p.kind === 'missingRequired') ? remembered : null;
  const proposedMapping: ColumnMapping = usable ?? suggestMapping(table.headers, fields);
  const id = newId();
  await q.insertJob(deps.db, {
    id,
    entity: input.entity,
    fileName: input.fileName,
    fileType: table.type,
    fileSize: file.length,
    file,
    headers: table.headers,
    headerSignature: signature,
    mapping: proposedMapping,
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  const job = await q.findJob(deps.db, id, null);
  if (!job) throw notFound('import');
  return {
    job: present(job, locale),
    fields: fields.map((f) => ({ key: f.key, label: fieldLabel(f, locale), required: !!f.required })),
    sampleRows,
    proposedMapping,
    mappingRemembered: !!usable,
  };
}

/** Step 2: the mapping and the duplicate policy; the mapping is remembered for this file layout. */
export async function setImportMapping(deps: Deps, ctx: Ctx, locale: Locale, id: string, input: z.infer<typeof setImportMappingBody>): Promise<ImportJob> {
  const job = await loadJob(deps, ctx, id);
  if (job.status !== 'uploaded') throw businessRule('import.alreadyStarted');
  if (input.duplicatePolicy === 'update' && job.entity !== 'lead') requirePermission(ctx.actor, job.entity, 'update');
  refuseSensitiveColumns(ctx, job.entity, input.mapping);
  const problems = mappingProblems(input.mapping, job.headers, importFields(job.entity, seesSensitive(ctx.actor)));
  if (problems.length > 0) {
    throw invalid(
      problems.map((p): ErrorDetail => {
        switch (p.kind) {
          case 'unknownHeader':
            return { path: `mapping.${p.header}`, key: 'import.unknownHeader' };
          case 'unknownField':
            return { path: `mapping.${p.header}`, key: 'import.unknownField', params: { field: p.field } };
          case 'duplicateField':
            return { path: `mapping.${p.headers[1] ?? p.field}`, key: 'import.duplicateField', params: { headers: p.headers.join(', ') } };
          case 'missingRequired':
            return { path: 'mapping', key: 'import.missingRequired', params: { field: p.field } };
        }
      }),
    );
  }
  await q.updateJob(deps.db, id, { mapping: input.mapping, duplicatePolicy: input.duplicatePolicy, updatedAt: ctx.now }, ['uploaded']);
  await q.rememberMapping(deps.db, ctx.actor.userId, job.entity, job.headerSignature, input.mapping, ctx.now);
  return present({ ...job, mapping: input.mapping, duplicatePolicy: input.duplicatePolicy }, locale);
}

function mappedSettings(job: NonNullable<Awaited<ReturnType<typeof q.findJob>>>) {
  if (!job.mapping) throw invalid([{ path: 'mapping', key: 'validation.required' }]);
  return { id: job.id, entity: job.entity, fileType: job.fileType, mapping: job.mapping, duplicatePolicy: job.duplicatePolicy, valueMapping: job.valueMapping };
}

/** 下载模板: the entity's columns, a sample row and drop-down lists, for the caller's rights and language. */
export async function importTemplate(deps: Deps, ctx: Ctx, locale: Locale, entity: ImportEntity): Promise<{ fileName: string; write: (dest: Writable) => Promise<unknown> }> {
  requireImport(ctx, entity);
  const fields = importFields(entity, seesSensitive(ctx.actor));
  const lists = await valueLists(deps, locale);
  const provinces = provinceNames();
  const templateLists = {
    channels: lists.options.channel.map((o) => o.label),
    industries: (await q.activeIndustries(deps.db)).map((i) => (locale === 'en' ? i.nameEn : i.nameZh)),
    provinces,
  };
  const names: Record<ImportEntity, [string, string]> = { customer: ['客户导入模板', 'customer-import-template'], contact: ['联系人导入模板', 'contact-import-template'], lead: ['线索导入模板', 'lead-import-template'] };
  return { fileName: `${names[entity][locale === 'en' ? 1 : 0]}.xlsx`, write: (dest) => writeImportTemplate(dest, entity, fields, locale, templateLists) };
}

/** Distinct values reported per file: a longer list is a wrong column, not values to answer one by one. */
const MAX_UNKNOWN_VALUES = 500;

/**
 * Step 2b: the values of the file outside Kehu's lists (a channel 线上广告, an industry 交通运输, a
 * tag), each once with how many rows hold it and the closest entry of the list, by name or
 * synonym; answered ones are left out. The whole file is read with the mapping set in step 2.
 */
export async function importValues(deps: Deps, ctx: Ctx, locale: Locale, id: string): Promise<ImportValuesResponse> {
  const job = await loadJob(deps, ctx, id);
  const settings = mappedSettings(job);
  const file = await q.jobFile(deps.db, id);
  if (!file) throw businessRule('import.fileGone');
  const lookups = await loadLookups(deps.db, settings.valueMapping);
  const found = new Map<string, { field: ValueField; value: string; rows: number; firstRow: number }>();
  const table = await openTable(Readable.from([file]), { maxRows: IMPORT_MAX_ROWS, maxBytes: IMPORT_MAX_BYTES, type: job.fileType });
  try {
    for await (const row of table.rows) {
      for (const u of unknownValues(applyMapping(row.values, settings.mapping), lookups)) {
        const key = `${u.field}\u0000${u.value}`;
        const seen = found.get(key);
        if (seen) seen.rows++;
        else if (found.size < MAX_UNKNOWN_VALUES) found.set(key, { ...u, rows: 1, firstRow: row.rowNumber });
      }
    }
  } finally {
    await table.close();
  }
  const lists = await valueLists(deps, locale);
  const fields = new Set([...found.values()].map((u) => u.field));
  return {
    items: [...found.values()].map((u) => ({ ...u, suggestion: suggestMatch(u.value, lists.candidates[u.field]) })),
    options: Object.fromEntries([...fields].map((f) => [f, lists.options[f]])),
    valueMapping: job.valueMapping,
    canAdd: { channel: can(ctx.actor, 'setting', 'update'), tag: can(ctx.actor, 'setting', 'update') },
  };
}

/** The entries each value field may take: options for the wizard, names to suggest from. */
async function valueLists(deps: Deps, locale: Locale) {
  const channels = (await sourceChannelList(deps.db)).filter((c) => c.active);
  const industries = await q.activeIndustries(deps.db);
  const tags = await q.allTags(deps.db);
  const channelOptions = channels.map((c) => ({ key: c.key, label: locale === 'en' ? c.nameEn : c.nameZh }));
  const channelNames = channels.map((c) => ({ key: c.key, names: [c.nameZh, c.nameEn, ...c.synonyms] }));
  const industryOptions = industries.map((i) => ({ key: i.code, label: `${locale === 'en' ? i.nameEn : i.nameZh} (${i.code})` }));
  const industryNames = industries.map((i) => ({ key: i.code, names: [i.nameZh, i.nameEn, i.code] }));
  return {
    options: { channel: channelOptions, sourceChannel: channelOptions, industry: industryOptions, tags: tags.map((t) => ({ key: t.id, label: t.name })) } satisfies Record<ValueField, unknown>,
    candidates: { channel: channelNames, sourceChannel: channelNames, industry: industryNames, tags: tags.map((t) => ({ key: t.id, names: [t.name] })) } satisfies Record<ValueField, unknown>,
  };
}

/**
 * The user's answers for values outside the lists, each checked against its list (400 naming the
 * value otherwise); they replace earlier answers for the same values. Answers the unknown values.
 */
export async function setImportValues(deps: Deps, ctx: Ctx, locale: Locale, id: string, input: z.infer<typeof setImportValuesBody>): Promise<ImportValuesResponse> {
  const job = await loadJob(deps, ctx, id);
  if (job.status !== 'uploaded') throw businessRule('import.alreadyStarted');
  const lists = await valueLists(deps, locale);
  const problems: ErrorDetail[] = [];
  const merged: Record<string, Record<string, string | null>> = structuredClone(job.valueMapping);
  for (const field of VALUE_FIELDS) {
    const valid = new Set(lists.options[field].map((o) => o.key));
    for (const [value, key] of Object.entries(input.valueMapping[field] ?? {})) {
      if (key !== null && !valid.has(key)) problems.push({ path: `valueMapping.${field}.${value}`, key: 'import.unknownAnswer', params: { value } });
      else (merged[field] ??= {})[value.trim()] = key;
    }
  }
  if (problems.length > 0) throw invalid(problems);
  await q.updateJob(deps.db, id, { valueMapping: merged, updatedAt: ctx.now }, ['uploaded']);
  return importValues(deps, ctx, locale, id);
}

/** Step 3: every check of a run, with nothing written; the row errors are kept for the report. */
export async function dryRunImport(deps: Deps, ctx: Ctx, locale: Locale, id: string): Promise<DryRunResponse> {
  const job = await loadJob(deps, ctx, id);
  if (job.status !== 'uploaded') throw businessRule('import.alreadyStarted');
  const settings = mappedSettings(job);
  const file = await q.jobFile(deps.db, id);
  if (!file) throw notFound('import');
  const result = await processImport(deps, deps.db, ctx, settings, file, { write: false });
  await q.updateJob(
    deps.db,
    id,
    { totalRows: result.totalRows, errors: [...result.errors, ...result.skippedRows].sort((a, b) => a.row - b.row), errorCount: result.errorRows, createdCount: result.created, updatedCount: result.updated, skippedCount: result.skipped, updatedAt: ctx.now },
    ['uploaded'],
  );
  return {
    totalRows: result.totalRows,
    counts: { created: result.created, updated: result.updated, skipped: result.skipped, errors: result.errorRows },
    errors: presentErrors(result.errors, locale),
    skipped: presentSkipped(result.skippedRows, locale),
  };
}

/** Step 4: the run goes on the job queue; GET /imports/:id shows its progress. */
export async function startImport(deps: Deps, ctx: Ctx, locale: Locale, id: string, input: { validOnly: boolean } = { validOnly: false }): Promise<ImportJob> {
  const job = await loadJob(deps, ctx, id);
  if (job.status !== 'uploaded') throw businessRule('import.alreadyStarted');
  mappedSettings(job);
  if (job.duplicatePolicy === 'update' && job.entity !== 'lead') requirePermission(ctx.actor, job.entity, 'update');
  if (!deps.jobs) throw new AppError('UNAVAILABLE');
  if (!(await q.updateJob(deps.db, id, { status: 'queued', processedRows: 0, updatedAt: ctx.now }, ['uploaded']))) throw businessRule('import.alreadyStarted');
  await deps.jobs.send(importRunJob, { importId: id, ...(input.validOnly ? { validOnly: true } : {}) }, { singletonKey: id });
  const queued = await q.findJob(deps.db, id, null);
  if (!queued) throw notFound('import');
  return present(queued, locale);
}

export async function getImport(deps: Deps, ctx: Ctx, locale: Locale, id: string): Promise<ImportJob> {
  return present(await loadJob(deps, ctx, id), locale);
}

/**
 * The error report: the rows of the file that failed, as they were, with the row number and the
 * reasons in the reader's language. Checked (and its file loaded) before the download starts.
 */
export async function importErrorReport(deps: Deps, ctx: Ctx, locale: Locale, id: string): Promise<{ fileName: string; write: (dest: Writable) => Promise<unknown> }> {
  const job = await loadJob(deps, ctx, id);
  const file = await q.jobFile(deps.db, id);
  if (!file) throw businessRule('import.fileGone');
  const byRow = new Map<number, string[]>();
  for (const e of job.errors.filter((x) => !x.skipped)) byRow.set(e.row, [...(byRow.get(e.row) ?? []), rowErrorMessage(e, locale)]);
  const rowHeader = locale === 'en' ? 'Row' : '行号';
  const errorHeader = locale === 'en' ? 'Errors' : '错误原因';
  const columns = [{ key: '\u0000row', header: rowHeader }, ...job.headers.map((h) => ({ key: h, header: h })), { key: '\u0000errors', header: errorHeader, width: 60 }];
  async function* rows() {
    const table = await openTable(Readable.from([file as Buffer]), { maxRows: IMPORT_MAX_ROWS, maxBytes: IMPORT_MAX_BYTES, type: job.fileType });
    try {
      for await (const row of table.rows) {
        const errors = byRow.get(row.rowNumber);
        if (errors) yield { ...row.values, '\u0000row': row.rowNumber, '\u0000errors': errors.join('；') };
      }
    } finally {
      await table.close();
    }
  }
  const base = job.fileName.replace(/\.(xlsx|csv)$/i, '');
  return { fileName: `${base}-${locale === 'en' ? 'errors' : '错误报告'}.xlsx`, write: (dest) => writeXlsx(dest, columns, rows(), { timeZone: deps.config.timeZone }) };
}
