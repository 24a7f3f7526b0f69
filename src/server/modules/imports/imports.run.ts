import { Readable } from 'node:stream';
import type { LeadChannel, LeadGrade, SalesRegion } from '../../../contracts/vocabulary.ts';
import type { DuplicatePolicy, ImportEntity } from '../../../contracts/imports.ts';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '../../../contracts/imports.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { can, type Ctx } from '../../platform/access/actor.ts';
import { actorFor } from '../../platform/access/actors.ts';
import { findUserWithRole } from '../../platform/access/actors.queries.ts';
import { requireSensitiveWrite } from '../../platform/access/policy.ts';
import { writeAudit, writeAuditMany, type AuditEvent } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { nextSequence, raiseSequences, takeSequence, takeSequences } from '../../platform/numbering/sequences.ts';
import { pinyinKeys } from '../../platform/search/pinyin.ts';
import { applyMapping, normaliseLabel, type ColumnMapping } from '../../platform/tabular/mapping.ts';
import { openTable } from '../../platform/tabular/read.ts';
import { normaliseCompanyName, normalisePhone, phoneDigitsForSearch, provinces, regionOf, shortPlaceName, validateCreditCode } from '../customers/index.ts';
import { sourceChannelList } from '../catalog/index.ts';
import { NO_INDUSTRY_CODE, numberDateParts, numberPattern, readNumber, renderNumber, sequenceScopeKey } from '../numbering/index.ts';
import { startOfDay } from '../../platform/clock.ts';
import { assignByRules, initialLeadStatus, mergeLeadSources, notifyLeadAssigned, resolveLeadGrade } from '../leads/index.ts';
import * as q from './imports.queries.ts';
import { pieces, pump, type EntityImporter, type Row, type Sink } from './imports.pipeline.ts';
import { contactRow, customerRow, leadRow, rowOutcome, sensitiveColumns, VALUE_FIELDS, type ContactBody, type CustomerBody, type CustomerExtras, type LeadExtras, type Lookups, type RowProblem, type ValueField } from './imports.rules.ts';

/** Per field, a value as written → the key it means, or null (the wizard's value step). */
export type ValueMapping = Record<string, Record<string, string | null>>;

/** Row errors kept in the job (and the error report); a file with more is mostly wrong anyway. */
export const MAX_STORED_ERRORS = 50_000;

export interface ImportSettings {
  id: string;
  entity: ImportEntity;
  fileType: 'xlsx' | 'csv';
  mapping: ColumnMapping;
  duplicatePolicy: DuplicatePolicy;
  valueMapping: ValueMapping;
}

export interface ImportResult {
  totalRows: number;
  created: number;
  updated: number;
  skipped: number;
  /** Rows with at least one error. */
  errorRows: number;
  errors: q.StoredRowError[];
  /** Rows left out on purpose, with the reason (flagged `skipped`). */
  skippedRows: q.StoredRowError[];
  createdIds: string[];
  updatedIds: string[];
}


/**
 * A column mapped to a sensitive field, from a caller who may not write one: 403 naming the
 * column, when the mapping is set and again when the file is read (the role may have changed since).
 */
export function refuseSensitiveColumns(ctx: Ctx, entity: ImportEntity, mapping: ColumnMapping): void {
  const columns = sensitiveColumns(entity, mapping);
  requireSensitiveWrite(ctx.actor, columns, Object.keys(columns), (field) => `mapping.${columns[field] ?? field}`);
}

/**
 * Reads an uploaded file and imports its rows. With `write` false it is the dry run: every check
 * runs (with the same set-based queries) and nothing is written. With `write` it must run inside
 * one transaction (`db`): rows are written batch by batch as they pass, and the caller rolls the
 * whole transaction back when any row failed, so an import is all or nothing.
 */
export async function processImport(
  deps: Deps,
  db: DbOrTx,
  ctx: Ctx,
  settings: ImportSettings,
  file: Buffer,
  opts: { write: boolean; validOnly?: boolean; onProgress?: (processedRows: number) => Promise<void>; onBatchWritten?: () => void },
): Promise<ImportResult> {
  refuseSensitiveColumns(ctx, settings.entity, settings.mapping);
  const result: ImportResult = { totalRows: 0, created: 0, updated: 0, skipped: 0, errorRows: 0, errors: [], skippedRows: [], createdIds: [], updatedIds: [] };
  const rowsWithErrors = new Set<number>();
  const updatedIds = new Set<string>();
  const audit: AuditEvent[] = [];
  const sink: Sink = {
    problem(row, problem) {
      rowsWithErrors.add(row);
      if (result.errors.length < MAX_STORED_ERRORS) result.errors.push({ row, field: problem.field, key: problem.key, ...(problem.params ? { params: problem.params } : {}) });
    },
    // An empty id: counted, not listed (a dry run's creates, a second row merged into a new lead).
    created(id) {
      result.created++;
      if (id) result.createdIds.push(id);
    },
    updated(id) {
      result.updated++;
      if (id && !updatedIds.has(id)) {
        updatedIds.add(id);
        result.updatedIds.push(id);
      }
    },
    skipped(row, reason) {
      result.skipped++;
      if (result.skippedRows.length < MAX_STORED_ERRORS) result.skippedRows.push({ row, field: reason.field, key: reason.key, ...(reason.params ? { params: reason.params } : {}), skipped: true });
    },
    audit,
  };
  const table = await openTable(Readable.from(pieces(file)), { maxRows: IMPORT_MAX_ROWS, maxBytes: IMPORT_MAX_BYTES, type: settings.fileType });
  async function* rows(): AsyncGenerator<Row> {
    for await (const row of table.rows) {
      result.totalRows++;
      yield { rowNumber: row.rowNumber, record: applyMapping(row.values, settings.mapping) };
    }
  }
  // Progress is written on another connection and committed on its own (a disk flush each),
  // so it runs beside the import rather than between its batches: one write at a time, the
  // latest count winning, awaited at the end.
  const progress: { writing: Promise<void> | null; pending: number | null } = { writing: null, pending: null };
  const reportProgress = (rowsRead: number) => {
    const onProgress = opts.onProgress;
    if (!onProgress) return;
    progress.pending = rowsRead;
    progress.writing ??= (async () => {
      try {
        while (progress.pending !== null) {
          const n = progress.pending;
          progress.pending = null;
          await onProgress(n);
        }
      } catch {
        // Only the progress shown to pollers is lost; the import's own writes decide its outcome.
      } finally {
        progress.writing = null;
      }
    })();
  };
  const afterBatch = async (rowsRead: number) => {
    if (opts.write && audit.length > 0 && (opts.validOnly || rowsWithErrors.size === 0)) await writeAuditMany(db, ctx, audit);
    if (writing()) opts.onBatchWritten?.();
    audit.length = 0;
    reportProgress(rowsRead);
  };
  // Once a row failed nothing more is written (the transaction will be rolled back anyway), but
  // every row is still checked so the report names them all. Importing the valid rows only,
  // a failed row is left out and the others are written.
  const writing = () => opts.write && (opts.validOnly === true || rowsWithErrors.size === 0);
  try {
    switch (settings.entity) {
      case 'customer':
        await pump(await customerImporter(deps, db, ctx, settings, writing), rows(), sink, afterBatch);
        break;
      case 'contact':
        await pump(await contactImporter(db, ctx, settings.duplicatePolicy, writing), rows(), sink, afterBatch);
        break;
      case 'lead':
        await pump(await leadImporter(deps, db, ctx, settings, writing), rows(), sink, afterBatch);
        break;
    }
  } finally {
    await table.close();
    await progress.writing;
  }
  // Prepared batches report their problems ahead of the database steps of earlier ones.
  result.errors.sort((a, b) => a.row - b.row);
  result.errorRows = rowsWithErrors.size;
  return result;
}

