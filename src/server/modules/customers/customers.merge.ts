import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { CUSTOMER_SENSITIVE_FIELDS, type Customer, type MergeableField, type mergeCustomersBody } from '../../../contracts/customers.ts';
import { attachments, contacts, customerClaims, customerCollaborators, customerFeedback, customers, customerTags, followUps, leads, opportunities, orders, quotes, salesContracts, tasks, timelineEvents } from '../../db/schema/index.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission, requireSensitiveWrite, scopeWhere } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { businessRule, notFound } from '../../platform/errors.ts';
import { pinyinKeys } from '../../platform/search/pinyin.ts';
import { normaliseCompanyName } from './customers.rules.ts';
import { customerScope } from './customers.queries.ts';
import { customerTimeline, getCustomer } from './customers.service.ts';

/**
 * Every table that points at a customer, and how its rows move to the survivor of a merge.
 * `customers.merge.int.test.ts` compares this list with the foreign keys in the database, so a
 * module that adds a child table without listing it here fails the build instead of leaving
 * records behind on a tombstone.
 */
export const CUSTOMER_CHILDREN = [
  { table: 'contacts', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(contacts).set({ customerId: to }).where(eq(contacts.customerId, from)) },
  { table: 'leads', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(leads).set({ customerId: to }).where(eq(leads.customerId, from)) },
  { table: 'customer_claims', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(customerClaims).set({ customerId: to }).where(eq(customerClaims.customerId, from)) },
  { table: 'follow_ups', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(followUps).set({ customerId: to }).where(eq(followUps.customerId, from)) },
  { table: 'tasks', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(tasks).set({ customerId: to }).where(eq(tasks.customerId, from)) },
  { table: 'customer_feedback', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(customerFeedback).set({ customerId: to }).where(eq(customerFeedback.customerId, from)) },
  { table: 'opportunities', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(opportunities).set({ customerId: to }).where(eq(opportunities.customerId, from)) },
  { table: 'quotes', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(quotes).set({ customerId: to }).where(eq(quotes.customerId, from)) },
  {
    table: 'orders',
    column: 'customer_id',
    // The survivor's value (客户价值) takes the merged record's paid orders with them.
    move: async (tx: DbOrTx, from: string, to: string) => {
      await tx.execute(sql`update customers s set lifetime_value_fen = s.lifetime_value_fen + m.lifetime_value_fen, paid_order_count = s.paid_order_count + m.paid_order_count,
        first_paid_at = least(s.first_paid_at, m.first_paid_at) from customers m where s.id = ${to} and m.id = ${from}`);
      await tx.update(orders).set({ customerId: to }).where(eq(orders.customerId, from));
    },
  },
  { table: 'contracts', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(salesContracts).set({ customerId: to }).where(eq(salesContracts.customerId, from)) },
  { table: 'timeline_events', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(timelineEvents).set({ customerId: to }).where(eq(timelineEvents.customerId, from)) },
  {
    table: 'customer_tags',
    column: 'customer_id',
    // Pairs the survivor already has would collide: add the missing ones, drop the rest.
    move: async (tx: DbOrTx, from: string, to: string) => {
      await tx.execute(sql`insert into customer_tags (customer_id, tag_id) select ${to}, tag_id from customer_tags where customer_id = ${from} on conflict do nothing`);
      await tx.delete(customerTags).where(eq(customerTags.customerId, from));
    },
  },
  {
    table: 'customer_collaborators',
    column: 'customer_id',
    move: async (tx: DbOrTx, from: string, to: string) => {
      await tx.execute(sql`insert into customer_collaborators (customer_id, user_id) select ${to}, user_id from customer_collaborators where customer_id = ${from} on conflict do nothing`);
      await tx.delete(customerCollaborators).where(eq(customerCollaborators.customerId, from));
    },
  },
] as const;

/**
 * Rows that name a customer by type and id, without a foreign key the list above is checked
 * against. Moved here with a plain update rather than through the attachments module, which sits
 * above customers (it checks its owners through their modules).
 */
const CUSTOMER_TYPED_REFERENCES = [
  {
    table: 'attachments',
    move: (tx: DbOrTx, from: string, to: string) => tx.update(attachments).set({ ownerId: to }).where(and(eq(attachments.ownerType, 'customer'), eq(attachments.ownerId, from))),
  },
] as const;

