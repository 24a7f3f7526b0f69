import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { attachments, contacts, customerClaims, customerRfm, customerRfmHistory, customerRfmMarks, customerCollaborators, customerFeedback, customers, customerTags, followUps, leads, opportunities, orders, quotes, salesContracts, tasks, timelineEvents } from '../../db/schema/index.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { scopeWhere } from '../../platform/access/policy.ts';
import { customerScope, type CustomerRecord, type CustomerValues } from './customers.queries.ts';

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
        first_paid_at = least(s.first_paid_at, m.first_paid_at), last_paid_at = greatest(s.last_paid_at, m.last_paid_at), campaign_id = coalesce(s.campaign_id, m.campaign_id) from customers m where s.id = ${to} and m.id = ${from}`);
      await tx.update(orders).set({ customerId: to }).where(eq(orders.customerId, from));
    },
  },
  { table: 'contracts', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(salesContracts).set({ customerId: to }).where(eq(salesContracts.customerId, from)) },
  { table: 'timeline_events', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(timelineEvents).set({ customerId: to }).where(eq(timelineEvents.customerId, from)) },
  // The merged record's RFM class history goes with it; its class and mark go: the survivor's
  // figures took its orders, so a trigger marks the survivor and the next run classes it.
  { table: 'customer_rfm_history', column: 'customer_id', move: (tx: DbOrTx, from: string, to: string) => tx.update(customerRfmHistory).set({ customerId: to }).where(eq(customerRfmHistory.customerId, from)) },
  { table: 'customer_rfm', column: 'customer_id', move: (tx: DbOrTx, from: string) => tx.delete(customerRfm).where(eq(customerRfm.customerId, from)) },
  { table: 'customer_rfm_marks', column: 'customer_id', move: (tx: DbOrTx, from: string) => tx.delete(customerRfmMarks).where(eq(customerRfmMarks.customerId, from)) },
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
export const CUSTOMER_TYPED_REFERENCES = [
  {
    table: 'attachments',
    move: (tx: DbOrTx, from: string, to: string) => tx.update(attachments).set({ ownerId: to }).where(and(eq(attachments.ownerType, 'customer'), eq(attachments.ownerId, from))),
  },
] as const;

/**
 * The two customers of a merge, locked FOR UPDATE, if both are in the actor's scope and neither
 * was merged away already (else fewer rows).
 */
export async function lockMergePair(tx: DbOrTx, actor: Actor, ids: [string, string]): Promise<CustomerRecord[]> {
  return tx
    .select()
    .from(customers)
    .where(and(inArray(customers.id, ids), isNull(customers.mergedIntoId), scopeWhere(actor, customerScope)))
    .for('update');
}

/** Makes `mergedId` a tombstone pointing to `survivorId` (its credit code freed for the survivor). */
export async function tombstone(tx: DbOrTx, mergedId: string, survivorId: string, at: Date): Promise<void> {
  await tx.update(customers).set({ mergedIntoId: survivorId, deletedAt: at, creditCode: null, updatedAt: at, version: sql`${customers.version} + 1` }).where(eq(customers.id, mergedId));
}

/** Writes the values the survivor takes over (version bumped, whatever it was). */
export async function updateSurvivor(tx: DbOrTx, id: string, values: CustomerValues): Promise<void> {
  await tx.update(customers).set({ ...values, version: sql`${customers.version} + 1` }).where(eq(customers.id, id));
}