let provinceByName: Map<string, string> | undefined;
function provinceLookup(): Map<string, string> {
  if (provinceByName) return provinceByName;
  provinceByName = new Map();
  for (const p of provinces()) {
    provinceByName.set(p.name, p.code);
    provinceByName.set(shortPlaceName(p.name), p.code);
  }
  return provinceByName;
}

/** The province names a sheet may use (上海市…), for the template's drop-down. */
export function provinceNames(): string[] {
  return provinces().map((p) => p.name);
}

export async function loadLookups(db: DbOrTx, valueMapping: ValueMapping = {}): Promise<Lookups> {
  const industries = new Map<string, string>();
  for (const i of await q.activeIndustries(db)) {
    industries.set(i.code, i.code);
    industries.set(normaliseLabel(i.nameZh), i.code);
    industries.set(normaliseLabel(i.nameEn), i.code);
  }
  const tags = new Map((await q.allTags(db)).map((t) => [t.name.toLowerCase(), t.id]));
  const channels = new Map<string, string>();
  for (const c of await sourceChannelList(db)) {
    if (!c.active) continue;
    for (const name of [c.key, c.nameZh, c.nameEn, ...c.synonyms]) if (!channels.has(normaliseLabel(name))) channels.set(normaliseLabel(name), c.key);
  }
  // An answer naming what has since been retired or deleted is no answer: the value is unknown again.
  const valid: Record<ValueField, ReadonlySet<string>> = { channel: new Set(channels.values()), sourceChannel: new Set(channels.values()), industry: new Set(industries.values()), tags: new Set(tags.values()) };
  const answers: Record<string, Record<string, string | null>> = {};
  for (const field of VALUE_FIELDS) {
    for (const [value, key] of Object.entries(valueMapping[field] ?? {})) if (key === null || valid[field].has(key)) (answers[field] ??= {})[value] = key;
  }
  return { industries, tags, provinces: provinceLookup(), channels, valueMapping: answers };
}

/**
 * A user named in a sheet (跟进负责人, 信息录入人), by display name or username: one active user,
 * or a problem naming the value (nobody, or several with that display name).
 */
export function userFinder(users: readonly { id: string; username: string; displayName: string; departmentId: string | null }[]) {
  const byUsername = new Map(users.map((u) => [u.username.toLowerCase(), u]));
  const byName = new Map<string, (typeof users)[number][]>();
  for (const u of users) byName.set(u.displayName.trim(), [...(byName.get(u.displayName.trim()) ?? []), u]);
  return (text: string, field: string): { id: string; departmentId: string | null } | { problem: RowProblem } => {
    const named = byName.get(text.trim()) ?? [];
    const user = named.length === 1 ? named[0] : named.length === 0 ? byUsername.get(text.trim().toLowerCase()) : undefined;
    if (user) return { id: user.id, departmentId: user.departmentId };
    return { problem: { field, key: named.length > 1 ? 'import.ambiguousUser' : 'import.unknownUser', params: { value: text } } };
  };
}

// ---------------------------------------------------------------------------------------------
// Customers

/** Body property → column an update may fill (only properties the row actually gave). */
const CUSTOMER_UPDATE_FIELDS: [keyof CustomerBody, q.CustomerUpdateColumn, string][] = [
  ['kind', 'kind', 'kind'],
  ['decisionChain', 'decision_chain', 'decisionChain'],
  ['industryCode', 'industry_code', 'industry'],
  ['employeeSize', 'employee_size', 'employeeSize'],
  ['annualRevenue', 'annual_revenue', 'annualRevenue'],
  ['creditCode', 'credit_code', 'creditCode'],
  ['provinceCode', 'province_code', 'province'],
  ['address', 'address', 'address'],
  ['sourceChannel', 'source_channel', 'sourceChannel'],
  ['sourceDetail', 'source_detail', 'sourceDetail'],
  ['firstContactDate', 'first_contact_date', 'firstContactDate'],
  ['stage', 'stage', 'stage'],
  ['grade', 'grade', 'grade'],
  ['needs', 'needs', 'needs'],
  ['budgetNotes', 'budget_notes', 'budgetNotes'],
  ['decisionNotes', 'decision_notes', 'decisionNotes'],
];

