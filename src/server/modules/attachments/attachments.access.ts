import type { Action, Resource } from '../../../contracts/access.ts';
import type { AttachmentOwnerType } from '../../../contracts/attachments.ts';
import type { DbOrTx } from '../../db/client.ts';
import { can, type Actor, type Ctx } from '../../platform/access/actor.ts';
import type { FindOptions } from '../../platform/access/policy.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { requireVisibleContract } from '../sales-contracts/index.ts';
import { requireVisibleCustomer } from '../customers/index.ts';
import { requireVisibleLead } from '../leads/index.ts';
import { requireVisibleOpportunity } from '../opportunities/index.ts';
import * as q from './attachments.queries.ts';

/**
 * Who may see and change the attachments of a record — the one place that says it. A file is
 * as visible as the record it is attached to:
 *  - read (list, download): the record is in the caller's scope and alive, and the caller may
 *    read that kind of record;
 *  - write (upload, delete): the same, and the caller may edit that kind of record (a follow-up:
 *    create or edit follow-ups).
 * A record out of scope, deleted or missing is not found (404), never "forbidden".
 */

export type AccessMode = 'read' | 'write';

interface OwnerPolicy {
  /** The caller needs one of these (resource, action) pairs. */
  read: readonly (readonly [Resource, Action])[];
  write: readonly (readonly [Resource, Action])[];
  /** Entity named in a 404 about the record. */
  entity: string;
  /** The record if the caller sees it (alive, in scope), else null. */
  find(db: DbOrTx, actor: Actor, id: string, lock: boolean): Promise<q.OwnerRow | null>;
}

/**
 * With `lock` the record is held (FOR KEY SHARE) until the end of the transaction, so it cannot
 * be hard-deleted under an attachment being added to it.
 */
const findOptions = (lock: boolean): FindOptions => (lock ? { lock: 'key share' } : {});

/**
 * An owner through its module's finder, whose "not visible" (a 404 naming the record) becomes
 * null here: attachments answer it themselves (an attachment named by id is "attachment" not found).
 */
async function visibleOwner(find: () => Promise<q.OwnerRow>): Promise<q.OwnerRow | null> {
  try {
    return await find();
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

const POLICIES: Record<AttachmentOwnerType, OwnerPolicy> = {
  customer: {
    read: [['customer', 'read']],
    write: [['customer', 'update']],
    entity: 'customer',
    find: (db, actor, id, lock) =>
      visibleOwner(async () => {
        const { customer } = await requireVisibleCustomer(db, actor, id, findOptions(lock));
        return { id: customer.id, label: `${customer.number} ${customer.name}` };
      }),
  },
  contact: {
    read: [['contact', 'read']],
    write: [['contact', 'update']],
    entity: 'contact',
    find: (db, actor, id, lock) => q.findContactOwner(db, id, actor, findOptions(lock).lock),
  },
  lead: {
    read: [['lead', 'read']],
    write: [['lead', 'update']],
    entity: 'lead',
    find: (db, actor, id, lock) =>
      visibleOwner(async () => {
        const { lead } = await requireVisibleLead(db, actor, id, findOptions(lock));
        return { id: lead.id, label: `${lead.number} ${lead.companyName ?? lead.contactName}` };
      }),
  },
  follow_up: {
    read: [['follow_up', 'read']],
    write: [
      ['follow_up', 'create'],
      ['follow_up', 'update'],
    ],
    entity: 'follow_up',
    find: (db, actor, id, lock) => q.findFollowUpOwner(db, id, actor, findOptions(lock).lock),
  },
  // The scanned contract: as visible as the contract (its owner and department), not its customer.
  contract: {
    read: [['contract', 'read']],
    write: [['contract', 'update']],
    entity: 'contract',
    find: (db, actor, id, lock) =>
      visibleOwner(async () => {
        const { contract } = await requireVisibleContract(db, actor, id, findOptions(lock));
        return { id: contract.id, label: `${contract.number} ${contract.title}` };
      }),
  },
  opportunity: {
    read: [['opportunity', 'read']],
    write: [['opportunity', 'update']],
    entity: 'opportunity',
    find: (db, actor, id, lock) =>
      visibleOwner(async () => {
        const { o } = await requireVisibleOpportunity(db, actor, id, findOptions(lock));
        return { id: o.id, label: o.name };
      }),
  },
};

/** Whether the caller's role allows this access to attachments of this kind of record (scope aside). */
export function mayAccess(actor: Actor, ownerType: AttachmentOwnerType, mode: AccessMode): boolean {
  return POLICIES[ownerType][mode].some(([resource, action]) => can(actor, resource, action));
}

/**
 * The record attachments are listed for or uploaded to, named in the URL: 403 without the
 * permission (which says nothing about the record), 404 when the record is not visible.
 */
export async function requireOwner(db: DbOrTx, ctx: Ctx, ownerType: AttachmentOwnerType, ownerId: string, mode: AccessMode, lock = false): Promise<q.OwnerRow> {
  if (!mayAccess(ctx.actor, ownerType, mode)) throw new AppError('FORBIDDEN');
  const owner = await POLICIES[ownerType].find(db, ctx.actor, ownerId, lock);
  if (!owner) throw notFound(POLICIES[ownerType].entity);
  return owner;
}

/**
 * An attachment named by its id, with its record: 404 alike when the attachment does not exist,
 * when its record is not visible and when the role lacks the permission, so that an id reveals
 * nothing to someone who may not see it.
 */
export async function requireAttachment(db: DbOrTx, ctx: Ctx, id: string, mode: AccessMode): Promise<{ row: q.AttachmentRow; owner: q.OwnerRow }> {
  const row = await q.findAttachment(db, id);
  const a = row?.attachment;
  if (!row || !a || !mayAccess(ctx.actor, a.ownerType, mode)) throw notFound('attachment');
  const owner = await POLICIES[a.ownerType].find(db, ctx.actor, a.ownerId, false);
  if (!owner) throw notFound('attachment');
  return { row, owner };
}
