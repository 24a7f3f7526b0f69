import type { z } from 'zod';
import type { TimelineKind } from '../../../contracts/timeline.ts';
import { CUSTOMER_SENSITIVE_FIELDS, type createCustomerBody, type Customer, type CustomerListRow, type DuplicateCandidate, type duplicateCheckBody, type listCustomersQuery, type updateCustomerBody } from '../../../contracts/customers.ts';
import type { DbOrTx } from '../../db/client.ts';
import { can, type Actor, type Ctx } from '../../platform/access/actor.ts';
import { notVisible, requirePermission, requireSensitiveWrite, UNSCOPED, withoutSensitive, type FindOptions, type Viewer } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import { publishTimeline } from '../../platform/timeline/timeline.ts';
import { placeWithUser, usersInScope } from '../../platform/access/placement.ts';
import { readSetting } from '../../platform/settings/settings.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, invalid, notFound, versionConflict, type ErrorDetail } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { wantsTotal } from '../../platform/http/list-total.ts';
import { nextSequence } from '../../platform/numbering/sequences.ts';
import { notify } from '../notifications/index.ts';
import { activeSourceChannel } from '../catalog/index.ts';
import * as q from './customers.queries.ts';
import { compareCompanyNames, normaliseCompanyName, normaliseEmail, normalisePhone, validateCreditCode } from './customers.rules.ts';
import { DEFAULT_CUSTOMER_NUMBER_PATTERN, NO_INDUSTRY_CODE, numberDateParts, renderNumber, sequenceScopeKey } from '../numbering/index.ts';
import { pinyinKeys } from '../../platform/search/pinyin.ts';
import { isValidDistrictPath, pathOf, regionOf } from './regions/regions.ts';

const SENSITIVE = [...CUSTOMER_SENSITIVE_FIELDS];

/** An entry on the customer's own timeline (created, stage or owner changed, merged). */
export async function customerTimeline(tx: DbOrTx, actorId: string | null, at: Date, customerId: string, kind: TimelineKind, params: Record<string, string | number | boolean | null>): Promise<void> {
  await publishTimeline(tx, { kind, customerId, occurredAt: at, actorId, entityType: 'customer', entityId: customerId, params });
}
/** Name scores from which a match is a strong duplicate (creating needs force). */
const STRONG_NAME_SCORE = 0.95;
const CANDIDATE_MIN_SCORE = 0.5;

/** "Province / city / district" of a division code, kept per code: a page names the same ones over and over. */
const divisionPaths = new Map<string, string | null>();
function divisionPath(code: string | null): string | null {
  if (!code) return null;
  let text = divisionPaths.get(code);
  if (text === undefined) {
    const names = pathOf(code);
    text = names ? [names.province?.name, names.city?.name, names.district?.name].filter(Boolean).join(' / ') : null;
    divisionPaths.set(code, text);
  }
  return text;
}