async function customerImporter(deps: Deps, db: DbOrTx, ctx: Ctx, settings: ImportSettings, writing: () => boolean) {
  const policy = settings.duplicatePolicy;
  const lookups = await loadLookups(db, settings.valueMapping);
  const findUser = userFinder(await q.activeUsers(db));
  /** Numbers from the sheet kept as numbers in this file so far: a second one is a legacy number. */
  const keptNumbers = new Set<string>();
  const pattern = await numberPattern(db, 'customer');
  const dateParts = numberDateParts(ctx.now, deps.config.timeZone);
  const seenName = new Map<string, number>();
  const seenCode = new Map<string, number>();

  interface Ok {
    row: Row;
    body: CustomerBody;
    /** The primary contact the row carries, phones in E.164. */
    contact: { body: ContactBody; phones: string[] } | null;
    extras: CustomerExtras;
    /** 信息录入人: the user who entered it, when the sheet names one. */
    recorderId: string | null;
    nameKey: string;
    creditCode: string | null;
    /**
     * The row to insert should it be new, built here rather than when writing (pinyin is most of
     * the work), so it overlaps the database's work on the batch before; null in a dry run.
     */
    insert: q.CustomerInsert | null;
  }


  const now = ctx.now.toISOString();
  /** A date of the sheet as the start of that day in the business time zone. */
  const sheetDay = (date: string) => startOfDay(new Date(`${date}T12:00:00Z`), deps.config.timeZone).toISOString();
  /** The row a new customer is inserted as; its number is drawn when the batch is written. */
  const newCustomerRow = (o: Pick<Ok, 'body' | 'nameKey' | 'creditCode' | 'contact'>): q.CustomerInsert => {
    const b = o.body;
    const pinyin = pinyinKeys(b.name, { person: b.kind === 'individual' });
    return {
      id: newId(),
      number: '',
      legacy_number: null,
      decision_chain: b.decisionChain ?? [],
      kind: b.kind,
      name: b.name,
      name_key: o.nameKey,
      name_pinyin: pinyin.full,
      name_initials: pinyin.initials,
      // Its primary contact's (writePrimaryContacts), so that the contacts' trigger finds them there and updates no customer.
      contact_phone_digits: o.contact ? o.contact.phones.map(phoneDigitsForSearch).join(' ') : '',
      industry_code: b.industryCode ?? null,
      employee_size: b.employeeSize ?? null,
      annual_revenue: b.annualRevenue ?? null,
      credit_code: o.creditCode,
      province_code: b.provinceCode ?? null,
      address: b.address ?? null,
      region: b.provinceCode ? (regionOf(b.provinceCode) ?? null) : null,
      source_channel: b.sourceChannel ?? null,
      source_detail: b.sourceDetail ?? null,
      first_contact_date: b.firstContactDate ?? null,
      stage: b.stage ?? 'potential',
      grade: b.grade ?? null,
      needs: b.needs ?? null,
      budget_notes: b.budgetNotes ?? null,
      decision_notes: b.decisionNotes ?? null,
      owner_id: ctx.actor.userId,
      department_id: ctx.actor.departmentId,
      owned_since: now,
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    };
  };
  return {
    prepare(rows, sink): Ok[] {
      const ok: Ok[] = [];
      for (const row of rows) {
        const { body, contact, extras, problems } = customerRow(row.record, lookups);
        const recorder = extras.recordedBy ? findUser(extras.recordedBy, 'recordedBy') : null;
        if (recorder && 'problem' in recorder) problems.push(recorder.problem);
        const contactPhones: string[] = [];
        for (const p of contact?.phones ?? []) {
          const result = normalisePhone(p);
          if (result.ok) contactPhones.push(result.e164);
          else problems.push({ field: row.record.contactPhone ? 'contactPhone' : 'contactReach', key: `phone.${result.reason}`, params: { value: p } });
        }
        let creditCode: string | null = null;
        if (body?.creditCode) {
          const checked = validateCreditCode(body.creditCode);
          if (checked.ok) creditCode = checked.code;
          else problems.push({ field: 'creditCode', key: `creditCode.${checked.reason}` });
        }
        if (!body || problems.length > 0) {
          for (const p of problems) sink.problem(row.rowNumber, p);
          continue;
        }
        const nameKey = normaliseCompanyName(body.name).key;
        // One customer twice in a file is a mistake in the file, unless creating anyway was asked for
        // (a credit code names one legal entity, so it is never allowed twice).
        const earlier = (creditCode ? seenCode.get(creditCode) : undefined) ?? (policy !== 'create' ? seenName.get(nameKey) : undefined);
        if (earlier !== undefined) {
          sink.problem(row.rowNumber, { field: creditCode && seenCode.has(creditCode) ? 'creditCode' : 'name', key: 'import.duplicateInFile', params: { row: earlier } });
          continue;
        }
        if (creditCode) seenCode.set(creditCode, row.rowNumber);
        seenName.set(nameKey, row.rowNumber);
        const primary = contact ? { body: contact, phones: [...new Set(contactPhones)] } : null;
        ok.push({ row, body, contact: primary, extras, recorderId: recorder && 'id' in recorder ? recorder.id : null, nameKey, creditCode, insert: writing() ? newCustomerRow({ body, nameKey, creditCode, contact: primary }) : null });
      }
      return ok;
    },
    read(ok) {
      return q.customersMatching(
        db,
        [...new Set(ok.map((o) => o.nameKey))],
        [...new Set(ok.flatMap((o) => (o.creditCode ? [o.creditCode] : [])))],
        ctx.actor,
      );
    },
    async apply(ok, matches, sink) {
      const byCode = new Map(matches.filter((m) => m.customer.creditCode).map((m) => [m.customer.creditCode as string, m]));
      const byName = new Map<string, (typeof matches)[number]>();
      // The match one can see wins over one owned by someone else.
      for (const m of matches) if (!byName.get(m.customer.nameKey)?.inScope) byName.set(m.customer.nameKey, m);

      const creates: Ok[] = [];
      const updates: { ok: Ok; existing: q.CustomerRecord }[] = [];
      for (const o of ok) {
        const codeMatch = o.creditCode ? byCode.get(o.creditCode) : undefined;
        const existing = codeMatch ?? byName.get(o.nameKey) ?? null;
        const decision = rowOutcome(policy, existing);
        if ('problem' in decision) {
          sink.problem(o.row.rowNumber, decision.problem);
          continue;
        }
        if (decision.outcome === 'create' && codeMatch) {
          sink.problem(o.row.rowNumber, { field: 'creditCode', key: 'customer.duplicateCreditCode' });
          continue;
        }
        if (decision.outcome === 'update' && existing && o.creditCode && o.creditCode !== existing.customer.creditCode && codeMatch && codeMatch.customer.id !== existing.customer.id) {
          sink.problem(o.row.rowNumber, { field: 'creditCode', key: 'customer.duplicateCreditCode' });
          continue;
        }
        if (decision.outcome === 'skip') sink.skipped(o.row.rowNumber, { field: null, key: 'import.skippedDuplicate', params: { label: `${existing?.customer.number ?? ''} ${existing?.customer.name ?? ''}`.trim() } });
        else if (decision.outcome === 'create') creates.push(o);
        else if (existing) updates.push({ ok: o, existing: existing.customer });
      }

      if (!writing()) {
        for (const _ of creates) sink.created('');
        for (const u of updates) sink.updated(u.existing.id);
        return;
      }

      // The sheet's own numbers (客户编号) are kept where they fit the pattern with the row's
      // industry and are free; the rest are kept as legacy numbers. Sequences move past kept ones.
      const numbers = new Map<Ok, string>();
      const legacy = new Map<Ok, string>();
      const fitting = new Map<Ok, { number: string; scope: string; seq: number }>();
      for (const o of creates) {
        const own = o.extras.legacyNumber;
        if (!own) continue;
        const fit = readNumber(pattern, own);
        if (fit && !keptNumbers.has(own) && (fit.values.industryCode === null || fit.values.industryCode === (o.body.industryCode ?? NO_INDUSTRY_CODE))) {
          fitting.set(o, { number: own, scope: sequenceScopeKey('customer', pattern, fit.values), seq: fit.seq });
          keptNumbers.add(own);
        } else legacy.set(o, own);
      }
      const ownTaken = await q.numbersTaken(db, [...fitting.values()].map((f) => f.number));
      const raise = new Map<string, number>();
      for (const [o, f] of fitting) {
        if (ownTaken.has(f.number)) legacy.set(o, f.number);
        else {
          numbers.set(o, f.number);
          raise.set(f.scope, Math.max(raise.get(f.scope) ?? 0, f.seq));
        }
      }
      await raiseSequences(db, raise);
      // Other numbers: one block per sequence scope (industry) for the whole batch.
      const byScope = new Map<string, { values: typeof dateParts & { industryCode: string }; rows: Ok[] }>();
      for (const o of creates) {
        if (numbers.has(o)) continue;
        const values = { ...dateParts, industryCode: o.body.industryCode ?? NO_INDUSTRY_CODE };
        const key = sequenceScopeKey('customer', pattern, values);
        const group = byScope.get(key) ?? { values, rows: [] };
        group.rows.push(o);
        byScope.set(key, group);
      }
      const firsts = await takeSequences(db, new Map([...byScope].map(([key, group]) => [key, group.rows.length])));
      for (const [key, group] of byScope) {
        const first = firsts.get(key) ?? 0;
        group.rows.forEach((o, i) => numbers.set(o, renderNumber(pattern, group.values, first + i)));
      }
      // A changed pattern may render numbers that exist already: draw again for those (rare).
      for (let taken = await q.numbersTaken(db, [...numbers.values()]); taken.size > 0; ) {
        const retry = creates.filter((o) => taken.has(numbers.get(o) ?? ''));
        for (const o of retry) {
          const values = { ...dateParts, industryCode: o.body.industryCode ?? NO_INDUSTRY_CODE };
          numbers.set(o, renderNumber(pattern, values, await nextSequence(db, sequenceScopeKey('customer', pattern, values))));
        }
        taken = await q.numbersTaken(db, retry.map((o) => numbers.get(o) ?? ''));
      }
      const inserts: q.CustomerInsert[] = [];
      const tagRows: { customerId: string; tagId: string }[] = [];
      const createdId = new Map<Ok, string>();
      for (const o of creates) {
        const row = o.insert ?? newCustomerRow(o);
        row.number = numbers.get(o) ?? '';
        row.legacy_number = legacy.get(o) ?? null;
        // Who entered it and when, as the sheet says (信息录入人, 录入日期, 最后更新日期).
        if (o.recorderId) row.created_by = o.recorderId;
        const createdAt = o.extras.recordedAt ? sheetDay(o.extras.recordedAt) : null;
        const updatedAt = o.extras.lastUpdatedAt ? sheetDay(o.extras.lastUpdatedAt) : createdAt;
        if (createdAt) row.created_at = createdAt;
        if (updatedAt) row.updated_at = updatedAt;
        createdId.set(o, row.id ?? '');
        inserts.push(row);
        for (const tagId of o.body.tagIds ?? []) tagRows.push({ customerId: row.id ?? '', tagId });
        sink.created(row.id ?? '');
      }
      await q.insertCustomers(db, inserts);

      const updateRows: Parameters<typeof q.updateCustomers>[1] = [];
      for (const { ok: o, existing } of updates) {
        const row: Parameters<typeof q.updateCustomers>[1][number] = { id: existing.id };
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        for (const [prop, column, field] of CUSTOMER_UPDATE_FIELDS) {
          // Only what the row gave (the body has defaults); a stage may come from the 客户类型 column.
          if (!o.row.record[field] && !(prop === 'stage' && o.row.record.kind)) continue;
          const value = prop === 'creditCode' ? o.creditCode : (o.body[prop] as string | unknown[] | null | undefined);
          if (value === undefined || value === null) continue;
          row[column] = value;
          before[prop] = existing[prop as keyof typeof existing] ?? null;
          after[prop] = value;
        }
        if (typeof row.province_code === 'string') row.region = regionOf(row.province_code) ?? null;
        // The sheet's own number, when it is not this customer's number already.
        if (o.extras.legacyNumber && o.extras.legacyNumber !== existing.number && o.extras.legacyNumber !== existing.legacyNumber) {
          row.legacy_number = o.extras.legacyNumber;
          before.legacyNumber = existing.legacyNumber;
          after.legacyNumber = o.extras.legacyNumber;
        }
        for (const tagId of o.body.tagIds ?? []) tagRows.push({ customerId: existing.id, tagId });
        updateRows.push(row);
        sink.updated(existing.id);
        sink.audit.push({ action: 'update', entityType: 'customer', entityId: existing.id, entityLabel: `${existing.number} ${existing.name}`, before, after, sensitive: ['budgetNotes', 'decisionNotes'] });
      }
      await q.updateCustomers(db, updateRows, ctx.now);
      await q.addCustomerTags(db, tagRows);
      await writePrimaryContacts(
        db,
        ctx,
        [...creates.map((o) => ({ customerId: createdId.get(o) ?? '', customerName: o.body.name, contact: o.contact, isNew: true })), ...updates.map((u) => ({ customerId: u.existing.id, customerName: u.existing.name, contact: u.ok.contact, isNew: false }))],
        sink,
      );
    },
  } satisfies EntityImporter<Ok, Awaited<ReturnType<typeof q.customersMatching>>>;
}

