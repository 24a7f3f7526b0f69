import type { z } from 'zod';
import type { Contact, createContactBody, updateContactBody } from '../../../contracts/contacts.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import { publishTimeline } from '../../platform/timeline/timeline.ts';
import type { Deps } from '../../platform/deps.ts';
import { invalid, notFound, versionConflict, type ErrorDetail } from '../../platform/errors.ts';
import { pinyinKeys } from '../../platform/search/pinyin.ts';
import { formatPhone, normaliseEmail, normalisePhone, phoneDigitsForSearch, requireVisibleCustomer } from '../customers/index.ts';
import * as q from './contacts.queries.ts';

/**
 * 联系人. A contact is visible exactly when its customer is: every read and write goes through
 * the customer's scope, so a contact can never be reached around it.
 */
function toContact(row: q.ContactRow): Contact {
  return {
    id: row.id,
    customerId: row.customerId,
    name: row.name,
    title: row.title,
    department: row.department,
    phones: row.phones.map((e164) => ({ e164, display: formatPhone(e164) })),
    email: row.email,
    wechat: row.wechat,
    isPrimary: row.isPrimary,
    birthday: row.birthday,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

function auditView(c: Contact) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, phones, ...rest } = c;
  return { ...rest, phones: phones.map((p) => p.e164) };
}

function normaliseInput(input: Partial<z.infer<typeof updateContactBody>>) {
  const problems: ErrorDetail[] = [];
  let phones: string[] | undefined;
  if (input.phones) {
    phones = [];
    input.phones.forEach((p, i) => {
      const result = normalisePhone(p);
      if (result.ok) phones?.push(result.e164);
      else problems.push({ path: `phones.${i}`, key: `phone.${result.reason}` });
    });
    phones = [...new Set(phones)];
  }
  return { problems, phones, email: input.email ? normaliseEmail(input.email) : input.email };
}

export async function listContacts(deps: Deps, ctx: Ctx, customerId: string): Promise<Contact[]> {
  requirePermission(ctx.actor, 'contact', 'read');
  await requireVisibleCustomer(deps.db, ctx.actor, customerId);
  return (await q.listContacts(deps.db, customerId)).map(toContact);
}

/**
 * The contact `id` if `actor` sees its customer (and it is not deleted), else 404 — or with
 * `opts.path` the 400 of a missing body reference (see FindOptions).
 */
export async function requireVisibleContact(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.ContactRow> {
  const row = await q.findContact(db, id, actor, opts.lock);
  if (!row) throw notVisible('contact', opts);
  return row;
}

export async function getContact(deps: Deps, ctx: Ctx, id: string): Promise<Contact> {
  requirePermission(ctx.actor, 'contact', 'read');
  const row = await requireVisibleContact(deps.db, ctx.actor, id);
  return toContact(row);
}

export async function createContact(deps: Deps, ctx: Ctx, customerId: string, input: z.infer<typeof createContactBody>): Promise<Contact> {
  requirePermission(ctx.actor, 'contact', 'create');
  const customer = await requireVisibleCustomer(deps.db, ctx.actor, customerId);
  return deps.db.transaction((tx) => insertContact(tx, ctx, { id: customerId, name: customer.customer.name }, input));
}

/**
 * Adds a contact to a customer the caller may see, in the caller's transaction (also used by
 * lead conversion). Throws 400 for phones that are not phone numbers.
 */
export async function insertContact(tx: DbOrTx, ctx: Ctx, customer: { id: string; name: string }, input: z.infer<typeof createContactBody>): Promise<Contact> {
  const { problems, phones, email } = normaliseInput(input);
  if (problems.length > 0) throw invalid(problems);
  const pinyin = pinyinKeys(input.name, { person: true });
  const existing = await q.listContacts(tx, customer.id);
  const id = await q.insertContact(tx, {
    customerId: customer.id,
    name: input.name,
    namePinyin: pinyin.full,
    nameInitials: pinyin.initials,
    title: input.title ?? null,
    department: input.department ?? null,
    phones: phones ?? [],
    phoneDigits: (phones ?? []).map(phoneDigitsForSearch).join(' '),
    email: email ?? null,
    wechat: input.wechat ?? null,
    // The first contact of a customer is its primary contact unless said otherwise.
    isPrimary: input.isPrimary ?? existing.length === 0,
    birthday: input.birthday ?? null,
    notes: input.notes ?? null,
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  if (input.isPrimary) await q.clearPrimary(tx, customer.id, id);
  // UNSCOPED: re-reads the contact this transaction just wrote (after the scoped check or the insert).
  const row = await q.findContact(tx, id, UNSCOPED);
  if (!row) throw notFound('contact');
  const created = toContact(row);
  await writeAudit(tx, ctx, { action: 'create', entityType: 'contact', entityId: id, entityLabel: `${input.name} @ ${customer.name}`, after: auditView(created) });
  await publishTimeline(tx, { kind: 'contact.added', customerId: customer.id, occurredAt: ctx.now, actorId: ctx.actor.userId, entityType: 'contact', entityId: id, params: { name: created.name, title: created.title } });
  return created;
}

export async function updateContact(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateContactBody>): Promise<Contact> {
  requirePermission(ctx.actor, 'contact', 'update');
  const beforeRow = await requireVisibleContact(deps.db, ctx.actor, id);
  const { problems, phones, email } = normaliseInput(input);
  if (problems.length > 0) throw invalid(problems);
  return deps.db.transaction(async (tx) => {
    const values: q.ContactValues = { updatedAt: ctx.now };
    for (const key of ['title', 'department', 'wechat', 'isPrimary', 'birthday', 'notes'] as const) {
      if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
    }
    if (input.name !== undefined) {
      const pinyin = pinyinKeys(input.name, { person: true });
      Object.assign(values, { name: input.name, namePinyin: pinyin.full, nameInitials: pinyin.initials });
    }
    if (phones !== undefined) {
      values.phones = phones;
      values.phoneDigits = phones.map(phoneDigitsForSearch).join(' ');
    }
    if (email !== undefined) values.email = email;
    if (!(await q.updateContact(tx, id, input.version, values))) throw versionConflict();
    if (input.isPrimary) await q.clearPrimary(tx, beforeRow.customerId, id);
    // UNSCOPED: re-reads the contact this transaction just wrote (after the scoped check or the insert).
    const row = await q.findContact(tx, id, UNSCOPED);
    if (!row) throw notFound('contact');
    const after = toContact(row);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'contact', entityId: id, entityLabel: after.name, before: auditView(toContact(beforeRow)), after: auditView(after) });
    return after;
  });
}

export async function deleteContact(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'contact', 'delete');
  const row = await requireVisibleContact(deps.db, ctx.actor, id);
  await deps.db.transaction(async (tx) => {
    await q.softDelete(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'contact', entityId: id, entityLabel: row.name, before: auditView(toContact(row)) });
  });
}