function toCustomer(actor: Actor, row: q.CustomerRow, tags: q.CustomerTag[], collaboratorIds: string[]): Customer {
  const c = row.customer;
  const customer: Customer = {
    id: c.id,
    number: c.number,
    legacyNumber: c.legacyNumber,
    kind: c.kind,
    name: c.name,
    industryCode: c.industryCode,
    employeeSize: c.employeeSize,
    annualRevenue: c.annualRevenue,
    creditCode: c.creditCode,
    provinceCode: c.provinceCode,
    cityCode: c.cityCode,
    districtCode: c.districtCode,
    divisionPath: divisionPath(c.districtCode ?? c.cityCode ?? c.provinceCode),
    address: c.address,
    region: c.region,
    sourceChannel: c.sourceChannel,
    sourceDetail: c.sourceDetail,
    firstContactDate: c.firstContactDate,
    stage: c.stage,
    grade: c.grade,
    needs: c.needs,
    decisionChain: c.decisionChain.map((d) => ({ name: d.name, title: d.title ?? null, role: d.role ?? null })),
    budgetNotes: c.budgetNotes,
    decisionNotes: c.decisionNotes,
    ownerId: c.ownerId,
    ownerName: row.ownerName,
    departmentId: c.departmentId,
    departmentName: row.departmentName,
    collaboratorIds,
    tags,
    lastFollowUpAt: c.lastFollowUpAt?.toISOString() ?? null,
    lifetimeValueFen: c.lifetimeValueFen,
    paidOrderCount: c.paidOrderCount,
    repurchase: c.paidOrderCount > 1,
    lastPaidAt: c.lastPaidAt?.toISOString() ?? null,
    rfmClass: row.rfmClass ?? 'none',
    campaignId: c.campaignId,
    campaignName: row.campaignName,
    mergedIntoId: c.mergedIntoId,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
  return withoutSensitive(actor, customer, SENSITIVE);
}

/** A list row (CUSTOMER_LIST_FIELDS), with the sensitive fields only for those who may see them. */
function toListRow(actor: Actor, row: q.CustomerPageRow): CustomerListRow {
  const c = row.customer;
  const item: CustomerListRow = {
    id: c.id,
    number: c.number,
    kind: c.kind,
    name: c.name,
    industryCode: c.industryCode,
    employeeSize: c.employeeSize,
    annualRevenue: c.annualRevenue,
    creditCode: c.creditCode,
    provinceCode: c.provinceCode,
    divisionPath: divisionPath(c.districtCode ?? c.cityCode ?? c.provinceCode),
    address: c.address,
    region: c.region,
    sourceChannel: c.sourceChannel,
    sourceDetail: c.sourceDetail,
    firstContactDate: c.firstContactDate,
    stage: c.stage,
    grade: c.grade,
    needs: c.needs,
    budgetNotes: c.budgetNotes,
    decisionNotes: c.decisionNotes,
    ownerId: c.ownerId,
    ownerName: row.ownerName,
    departmentId: c.departmentId,
    departmentName: row.departmentName,
    tags: row.tags,
    lastFollowUpAt: c.lastFollowUpAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
  return withoutSensitive(actor, item, SENSITIVE);
}

/** What the audit log keeps of a customer (ids of lists resolved to sorted lists). */
function auditView(c: Customer | (q.CustomerRecord & { tagIds?: string[]; collaboratorIds?: string[] })) {
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...rest } = c as Record<string, unknown>;
  return rest;
}

export async function listCustomers(deps: Deps, ctx: Ctx, query: z.infer<typeof listCustomersQuery>) {
  requirePermission(ctx.actor, 'customer', 'read');
  return listCustomerPage(deps, ctx, query, ctx.actor);
}

/** One page of customers matching the query among those `among` selects: the viewer's, or the pool. */
export async function listCustomerPage(deps: Deps, ctx: Ctx, query: z.infer<typeof listCustomersQuery>, among: Viewer | 'pool') {
  const list: { among: Viewer | 'pool'; query: typeof query; now: Date; timeZone: string } = { among, query, now: ctx.now, timeZone: deps.config.timeZone };
  const { rows, total } = await q.listCustomerPage(deps.db, { ...list, exactUpTo: wantsTotal(query.cursor) ? deps.config.listExactTotal : undefined });
  const field = query.sort.replace(/^-/, '') as 'createdAt' | 'updatedAt' | 'name' | 'number';
  return { ...toPage(rows, query.limit, (r) => [r.customer[field], r.customer.id], (r) => toListRow(ctx.actor, r)), ...total };
}

/**
 * The customer `id` if `actor` may see it (in scope, not deleted), else 404 — or with
 * `opts.path` the 400 of a missing body reference (see FindOptions). The one way other modules
 * reach a customer by id: scope first, so an out-of-scope record is simply not found.
 */
export async function requireVisibleCustomer(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.CustomerRow> {
  const row = await q.findCustomer(db, id, actor, opts.lock);
  if (!row) throw notVisible('customer', opts);
  return row;
}

async function present(db: DbOrTx, ctx: Ctx, row: q.CustomerRow): Promise<Customer> {
  const rel = await q.relationsOf(db, [row.customer.id]);
  return toCustomer(ctx.actor, row, rel.tags.get(row.customer.id) ?? [], rel.collaborators.get(row.customer.id) ?? []);
}

export async function getCustomer(deps: Deps, ctx: Ctx, id: string): Promise<Customer> {
  requirePermission(ctx.actor, 'customer', 'read');
  const row = await q.findCustomer(deps.db, id, ctx.actor);
  if (row) return present(deps.db, ctx, row);
  // A bookmark to a merged-away customer should lead on to the survivor, for those who could see
  // the record before the merge; everyone else learns nothing, not even that it existed.
  const tomb = await q.findMergedCustomer(deps.db, id, ctx.actor);
  if (tomb?.customer.mergedIntoId) throw new AppError('NOT_FOUND', { key: 'customer.mergedInto', data: { mergedIntoId: tomb.customer.mergedIntoId } });
  throw notFound('customer');
}

type Editable = Partial<z.infer<typeof updateCustomerBody>>;

/** Checks the references and formats of a create or update; returns the normalised values. */
async function checkFields(deps: Deps, actor: Actor, input: Editable, keptCollaborators: ReadonlySet<string> = new Set()) {
  const problems: ErrorDetail[] = [];
  let creditCode: string | null | undefined = input.creditCode;
  if (input.creditCode) {
    const result = validateCreditCode(input.creditCode);
    if (result.ok) creditCode = result.code;
    else problems.push({ path: 'creditCode', key: `creditCode.${result.reason}` });
  } else if (input.creditCode === '') creditCode = null;
  if (input.industryCode && !(await q.activeIndustry(deps.db, input.industryCode))) {
    problems.push({ path: 'industryCode', key: 'NOT_FOUND', params: { entity: 'industry' } });
  }
  if (input.sourceChannel && !(await activeSourceChannel(deps.db, input.sourceChannel))) {
    problems.push({ path: 'sourceChannel', key: 'NOT_FOUND', params: { entity: 'sourceChannel' } });
  }
  const touchesDivision = input.provinceCode !== undefined || input.cityCode !== undefined || input.districtCode !== undefined;
  if (touchesDivision && input.provinceCode && !isValidDistrictPath(input.provinceCode, input.cityCode ?? null, input.districtCode ?? null)) {
    problems.push({ path: 'districtCode', key: 'validation.divisionPath' });
  }
  if (input.tagIds?.length) {
    const found = await q.existingTags(deps.db, input.tagIds);
    input.tagIds.forEach((id, i) => {
      if (!found.has(id)) problems.push({ path: `tagIds.${i}`, key: 'NOT_FOUND', params: { entity: 'tag' } });
    });
  }
  // A collaborator sees the customer: only colleagues the caller could give it to.
  if (input.collaboratorIds?.length) problems.push(...(await usersInScope(deps.db, actor, input.collaboratorIds, 'collaboratorIds', keptCollaborators)));
  const region = input.provinceCode ? (regionOf(input.provinceCode) ?? null) : input.provinceCode === null ? null : undefined;
  return { problems, creditCode, region };
}

/** The owner a create names: the caller by default; anyone else (or the pool) needs customer:assign. */
async function resolveOwner(deps: Deps, actor: Actor, ownerId: string | null | undefined) {
  if (ownerId === undefined || ownerId === actor.userId) return { ownerId: actor.userId, departmentId: actor.departmentId };
  if (!can(actor, 'customer', 'assign')) throw new AppError('FORBIDDEN');
  if (ownerId === null) return { ownerId: null, departmentId: actor.departmentId };
  const placed = await placeWithUser(deps.db, actor, ownerId, 'ownerId');
  return { ownerId, departmentId: placed.departmentId };
}

/**
 * Customers that may be the one described, best first. Matches outside the caller's scope are
 * reported without their data ("exists, owned by someone else"), so nobody learns another
 * salesperson's customer through the check, yet nobody creates it twice either.
 */
export async function findDuplicates(deps: Deps, ctx: Ctx, input: z.infer<typeof duplicateCheckBody>): Promise<DuplicateCandidate[]> {
  const name = input.name ? normaliseCompanyName(input.name) : null;
  const credit = input.creditCode ? validateCreditCode(input.creditCode) : null;
  const phone = input.phone ? normalisePhone(input.phone) : null;
  const probe: q.DuplicateProbe = {
    nameKey: name?.key || null,
    creditCode: credit?.ok ? credit.code : null,
    phone: phone?.ok ? phone.e164 : null,
    email: input.email ? normaliseEmail(input.email) : null,
    excludeId: input.excludeId ?? null,
  };
  const rows = await q.duplicateCandidates(deps.db, probe);
  if (rows.length === 0) return [];
  const visible = await q.visibleCustomerIds(deps.db, ctx.actor, rows.map((r) => r.id));
  const canRead = can(ctx.actor, 'customer', 'read');
  const out: DuplicateCandidate[] = [];
  for (const r of rows) {
    const reasons: DuplicateCandidate['reasons'] = [];
    let score = 0;
    let nameScore: number | null = null;
    if (probe.creditCode && r.creditCode === probe.creditCode) {
      reasons.push('credit_code');
      score = 1;
    }
    if (name) {
      const match = compareCompanyNames(name, r.name);
      if (match.score >= STRONG_NAME_SCORE) reasons.push('name');
      else if (match.score >= CANDIDATE_MIN_SCORE) reasons.push('similar_name');
      score = Math.max(score, match.score);
      nameScore = match.score;
    }
    if (r.phoneMatch) {
      reasons.push('phone');
      score = Math.max(score, 0.95);
    }
    if (r.emailMatch) {
      reasons.push('email');
      score = Math.max(score, 0.9);
    }
    if (reasons.length === 0) continue;
    const strong = reasons.some((x) => x === 'credit_code' || x === 'name' || x === 'phone' || x === 'email');
    const mine = canRead && visible.has(r.id);
    out.push({
      id: mine ? r.id : null,
      number: mine ? r.number : null,
      name: mine ? r.name : null,
      ownerName: mine ? r.ownerName : null,
      ownedBySomeoneElse: !mine,
      score: Math.round(score * 1000) / 1000,
      nameScore: nameScore === null ? null : Math.round(nameScore * 1000) / 1000,
      reasons,
      strong,
    });
  }
  return out.sort((a, b) => b.score - a.score);
}

export async function duplicateCheck(deps: Deps, ctx: Ctx, input: z.infer<typeof duplicateCheckBody>): Promise<DuplicateCandidate[]> {
  requirePermission(ctx.actor, 'customer', 'read');
  return findDuplicates(deps, ctx, input);
}

async function numberFor(deps: Deps, tx: DbOrTx, industryCode: string | null, now: Date): Promise<string> {
  const pattern = (await readSetting(tx, 'numbering.customer')) ?? DEFAULT_CUSTOMER_NUMBER_PATTERN;
  const values = { ...numberDateParts(now, deps.config.timeZone), industryCode: industryCode ?? NO_INDUSTRY_CODE };
  const scope = sequenceScopeKey('customer', pattern, values);
  // A changed pattern may render a number that exists already: draw again (see sequenceScopeKey).
  for (;;) {
    const number = renderNumber(pattern, values, await nextSequence(tx, scope));
    if (!(await q.numberTaken(tx, number))) return number;
  }
}

export interface PreparedCustomer {
  input: z.infer<typeof createCustomerBody>;
  creditCode: string | null | undefined;
  region: Customer['region'] | undefined;
  owner: { ownerId: string | null; departmentId: string | null };
  forcedOver: number;
}

/**
 * Everything a create checks before writing: fields, owner, duplicates. Separate from the insert
 * so other use cases (lead conversion) can create a customer inside their own transaction.
 */
export async function prepareCustomer(deps: Deps, ctx: Ctx, input: z.infer<typeof createCustomerBody>): Promise<PreparedCustomer> {
  requirePermission(ctx.actor, 'customer', 'create');
  requireSensitiveWrite(ctx.actor, input, SENSITIVE);
  const { problems, creditCode, region } = await checkFields(deps, ctx.actor, input);
  if (input.force && !input.forceReason) problems.push({ path: 'forceReason', key: 'validation.required' });
  if (problems.length > 0) throw invalid(problems);
  const owner = await resolveOwner(deps, ctx.actor, input.ownerId);
  const duplicates = (await findDuplicates(deps, ctx, { name: input.name, creditCode: creditCode ?? undefined })).filter((d) => d.strong);
  // A credit code identifies one legal entity: that duplicate cannot be forced.
  const sameCode = duplicates.filter((d) => d.reasons.includes('credit_code'));
  if (sameCode.length > 0) {
    throw new AppError('DUPLICATE', { key: 'customer.duplicate', details: [{ path: 'creditCode', key: 'customer.duplicateCreditCode' }], data: { candidates: sameCode } });
  }
  if (duplicates.length > 0 && !input.force) {
    throw new AppError('DUPLICATE', { key: 'customer.duplicate', details: [{ path: 'name', key: 'customer.duplicate' }], data: { candidates: duplicates } });
  }
  return { input, creditCode, region, owner, forcedOver: duplicates.length };
}

/** Writes a prepared customer (number, tags, collaborators, audit) in the caller's transaction. */
export async function insertCustomer(deps: Deps, tx: DbOrTx, ctx: Ctx, prepared: PreparedCustomer): Promise<Customer> {
  const { input, creditCode, region, owner } = prepared;
  const name = normaliseCompanyName(input.name);
  const pinyin = pinyinKeys(input.name, { person: input.kind === 'individual' });
  const number = await numberFor(deps, tx, input.industryCode ?? null, ctx.now);
  const id = await q.insertCustomer(tx, {
    number,
    kind: input.kind,
    name: input.name,
    nameKey: name.key,
    namePinyin: pinyin.full,
    nameInitials: pinyin.initials,
    industryCode: input.industryCode ?? null,
    employeeSize: input.employeeSize ?? null,
    annualRevenue: input.annualRevenue ?? null,
    creditCode: creditCode ?? null,
    provinceCode: input.provinceCode ?? null,
    cityCode: input.cityCode ?? null,
    districtCode: input.districtCode ?? null,
    address: input.address ?? null,
    region: region ?? null,
    sourceChannel: input.sourceChannel ?? null,
    sourceDetail: input.sourceDetail ?? null,
    firstContactDate: input.firstContactDate ?? null,
    stage: input.stage ?? 'potential',
    grade: input.grade ?? null,
    needs: input.needs ?? null,
    decisionChain: input.decisionChain ?? [],
    budgetNotes: input.budgetNotes ?? null,
    decisionNotes: input.decisionNotes ?? null,
    ownerId: owner.ownerId,
    departmentId: owner.departmentId,
    poolEnteredAt: owner.ownerId === null ? ctx.now : null,
    ownedSince: owner.ownerId === null ? null : ctx.now,
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  if (input.tagIds?.length) await q.setTags(tx, id, input.tagIds);
  if (input.collaboratorIds?.length) await q.setCollaborators(tx, id, input.collaboratorIds);
  // UNSCOPED: re-reads the row this transaction just wrote, after the scoped check (or the create).
    const row = await q.findCustomer(tx, id, UNSCOPED);
  if (!row) throw notFound('customer');
  const created = await present(tx, { ...ctx, actor: { ...ctx.actor, canViewSensitive: true } }, row);
  await customerTimeline(tx, ctx.actor.userId, ctx.now, id, 'customer.created', { number, name: input.name, stage: created.stage, ownerName: created.ownerName });
  await writeAudit(tx, ctx, {
    action: 'create',
    entityType: 'customer',
    entityId: id,
    entityLabel: `${number} ${input.name}`,
    after: { ...auditView(created), ...(input.force && prepared.forcedOver ? { forcedDespiteDuplicates: prepared.forcedOver, forceReason: input.forceReason } : {}) },
    sensitive: SENSITIVE,
  });
  return withoutSensitive(ctx.actor, created, SENSITIVE);
}

export async function createCustomer(deps: Deps, ctx: Ctx, input: z.infer<typeof createCustomerBody>): Promise<Customer> {
  const prepared = await prepareCustomer(deps, ctx, input);
  return deps.db.transaction((tx) => insertCustomer(deps, tx, ctx, prepared));
}

export async function updateCustomer(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateCustomerBody>): Promise<Customer> {
  requirePermission(ctx.actor, 'customer', 'update');
  const beforeRow = await requireVisibleCustomer(deps.db, ctx.actor, id);
  const full = { ...ctx, actor: { ...ctx.actor, canViewSensitive: true } };
  const before = await present(deps.db, full, beforeRow);
  const merged: Editable = {
    ...input,
    // A channel retired since it was chosen may stay on the customer; only a new choice is checked.
    sourceChannel: input.sourceChannel === before.sourceChannel ? undefined : input.sourceChannel,
    provinceCode: input.provinceCode !== undefined || input.cityCode !== undefined || input.districtCode !== undefined ? (input.provinceCode ?? null) : undefined,
  };
  requireSensitiveWrite(ctx.actor, input, SENSITIVE);
  const { problems, creditCode, region } = await checkFields(deps, ctx.actor, merged, new Set(before.collaboratorIds));
  if (problems.length > 0) throw invalid(problems);
  if (creditCode && creditCode !== before.creditCode) {
    const dup = (await findDuplicates(deps, ctx, { creditCode, excludeId: id })).filter((d) => d.reasons.includes('credit_code'));
    if (dup.length > 0) throw new AppError('DUPLICATE', { key: 'customer.duplicate', details: [{ path: 'creditCode', key: 'customer.duplicate' }], data: { candidates: dup } });
  }
  return deps.db.transaction(async (tx) => {
    const values: q.CustomerValues = { updatedAt: ctx.now };
    const simple = ['kind', 'industryCode', 'employeeSize', 'annualRevenue', 'address', 'sourceChannel', 'sourceDetail', 'firstContactDate', 'stage', 'grade', 'needs', 'decisionChain', 'budgetNotes', 'decisionNotes', 'provinceCode', 'cityCode', 'districtCode'] as const;
    for (const key of simple) {
      if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
    }
    if (input.name !== undefined) {
      values.name = input.name;
      values.nameKey = normaliseCompanyName(input.name).key;
      const pinyin = pinyinKeys(input.name, { person: (input.kind ?? before.kind) === 'individual' });
      values.namePinyin = pinyin.full;
      values.nameInitials = pinyin.initials;
    }
    if (input.creditCode !== undefined) values.creditCode = creditCode ?? null;
    if (region !== undefined) values.region = region;
    if (!(await q.updateCustomer(tx, id, input.version, values))) throw versionConflict();
    if (input.tagIds !== undefined) await q.setTags(tx, id, input.tagIds);
    if (input.collaboratorIds !== undefined) await q.setCollaborators(tx, id, input.collaboratorIds);
    // UNSCOPED: re-reads the row this transaction just wrote, after the scoped check (or the create).
    const row = await q.findCustomer(tx, id, UNSCOPED);
    if (!row) throw notFound('customer');
    const after = await present(tx, full, row);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'customer', entityId: id, entityLabel: `${after.number} ${after.name}`, before: auditView(before), after: auditView(after), sensitive: SENSITIVE });
    if (after.stage !== before.stage) await customerTimeline(tx, ctx.actor.userId, ctx.now, id, 'customer.stage_changed', { from: before.stage, to: after.stage });
    return withoutSensitive(ctx.actor, after, SENSITIVE);
  });
}

/** Soft delete: the customer disappears from lists and searches and can be restored by an admin. */
export async function deleteCustomer(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'customer', 'delete');
  const row = await requireVisibleCustomer(deps.db, ctx.actor, id);
  await deps.db.transaction(async (tx) => {
    await q.softDeleteCustomer(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'customer', entityId: id, entityLabel: `${row.customer.number} ${row.customer.name}` });
  });
}