/**
 * The contacts customer rows carry, in the import's transaction: a new customer gets its row's
 * contact as primary contact; an existing one (policy "update") has the contact matched by name,
 * phone or e-mail among its contacts and filled in, or added (primary if it has none yet).
 */
async function writePrimaryContacts(
  db: DbOrTx,
  ctx: Ctx,
  rows: { customerId: string; customerName: string; contact: { body: ContactBody; phones: string[] } | null; isNew: boolean }[],
  sink: Sink,
): Promise<void> {
  const withContact = rows.filter((r): r is typeof r & { contact: NonNullable<typeof r.contact> } => r.contact !== null && r.customerId !== '');
  if (withContact.length === 0) return;
  const existing = await q.contactsOf(db, [...new Set(withContact.filter((r) => !r.isNew).map((r) => r.customerId))]);
  const byKey = new Map<string, Pick<q.ExistingContact, 'id' | 'name' | 'phones' | 'email' | 'title'>>();
  const hasPrimary = new Set<string>();
  for (const c of existing) {
    if (c.isPrimary) hasPrimary.add(c.customerId);
    for (const key of contactKeys(c.customerId, c.name, c.phones, c.email)) if (!byKey.has(key)) byKey.set(key, c);
  }
  const now = ctx.now.toISOString();
  const inserts: q.ContactInsert[] = [];
  const updates: Parameters<typeof q.updateContacts>[1] = [];
  for (const { customerId, customerName, contact } of withContact) {
    const b = contact.body;
    const email = b.email ?? null;
    const match = contactKeys(customerId, b.name, contact.phones, email)
      .map((k) => byKey.get(k))
      .find((c) => c !== undefined);
    if (match) {
      const phones = [...new Set([...match.phones, ...contact.phones])];
      const changed = phones.length !== match.phones.length || (b.title && b.title !== match.title) || (email && email !== match.email);
      if (!changed) continue;
      updates.push({ id: match.id, phones: phones.length !== match.phones.length ? phones : null, phone_digits: phones.length !== match.phones.length ? phones.map(phoneDigitsForSearch).join(' ') : null, title: b.title ?? null, email });
      sink.audit.push({
        action: 'update',
        entityType: 'contact',
        entityId: match.id,
        entityLabel: `${match.name} @ ${customerName}`,
        before: { title: match.title, email: match.email, phones: match.phones },
        after: { title: b.title ?? match.title, email: email ?? match.email, phones },
      });
      continue;
    }
    const id = newId();
    const pinyin = pinyinKeys(b.name, { person: true });
    inserts.push({
      id,
      customer_id: customerId,
      name: b.name,
      name_pinyin: pinyin.full,
      name_initials: pinyin.initials,
      title: b.title ?? null,
      department: null,
      phones: contact.phones,
      phone_digits: contact.phones.map(phoneDigitsForSearch).join(' '),
      email,
      wechat: null,
      is_primary: !hasPrimary.has(customerId),
      birthday: null,
      notes: null,
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    });
    hasPrimary.add(customerId);
    for (const key of contactKeys(customerId, b.name, contact.phones, email)) byKey.set(key, { id, name: b.name, phones: contact.phones, email, title: b.title ?? null });
  }
  await q.insertContacts(db, inserts);
  await q.updateContacts(db, updates, ctx.now);
}