const FIELD_COLUMNS: Record<MergeableField, (keyof typeof customers.$inferSelect)[]> = {
  name: ['name', 'nameKey', 'namePinyin', 'nameInitials'],
  kind: ['kind'],
  grade: ['grade'],
  industryCode: ['industryCode'],
  employeeSize: ['employeeSize'],
  annualRevenue: ['annualRevenue'],
  creditCode: ['creditCode'],
  provinceCode: ['provinceCode', 'cityCode', 'districtCode', 'region'],
  address: ['address'],
  sourceChannel: ['sourceChannel'],
  sourceDetail: ['sourceDetail'],
  firstContactDate: ['firstContactDate'],
  stage: ['stage'],
  needs: ['needs'],
  decisionChain: ['decisionChain'],
  budgetNotes: ['budgetNotes'],
  decisionNotes: ['decisionNotes'],
  ownerId: ['ownerId', 'departmentId', 'ownedSince'],
};

/**
 * Folds `mergedId` into `survivorId`: the chosen values win field by field, every child record
 * moves to the survivor, and the merged record stays as a tombstone pointing to it. One
 * transaction; both records must be in the caller's scope.
 */
export async function mergeCustomers(deps: Deps, ctx: Ctx, input: z.infer<typeof mergeCustomersBody>): Promise<Customer> {
  requirePermission(ctx.actor, 'customer', 'update');
  requirePermission(ctx.actor, 'customer', 'delete');
  if (input.survivorId === input.mergedId) throw businessRule('customer.mergeSelf');
  // Keeping the survivor's value writes nothing; taking the merged record's overwrites it.
  const overwritten = Object.fromEntries(Object.entries(input.take).filter(([, side]) => side === 'merged')) as Partial<Record<MergeableField, 'merged'>>;
  requireSensitiveWrite(ctx.actor, overwritten, [...CUSTOMER_SENSITIVE_FIELDS], (f) => `take.${f}`);
  await deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(customers)
      .where(and(inArray(customers.id, [input.survivorId, input.mergedId]), isNull(customers.mergedIntoId), scopeWhere(ctx.actor, customerScope)))
      .for('update');
    const survivor = rows.find((r) => r.id === input.survivorId);
    const merged = rows.find((r) => r.id === input.mergedId);
    if (!survivor || !merged) throw notFound('customer');

    const values: Partial<typeof customers.$inferInsert> = { updatedAt: ctx.now };
    const taken: Record<string, [unknown, unknown]> = {};
    for (const [field, side] of Object.entries(input.take) as [MergeableField, 'survivor' | 'merged'][]) {
      if (side !== 'merged') continue;
      for (const column of FIELD_COLUMNS[field]) (values as Record<string, unknown>)[column] = merged[column];
      taken[field] = [survivor[field as keyof typeof survivor], merged[field as keyof typeof merged]];
    }
    if (values.name) {
      const pinyin = pinyinKeys(values.name, { person: (values.kind ?? survivor.kind) === 'individual' });
      Object.assign(values, { nameKey: normaliseCompanyName(values.name).key, namePinyin: pinyin.full, nameInitials: pinyin.initials });
    }
    const lastFollowUp = [survivor.lastFollowUpAt, merged.lastFollowUpAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
    if (lastFollowUp) values.lastFollowUpAt = lastFollowUp;

    // The tombstone first, so a credit code taken over from it is free on the survivor.
    await tx.update(customers).set({ mergedIntoId: survivor.id, deletedAt: ctx.now, creditCode: null, updatedAt: ctx.now, version: sql`${customers.version} + 1` }).where(eq(customers.id, merged.id));
    await tx.update(customers).set({ ...values, version: sql`${customers.version} + 1` }).where(eq(customers.id, survivor.id));
    for (const child of CUSTOMER_CHILDREN) await child.move(tx, merged.id, survivor.id);
    for (const ref of CUSTOMER_TYPED_REFERENCES) await ref.move(tx, merged.id, survivor.id);
    await customerTimeline(tx, ctx.actor.userId, ctx.now, survivor.id, 'customer.merged', { mergedNumber: merged.number, mergedName: merged.name });

    await writeAudit(tx, ctx, {
      action: 'update',
      entityType: 'customer',
      entityId: survivor.id,
      entityLabel: `${survivor.number} ${values.name ?? survivor.name}`,
      before: { mergedFrom: null, ...Object.fromEntries(Object.entries(taken).map(([k, v]) => [k, v[0]])) },
      after: { mergedFrom: `${merged.number} ${merged.name}`, ...Object.fromEntries(Object.entries(taken).map(([k, v]) => [k, v[1]])) },
      sensitive: CUSTOMER_SENSITIVE_FIELDS,
    });
    await writeAudit(tx, ctx, {
      action: 'delete',
      entityType: 'customer',
      entityId: merged.id,
      entityLabel: `${merged.number} ${merged.name}`,
      before: { mergedInto: null },
      after: { mergedInto: `${survivor.number} ${values.name ?? survivor.name}` },
    });
  });
  return getCustomer(deps, ctx, input.survivorId);
}