/**
 * Hands a customer to another owner, or back to the pool with null (customer:assign, audited).
 * The new owner is told, unless `notifyOwner` is false: a bulk transfer tells them once for all.
 */
export async function assignCustomer(deps: Deps, ctx: Ctx, id: string, input: { ownerId: string | null; version: number }, opts: { notifyOwner?: boolean } = {}): Promise<Customer> {
  requirePermission(ctx.actor, 'customer', 'assign');
  const before = await requireVisibleCustomer(deps.db, ctx.actor, id);
  const owner = input.ownerId === null ? { ownerId: null, departmentId: before.customer.departmentId } : await resolveOwner(deps, ctx.actor, input.ownerId);
  return deps.db.transaction(async (tx) => {
    const ok = await q.updateCustomer(tx, id, input.version, {
      ownerId: owner.ownerId,
      departmentId: owner.departmentId,
      ownedSince: owner.ownerId === null ? null : ctx.now,
      poolEnteredAt: owner.ownerId === null ? ctx.now : null,
      updatedAt: ctx.now,
    });
    if (!ok) throw versionConflict();
    // UNSCOPED: re-reads the row this transaction just wrote, after the scoped check (or the create).
    const row = await q.findCustomer(tx, id, UNSCOPED);
    if (!row) throw notFound('customer');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'customer', entityId: id, entityLabel: `${row.customer.number} ${row.customer.name}`, before: { owner: before.ownerName }, after: { owner: row.ownerName } });
    if (row.customer.ownerId !== before.customer.ownerId) await customerTimeline(tx, ctx.actor.userId, ctx.now, id, 'customer.owner_changed', { from: before.ownerName, to: row.ownerName, via: 'assign' });
    if (opts.notifyOwner !== false && owner.ownerId && owner.ownerId !== ctx.actor.userId && owner.ownerId !== before.customer.ownerId) {
      await notify(tx, [owner.ownerId], { kind: 'customer.assigned', params: { number: row.customer.number, name: row.customer.name, by: ctx.actor.displayName }, entity: { type: 'customer', id } }, ctx.now);
    }
    return present(tx, ctx, row);
  });
}