// ---------------------------------------------------------------------------------------------
// Contacts

async function contactImporter(db: DbOrTx, ctx: Ctx, policy: DuplicatePolicy, writing: () => boolean) {
  /** Per customer: name, phone and e-mail keys of contacts this import created, with their row. */
  const seen = new Map<string, number>();
  const customersWithContacts = new Set<string>();

  interface Ok {
    row: Row;
    ref: string;
    body: NonNullable<ReturnType<typeof contactRow>['body']>;
    phones: string[];
    email: string | null;
  }

  return {
    prepare(rows, sink): Ok[] {
      const ok: Ok[] = [];
      for (const row of rows) {
        const { customerRef, body, problems } = contactRow(row.record);
        const phones: string[] = [];
        (body?.phones ?? []).forEach((p) => {
          const result = normalisePhone(p);
          if (result.ok) phones.push(result.e164);
          else problems.push({ field: 'phones', key: `phone.${result.reason}`, params: { value: p } });
        });
        if (!body || problems.length > 0) {
          for (const p of problems) sink.problem(row.rowNumber, p);
          continue;
        }
        ok.push({ row, ref: customerRef, body, phones: [...new Set(phones)], email: body.email ?? null });
      }
      return ok;
    },
    // Its lookups depend on what earlier batches wrote (contacts of the same customers; leads
    // merged into), so they stay in `apply`.
    read: () => Promise.resolve(undefined),
    async apply(ok, _found, sink) {
      const found = await q.customersByRef(db, [...new Set(ok.map((o) => o.ref))], ctx.actor);
      const byNumber = new Map(found.map((c) => [c.number, c]));
      const byName = new Map<string, (typeof found)[number][]>();
      for (const c of found) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
      const existing = await q.contactsOf(db, [...new Set(found.map((c) => c.id))]);
      const existingByKey = new Map<string, q.ExistingContact>();
      for (const c of existing) {
        customersWithContacts.add(c.customerId);
        for (const key of contactKeys(c.customerId, c.name, c.phones, c.email)) if (!existingByKey.has(key)) existingByKey.set(key, c);
      }

      const inserts: q.ContactInsert[] = [];
      const updateRows: Parameters<typeof q.updateContacts>[1] = [];
      for (const o of ok) {
        const named = byName.get(o.ref) ?? [];
        const customer = byNumber.get(o.ref) ?? (named.length === 1 ? named[0] : undefined);
        if (!customer) {
          sink.problem(o.row.rowNumber, { field: 'customer', key: named.length > 1 ? 'import.ambiguousCustomer' : 'import.customerNotFound', params: { value: o.ref } });
          continue;
        }
        const keys = contactKeys(customer.id, o.body.name, o.phones, o.email);
        const earlier = keys.map((k) => seen.get(k)).find((r) => r !== undefined);
        if (earlier !== undefined && policy !== 'create') {
          sink.problem(o.row.rowNumber, { field: 'name', key: 'import.duplicateInFile', params: { row: earlier } });
          continue;
        }
        for (const k of keys) seen.set(k, o.row.rowNumber);
        const match = keys.map((k) => existingByKey.get(k)).find((c) => c !== undefined) ?? null;
        const decision = rowOutcome(policy, match ? { inScope: true } : null);
        if ('problem' in decision) {
          sink.problem(o.row.rowNumber, decision.problem);
          continue;
        }
        if (decision.outcome === 'skip') {
          sink.skipped(o.row.rowNumber, { field: null, key: 'import.skippedDuplicate', params: { label: `${match?.name ?? ''} @ ${customer.name}` } });
          continue;
        }
        if (decision.outcome === 'update' && match) {
          const phones = [...new Set([...match.phones, ...o.phones])];
          const b = o.body;
          const row = {
            id: match.id,
            phones: o.phones.length ? phones : null,
            phone_digits: o.phones.length ? phones.map(phoneDigitsForSearch).join(' ') : null,
            title: b.title ?? null,
            department: b.department ?? null,
            email: o.email,
            wechat: b.wechat ?? null,
            birthday: b.birthday ?? null,
            notes: b.notes ?? null,
          };
          updateRows.push(row);
          sink.updated(match.id);
          const before: Record<string, unknown> = {};
          const after: Record<string, unknown> = {};
          for (const [k, v] of Object.entries({ title: b.title, department: b.department, email: o.email, wechat: b.wechat, birthday: b.birthday, notes: b.notes })) {
            if (v === undefined || v === null) continue;
            before[k] = match[k as keyof typeof match] ?? null;
            after[k] = v;
          }
          if (o.phones.length) {
            before.phones = match.phones;
            after.phones = phones;
          }
          sink.audit.push({ action: 'update', entityType: 'contact', entityId: match.id, entityLabel: `${match.name} @ ${customer.name}`, before, after });
          continue;
        }
        const id = newId();
        const pinyin = pinyinKeys(o.body.name, { person: true });
        // The first contact of a customer is its primary contact, as when created one by one.
        const isPrimary = !customersWithContacts.has(customer.id);
        customersWithContacts.add(customer.id);
        const now = ctx.now.toISOString();
        inserts.push({
          id,
          customer_id: customer.id,
          name: o.body.name,
          name_pinyin: pinyin.full,
          name_initials: pinyin.initials,
          title: o.body.title ?? null,
          department: o.body.department ?? null,
          phones: o.phones,
          phone_digits: o.phones.map(phoneDigitsForSearch).join(' '),
          email: o.email,
          wechat: o.body.wechat ?? null,
          is_primary: isPrimary,
          birthday: o.body.birthday ?? null,
          notes: o.body.notes ?? null,
          created_by: ctx.actor.userId,
          created_at: now,
          updated_at: now,
        });
        sink.created(id);
      }
      if (!writing()) return;
      await q.insertContacts(db, inserts);
      await q.updateContacts(db, updateRows, ctx.now);
    },
  } satisfies EntityImporter<Ok, undefined>;
}

