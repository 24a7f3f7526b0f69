import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { AttachmentOwnerType } from '../../../contracts/attachments.ts';
import type { DbOrTx } from '../../db/client.ts';
import { attachments, contacts, customers, followUps, leads, users } from '../../db/schema/index.ts';
import { viewerScope, type RowLock, type Viewer } from '../../platform/access/policy.ts';
import { customerScope } from '../customers/index.ts';
import { leadScope } from '../leads/index.ts';

function base(db: DbOrTx) {
  return db.select({ attachment: attachments, uploadedByName: users.displayName }).from(attachments).leftJoin(users, eq(users.id, attachments.uploadedBy));
}
export type AttachmentRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

/** The attachments of one record, newest first (attachments_owner_idx). */
export async function listByOwner(db: DbOrTx, ownerType: AttachmentOwnerType, ownerId: string): Promise<AttachmentRow[]> {
  return base(db)
    .where(and(eq(attachments.ownerType, ownerType), eq(attachments.ownerId, ownerId)))
    .orderBy(desc(attachments.createdAt), desc(attachments.id));
}

export async function findAttachment(db: DbOrTx, id: string): Promise<AttachmentRow | null> {
  const [row] = await base(db).where(eq(attachments.id, id)).limit(1);
  return row ?? null;
}

export async function insertAttachment(db: DbOrTx, values: typeof attachments.$inferInsert): Promise<void> {
  await db.insert(attachments).values(values);
}

/** Removes one attachment row; its storage key, or null when it was already gone. */
export async function deleteAttachment(db: DbOrTx, id: string): Promise<string | null> {
  const [row] = await db.delete(attachments).where(eq(attachments.id, id)).returning({ storageKey: attachments.storageKey });
  return row?.storageKey ?? null;
}

/** Removes the attachment rows of some records; their storage keys. */
export async function deleteByOwners(db: DbOrTx, ownerType: AttachmentOwnerType, ownerIds: readonly string[]): Promise<string[]> {
  if (ownerIds.length === 0) return [];
  const rows = await db
    .delete(attachments)
    .where(and(eq(attachments.ownerType, ownerType), inArray(attachments.ownerId, [...ownerIds])))
    .returning({ storageKey: attachments.storageKey });
  return rows.map((r) => r.storageKey);
}

/** Which of these storage keys a row names (attachments_storage_key_idx). */
export async function keysInUse(db: DbOrTx, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.storageKey, [...keys]));
  return new Set(rows.map((r) => r.key));
}

// ---------------------------------------------------------------------------------------------
// Owners without a finder of their own that fits: a contact (labelled with its customer's name)
// and a follow-up (seen through its customer or lead). Customers, leads, opportunities and
// contracts are found with their modules' finders (attachments.access.ts). With `lock` the
// owner's row is held (FOR KEY SHARE) until the end of the transaction, so it cannot be
// hard-deleted under an attachment being added to it.

export interface OwnerRow {
  id: string;
  label: string;
}

/** A contact is visible exactly when its customer is. */
export async function findContactOwner(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<OwnerRow | null> {
  const query = db
    .select({ id: contacts.id, name: contacts.name, customerName: customers.name })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(eq(contacts.id, id), isNull(contacts.deletedAt), isNull(customers.deletedAt), viewerScope(viewer, customerScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: contacts }) : query);
  return row ? { id: row.id, label: `${row.name} @ ${row.customerName}` } : null;
}

/**
 * A follow-up is visible when its customer is or, logged on a lead not yet converted (no
 * customer), when its lead is.
 */
export async function findFollowUpOwner(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<OwnerRow | null> {
  const viaCustomer = and(isNotNull(followUps.customerId), isNull(customers.deletedAt), viewerScope(viewer, customerScope));
  const viaLead = and(isNull(followUps.customerId), isNotNull(followUps.leadId), isNull(leads.deletedAt), viewerScope(viewer, leadScope));
  const query = db
    .select({ id: followUps.id, happenedAt: followUps.happenedAt, customerName: customers.name, leadNumber: leads.number })
    .from(followUps)
    .leftJoin(customers, eq(customers.id, followUps.customerId))
    .leftJoin(leads, eq(leads.id, followUps.leadId))
    .where(and(eq(followUps.id, id), isNull(followUps.deletedAt), sql`((${viaCustomer ?? sql`true`}) or (${viaLead ?? sql`true`}))`))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: followUps }) : query);
  return row ? { id: row.id, label: `${row.customerName ?? row.leadNumber ?? ''} ${row.happenedAt.toISOString()}`.trim() } : null;
}
