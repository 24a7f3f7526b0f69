import type { DbOrTx } from '../../db/client.ts';
import type { Actor, Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { invalid } from '../../platform/errors.ts';
import type { BulkAction, BulkEntity } from '../../../contracts/bulk.ts';
import { assignCustomer, getCustomer, updateCustomer } from '../customers/index.ts';
import { assignLead, getLead, updateLead } from '../leads/index.ts';
import { notify } from '../notifications/index.ts';
import { release as releaseCustomer } from '../pool/index.ts';
import { countSkip, nextTagIds, skipOf, type Outcome, type SkipCount } from './bulk.rules.ts';

/**
 * Records written per transaction. Each record runs in a savepoint of it, so one that fails is
 * rolled back alone and counted as skipped; a batch commits as a whole (with the job's progress).
 */
export const BATCH = 100;

/** What a bulk action does, as stored with a job: the entity, the action and what it sets. */
export interface Plan {
  entity: BulkEntity;
  action: BulkAction;
  params: Record<string, string>;
}

export type Step = (deps: Deps, ctx: Ctx, id: string) => Promise<Outcome>;

const unchanged: Outcome = { key: 'bulk.unchanged' };

/** A plan's param, which the request schema made required for its action. */
function param(plan: Plan, name: string): string {
  const value = plan.params[name];
  if (value === undefined) throw invalid([{ path: name, key: 'validation.required' }]);
  return value;
}

/**
 * The permission the whole action needs, checked before any record: a role without it gets 403
 * rather than every record skipped. Each record's own rules (scope, owner, pool, transitions) are
 * the single-record action's, which the step calls.
 */
export function requireActionPermission(actor: Actor, plan: Plan): void {
  if (plan.entity === 'customer') {
    requirePermission(actor, 'customer', 'read');
    requirePermission(actor, 'customer', plan.action === 'transfer' ? 'assign' : 'update');
  } else {
    requirePermission(actor, 'lead', 'read');
    requirePermission(actor, 'lead', plan.action === 'transfer' ? 'assign' : 'update');
  }
}

/**
 * The new owner of a bulk transfer hears of it once, with the count, rather than once per record
 * (the records' own transfers are told not to notify).
 */
export async function notifyNewOwner(db: DbOrTx, plan: Plan, done: number, by: { userId: string; displayName: string }, at: Date): Promise<void> {
  const ownerId = plan.params.ownerId;
  if (plan.action !== 'transfer' || done === 0 || !ownerId || ownerId === by.userId) return;
  const kind = plan.entity === 'customer' ? 'bulk.customers_assigned' : 'bulk.leads_assigned';
  await notify(db, [ownerId], { kind, params: { count: done, by: by.displayName, ownerId } }, at);
}

/** One record's action: the module's own use case for one record, given the version just read. */
export function stepOf(plan: Plan): Step {
  if (plan.entity === 'customer') {
    switch (plan.action) {
      case 'transfer': {
        const ownerId = param(plan, 'ownerId');
        return async (deps, ctx, id) => {
          const c = await getCustomer(deps, ctx, id);
          if (c.ownerId === ownerId) return unchanged;
          await assignCustomer(deps, ctx, id, { ownerId, version: c.version }, { notifyOwner: false });
          return 'done';
        };
      }
      case 'addTag':
      case 'removeTag': {
        const tagId = param(plan, 'tagId');
        return async (deps, ctx, id) => {
          const c = await getCustomer(deps, ctx, id);
          const next = nextTagIds(c.tags.map((t) => t.id), tagId, plan.action === 'addTag' ? 'add' : 'remove');
          if (!Array.isArray(next)) return next;
          await updateCustomer(deps, ctx, id, { tagIds: next, version: c.version });
          return 'done';
        };
      }
      case 'release':
        return async (deps, ctx, id) => {
          const c = await getCustomer(deps, ctx, id);
          if (c.ownerId === null) return { key: 'bulk.alreadyInPool' };
          await releaseCustomer(deps, ctx, id);
          return 'done';
        };
      case 'setStage': {
        const stage = param(plan, 'stage') as 'potential' | 'intent' | 'customer' | 'lost';
        return async (deps, ctx, id) => {
          const c = await getCustomer(deps, ctx, id);
          if (c.stage === stage) return unchanged;
          await updateCustomer(deps, ctx, id, { stage, version: c.version });
          return 'done';
        };
      }
      default:
        throw invalid([{ path: 'action', key: 'bulk.unknownAction' }]);
    }
  }
  switch (plan.action) {
    case 'transfer': {
      const ownerId = param(plan, 'ownerId');
      return async (deps, ctx, id) => {
        const l = await getLead(deps, ctx, id);
        if (l.ownerId === ownerId) return unchanged;
        await assignLead(deps, ctx, id, { ownerId, version: l.version }, { notifyOwner: false });
        return 'done';
      };
    }
    case 'setStatus': {
      const status = param(plan, 'status') as Exclude<Parameters<typeof updateLead>[3]['status'], undefined>;
      return async (deps, ctx, id) => {
        const l = await getLead(deps, ctx, id);
        if (l.status === status) return unchanged;
        await updateLead(deps, ctx, id, { status, version: l.version });
        return 'done';
      };
    }
    default:
      throw invalid([{ path: 'action', key: 'bulk.unknownAction' }]);
  }
}

/**
 * The use cases write through `deps.db` and open their own transactions on it. Given the batch's
 * transaction instead, their transactions become savepoints inside it (Drizzle nests them), so the
 * single-record code runs unchanged and the batch commits once.
 */
function inTransaction(deps: Deps, tx: DbOrTx): Deps {
  return { ...deps, db: tx };
}

export interface Tally {
  done: number;
  skipped: number;
  reasons: SkipCount[];
}

/** Runs the step on each record of one batch inside `tx`, each in its own savepoint. */
export async function runBatch(deps: Deps, tx: DbOrTx, ctx: Ctx, step: Step, ids: readonly string[], tally: Tally): Promise<void> {
  for (const id of ids) {
    let outcome: Outcome;
    try {
      outcome = await tx.transaction((sp) => step(inTransaction(deps, sp), { ...ctx, now: deps.clock.now() }, id));
    } catch (error) {
      const skip = skipOf(error);
      if (!skip) throw error;
      outcome = skip;
    }
    if (outcome === 'done') tally.done++;
    else {
      tally.skipped++;
      tally.reasons = countSkip(tally.reasons, outcome);
    }
  }
}