/** What makes two contacts of one customer the same person: the name, a phone, or the e-mail. */
function contactKeys(customerId: string, name: string, phones: readonly string[], email: string | null): string[] {
  return [`${customerId}|n|${name.trim().toLowerCase()}`, ...phones.map((p) => `${customerId}|p|${p}`), ...(email ? [`${customerId}|e|${email.toLowerCase()}`] : [])];
}

// ---------------------------------------------------------------------------------------------
// Leads

interface LeadDraft {
  id: string;
  sources: q.StoredLeadSource[];
  companyName: string | null;
  companyKey: string | null;
  phone: string | null;
  email: string | null;
  title: string | null;
  needs: string | null;
  /** Written in an earlier batch: a later merge into it is an UPDATE. */
  inserted: boolean;
  /** 线索编号 of the sheet: its number if it fits and is free, else kept as legacy number. */
  sheetNumber: string | null;
  /** Assigned by the sheet's 跟进负责人 (so the assignment rules leave it alone). */
  ownerFromSheet: boolean;
  values: Omit<q.LeadInsert, 'number' | 'sources' | 'company_name' | 'company_key' | 'phone' | 'email' | 'title' | 'needs'>;
}

/** The same-prospect keys of the API's merge: phone, e-mail, or company and contact name. */
function prospectKeys(p: { phone: string | null; email: string | null; companyKey: string | null; contactName: string }): string[] {
  return [...(p.phone ? [`p|${p.phone}`] : []), ...(p.email ? [`e|${p.email.toLowerCase()}`] : []), ...(p.companyKey ? [`c|${p.companyKey}|${p.contactName}`] : [])];
}

function mergeSources(into: readonly q.StoredLeadSource[], add: q.StoredLeadSource): q.StoredLeadSource[] {
  return mergeLeadSources(
    into.map((s) => ({ ...s, at: new Date(s.at) })),
    [{ ...add, at: new Date(add.at) }],
  ).map((s) => ({ ...s, at: s.at.toISOString() }));
}

async function leadImporter(deps: Deps, db: DbOrTx, ctx: Ctx, settings: ImportSettings, writing: () => boolean) {
  const policy = settings.duplicatePolicy;
  const lookups = await loadLookups(db, settings.valueMapping);
  const pattern = await numberPattern(db, 'lead');
  const dateParts = numberDateParts(ctx.now, deps.config.timeZone);
  const numberScope = sequenceScopeKey('lead', pattern, dateParts);
  /** Leads this import created, by prospect key: a prospect twice in the file is one lead (unless "create anyway"). */
  const drafts = new Map<string, LeadDraft>();
  const draftIds = new Set<string>();
  const findUser = userFinder(await q.activeUsers(db));
  const keptNumbers = new Set<string>();
  const sheetDay = (date: string) => startOfDay(new Date(`${date}T12:00:00Z`), deps.config.timeZone).toISOString();

  interface Ok {
    row: Row;
    body: NonNullable<ReturnType<typeof leadRow>['body']>;
    extras: LeadExtras;
    owner: { id: string; departmentId: string | null } | null;
    phone: string | null;
    email: string | null;
    companyKey: string | null;
  }

  return {
    prepare(rows, sink): Ok[] {
      const ok: Ok[] = [];
      for (const row of rows) {
        const { body, extras, problems } = leadRow(row.record, lookups);
        let phone: string | null = null;
        if (body?.phone) {
          const result = normalisePhone(body.phone);
          if (result.ok) phone = result.e164;
          else problems.push({ field: row.record.phone ? 'phone' : 'contactReach', key: `phone.${result.reason}`, params: { value: body.phone } });
        }
        // 跟进负责人: a user by display name or username; handing a lead to someone else is assigning it.
        let owner: Ok['owner'] = null;
        if (extras.owner) {
          const found = findUser(extras.owner, 'owner');
          if ('problem' in found) problems.push(found.problem);
          else if (found.id !== ctx.actor.userId && !can(ctx.actor, 'lead', 'assign')) problems.push({ field: 'owner', key: 'import.cannotAssign', params: { value: extras.owner } });
          else owner = found;
        }
        if (!body || problems.length > 0) {
          for (const p of problems) sink.problem(row.rowNumber, p);
          continue;
        }
        const companyKey = body.companyName ? normaliseCompanyName(body.companyName).key || null : null;
        ok.push({ row, body, extras, owner, phone, email: body.email ?? null, companyKey });
      }
      return ok;
    },
    // Its lookups depend on what earlier batches wrote (contacts of the same customers; leads
    // merged into), so they stay in `apply`.
    read: () => Promise.resolve(undefined),
    async apply(ok, _found, sink) {
      const existing = await q.openLeadsMatching(db, {
        phones: [...new Set(ok.flatMap((o) => (o.phone ? [o.phone] : [])))],
        emails: [...new Set(ok.flatMap((o) => (o.email ? [o.email.toLowerCase()] : [])))],
        companyKeys: [...new Set(ok.flatMap((o) => (o.companyKey ? [o.companyKey] : [])))],
      });
      const existingByKey = new Map<string, q.ExistingLead>();
      // Oldest first, as the API merges into the oldest open lead.
      for (const l of existing) {
        if (draftIds.has(l.id)) continue;
        for (const key of prospectKeys(l)) if (!existingByKey.has(key)) existingByKey.set(key, l);
      }

      const newDrafts: LeadDraft[] = [];
      const touchedDrafts = new Set<LeadDraft>();
      const merges = new Map<string, { lead: q.ExistingLead; sources: q.StoredLeadSource[]; fill: Partial<LeadDraft> }>();
      for (const o of ok) {
        const b = o.body;
        const source: q.StoredLeadSource = { channel: b.channel, detail: b.sourceDetail ?? null, at: ctx.now.toISOString() };
        const keys = prospectKeys({ phone: o.phone, email: o.email, companyKey: o.companyKey, contactName: b.contactName });
        const fill = { companyName: b.companyName ?? null, companyKey: o.companyKey, phone: o.phone, email: o.email, title: b.title ?? null, needs: b.needs ?? null };
        const draft = policy === 'create' ? undefined : keys.map((k) => drafts.get(k)).find((d) => d !== undefined);
        if (draft) {
          draft.sources = mergeSources(draft.sources, source);
          for (const [k, v] of Object.entries(fill) as [keyof typeof fill, string | null][]) if (!draft[k] && v) draft[k] = v;
          touchedDrafts.add(draft);
          sink.updated('');
          continue;
        }
        const match = policy === 'create' ? null : (keys.map((k) => existingByKey.get(k)).find((l) => l !== undefined) ?? null);
        // Like the API, the merge happens whoever owns the lead: one prospect is one lead.
        const decision = rowOutcome(policy, match ? { inScope: true } : null);
        if ('problem' in decision) {
          sink.problem(o.row.rowNumber, decision.problem);
          continue;
        }
        if (decision.outcome === 'skip') {
          sink.skipped(o.row.rowNumber, { field: null, key: 'import.skippedDuplicateLead', params: { label: match?.number ?? '' } });
          continue;
        }
        if (decision.outcome === 'update' && match) {
          const merge = merges.get(match.id) ?? { lead: match, sources: match.sources, fill: {} };
          merge.sources = mergeSources(merge.sources, source);
          for (const [k, v] of Object.entries(fill) as [keyof typeof fill, string | null][]) if (!match[k] && !merge.fill[k] && v) (merge.fill as Record<string, string>)[k] = v;
          merges.set(match.id, merge);
          sink.updated(match.id);
          continue;
        }
        const criteria = { needMatch: b.criteria?.needMatch ?? 'unclear', budget: b.criteria?.budget ?? 'unclear', authority: b.criteria?.authority ?? 'unclear' } as const;
        // 意向等级 of the sheet is taken as an override of the computed grade, with its reason.
        const resolved = resolveLeadGrade(criteria, b.gradeOverride ?? null);
        const id = newId();
        const owner = o.owner;
        const created: LeadDraft = {
          id,
          sources: [source],
          ...fill,
          inserted: false,
          sheetNumber: o.extras.legacyNumber,
          ownerFromSheet: owner !== null,
          values: {
            id,
            legacy_number: null,
            grade_override_reason: resolved.overrideReason,
            channel: b.channel,
            contact_name: b.contactName,
            need_match: criteria.needMatch,
            budget: criteria.budget,
            authority: criteria.authority,
            computed_grade: resolved.computed,
            grade: resolved.grade,
            graded_at: ctx.now.toISOString(),
            status: initialLeadStatus(resolved.grade, owner !== null),
            department_id: owner ? (owner.departmentId ?? ctx.actor.departmentId) : ctx.actor.departmentId,
            province_code: b.provinceCode ?? null,
            region: b.provinceCode ? (regionOf(b.provinceCode) ?? null) : null,
            industry_code: b.industryCode ?? null,
            owner_id: owner?.id ?? null,
            assigned_at: owner ? ctx.now.toISOString() : null,
            registered_at: o.extras.registeredAt ? sheetDay(o.extras.registeredAt) : ctx.now.toISOString(),
            created_by: ctx.actor.userId,
            created_at: ctx.now.toISOString(),
            updated_at: ctx.now.toISOString(),
          },
        };
        if (policy !== 'create') for (const k of keys) if (!drafts.has(k)) drafts.set(k, created);
        draftIds.add(id);
        newDrafts.push(created);
        sink.created(id);
      }
      if (!writing()) return;

      if (newDrafts.length > 0) {
        // As when registered one by one, the assignment rules hand the leads worth a
        // salesperson's time (not grade C) round their teams.
        const assigned: { ownerId: string; ruleName: string; draft: LeadDraft }[] = [];
        for (const d of newDrafts) {
          if (d.ownerFromSheet) {
            if (d.values.owner_id) assigned.push({ ownerId: d.values.owner_id, ruleName: ctx.actor.displayName, draft: d });
            continue;
          }
          if (d.values.grade === 'C') continue;
          const byRule = await assignByRules(db, { region: d.values.region as SalesRegion | null, industryCode: d.values.industry_code, channel: d.values.channel as LeadChannel });
          if (!byRule) continue;
          Object.assign(d.values, { owner_id: byRule.ownerId, department_id: byRule.departmentId, assigned_at: ctx.now.toISOString(), status: initialLeadStatus(d.values.grade as LeadGrade, true) });
          assigned.push({ ownerId: byRule.ownerId, ruleName: byRule.ruleName, draft: d });
        }
        // 线索编号 of the sheet is kept where it fits the pattern and is free (the sequence moves
        // past it); otherwise it stays on the lead as its legacy number.
        const numbers = new Map<LeadDraft, string>();
        const fitting = new Map<LeadDraft, { scope: string; seq: number }>();
        for (const d of newDrafts) {
          if (!d.sheetNumber) continue;
          const fit = readNumber(pattern, d.sheetNumber);
          if (fit && !keptNumbers.has(d.sheetNumber)) {
            fitting.set(d, { scope: sequenceScopeKey('lead', pattern, fit.values), seq: fit.seq });
            keptNumbers.add(d.sheetNumber);
          } else d.values.legacy_number = d.sheetNumber;
        }
        const taken = await q.leadNumbersTaken(db, [...fitting.keys()].map((d) => d.sheetNumber ?? ''));
        const raise = new Map<string, number>();
        for (const [d, f] of fitting) {
          if (taken.has(d.sheetNumber ?? '')) d.values.legacy_number = d.sheetNumber;
          else {
            numbers.set(d, d.sheetNumber ?? '');
            raise.set(f.scope, Math.max(raise.get(f.scope) ?? 0, f.seq));
          }
        }
        await raiseSequences(db, raise);
        const toNumber = newDrafts.filter((d) => !numbers.has(d));
        if (toNumber.length > 0) {
          const first = await takeSequence(db, numberScope, toNumber.length);
          toNumber.forEach((d, i) => numbers.set(d, renderNumber(pattern, dateParts, first + i)));
        }
        await q.insertLeads(
          db,
          newDrafts.map((d) => ({
            ...d.values,
            number: numbers.get(d) ?? '',
            sources: d.sources,
            company_name: d.companyName,
            company_key: d.companyKey,
            phone: d.phone,
            email: d.email,
            title: d.title,
            needs: d.needs,
          })),
        );
        for (const d of newDrafts) {
          d.inserted = true;
          touchedDrafts.delete(d);
        }
        for (const { ownerId, ruleName, draft } of assigned) {
          if (ownerId === ctx.actor.userId) continue;
          const lead = { id: draft.id, number: numbers.get(draft) ?? '', companyName: draft.companyName, contactName: draft.values.contact_name ?? '', grade: draft.values.grade as LeadGrade };
          await notifyLeadAssigned(db, ownerId, lead, ruleName, ctx.now);
        }
      }
      const mergeRows: Parameters<typeof q.mergeIntoLeads>[1] = [];
      for (const d of touchedDrafts) {
        mergeRows.push({ id: d.id, sources: d.sources, company_name: d.companyName, company_key: d.companyKey, phone: d.phone, email: d.email, title: d.title, needs: d.needs });
      }
      for (const { lead, sources, fill } of merges.values()) {
        mergeRows.push({
          id: lead.id,
          sources,
          company_name: fill.companyName ?? null,
          company_key: fill.companyKey ?? null,
          phone: fill.phone ?? null,
          email: fill.email ?? null,
          title: fill.title ?? null,
          needs: fill.needs ?? null,
        });
        sink.audit.push({ action: 'update', entityType: 'lead', entityId: lead.id, entityLabel: lead.number, before: { sources: lead.sources.map((s) => s.channel) }, after: { sources: sources.map((s) => s.channel) } });
      }
      await q.mergeIntoLeads(db, mergeRows, ctx.now);
    },
  } satisfies EntityImporter<Ok, undefined>;
}

// ---------------------------------------------------------------------------------------------
// The job

/** Thrown inside the run's transaction to roll it back when any row failed. */
class RowsFailed extends Error {
  readonly result: ImportResult;
  constructor(result: ImportResult) {
    super('import rows failed');
    this.result = result;
  }
}

/**
 * Runs a queued import as its uploader, with the rights they have now. Idempotent: a finished
 * import is left alone, and two deliveries of one run queue on an advisory lock, the second
 * finding it finished. Everything is written in one transaction together with the job's results
 * (finishedAt) and its audit entry, so a crash midway leaves nothing behind and the retry starts
 * over. Then the tables it wrote much of are vacuumed and analyzed, and only then is it reported
 * done (succeeded): the first searches on its rows are planned on statistics that know them, and
 * do not pay for touching them first (vacuumAnalyzeAfterBulkWrite).
 */
export async function runImport(deps: Deps, importId: string, opts: { lastAttempt: boolean; validOnly?: boolean }): Promise<void> {
  const job = await q.findJob(deps.db, importId, null);
  if (!job || job.status === 'succeeded' || job.status === 'failed' || job.status === 'uploaded') return;
  // Its rows committed (finishedAt) and the run stopped before it reported done: only that is left.
  if (job.finishedAt) {
    await q.updateJob(deps.db, importId, { status: 'succeeded' }, ['running']);
    return;
  }
  const fail = async (values: q.ImportJobValues) => {
    await q.updateJob(deps.db, importId, { status: 'failed', finishedAt: deps.clock.now(), updatedAt: deps.clock.now(), ...values });
  };
  const user = job.createdBy ? await findUserWithRole(deps.db, job.createdBy) : null;
  if (!user || user.status !== 'active' || !job.mapping) {
    await fail({ failureKey: 'import.uploaderInactive' });
    return;
  }
  const actor = { ...(await actorFor(deps.db, user, { sessionId: '' })), sessionId: null };
  const ctx: Ctx = { actor, ip: null, now: deps.clock.now() };
  const settings: ImportSettings = { id: job.id, entity: job.entity, fileType: job.fileType, mapping: job.mapping, duplicatePolicy: job.duplicatePolicy, valueMapping: job.valueMapping };
  const file = await q.jobFile(deps.db, importId);
  if (!file) {
    await fail({ failureKey: 'import.fileGone' });
    return;
  }
  await q.updateJob(deps.db, importId, { status: 'running', startedAt: ctx.now, processedRows: 0 }, ['queued', 'running']);
  let analyzed: Awaited<ReturnType<typeof q.importedTablesToRefresh>> | undefined;
  try {
    await deps.db.transaction(async (tx) => {
      // The write counters as they stand now: the import's own writes are what they grow by.
      const writesBefore = await q.importWrites(tx);
      await q.settingsForBulkWrite(tx);
      await q.lockImport(tx, importId);
      const current = await q.findJob(tx, importId, null);
      if (current?.status !== 'running' || current.finishedAt) return;
      if (!can(actor, job.entity, 'create') || (job.duplicatePolicy === 'update' && job.entity !== 'lead' && !can(actor, job.entity, 'update'))) {
        throw new AppError('FORBIDDEN');
      }
      const validOnly = opts.validOnly === true;
      const flusher = q.importFlusher(deps.db, job.entity);
      const result = await processImport(deps, tx, ctx, settings, file, { write: true, validOnly, onProgress: (n) => q.setProgress(deps.db, importId, n), onBatchWritten: () => void flusher.nudge() }).finally(() => flusher.stop());
      if (result.errorRows > 0 && !validOnly) throw new RowsFailed(result);
      // Searches right after the import are planned on the imported rows, not on the statistics
      // of before (or none, after a first import); autovacuum would catch up only later. Which
      // tables need it is known from the transaction's own write counters, read here.
      analyzed = await q.importedTablesToRefresh(tx, writesBefore);
      const finishedAt = deps.clock.now();
      // Still 'running' when committed: done once those tables are vacuumed and analyzed (below).
      await q.updateJob(tx, importId, {
        finishedAt,
        updatedAt: finishedAt,
        totalRows: result.totalRows,
        processedRows: result.totalRows,
        createdCount: result.created,
        updatedCount: result.updated,
        skippedCount: result.skipped,
        // Importing the valid rows only, the failed ones stay listed (and the file kept for the error report).
        errorCount: result.errorRows,
        errors: [...result.errors, ...result.skippedRows].sort((a, b) => a.row - b.row),
        createdIds: result.createdIds,
        updatedIds: result.updatedIds,
        // Nothing failed, so no error report will need the file again.
        ...(result.errorRows === 0 ? { file: null } : {}),
      });
      // One entry for the whole import; the created records are listed in the job (createdIds),
      // each update has its own entry with the changed fields (written batch by batch).
      await writeAudit(tx, ctx, {
        action: 'create',
        entityType: 'import',
        entityId: importId,
        entityLabel: job.fileName,
        after: { entity: job.entity, fileName: job.fileName, duplicatePolicy: job.duplicatePolicy, rows: result.totalRows, created: result.created, updated: result.updated, skipped: result.skipped, ...(validOnly ? { validOnly, failedRows: result.errorRows } : {}) },
      });
    });
  } catch (error) {
    if (error instanceof RowsFailed) {
      const r = error.result;
      await fail({ totalRows: r.totalRows, processedRows: r.totalRows, errors: r.errors, errorCount: r.errorRows, createdCount: 0, updatedCount: 0, skippedCount: 0 });
      return;
    }
    if (error instanceof AppError) {
      await fail({ failureKey: error.key });
      return;
    }
    // Unexpected (the database went away…): retried by the queue; the last attempt records it.
    if (opts.lastAttempt) await fail({ failureKey: 'INTERNAL' });
    throw error;
  }
  if (analyzed === undefined) return;
  // Outside the transaction, which cannot vacuum its own rows; done even if the vacuum fails.
  try {
    await q.refreshImported(deps.db, analyzed);
  } finally {
    await q.updateJob(deps.db, importId, { status: 'succeeded' }, ['running']);
  }
}
