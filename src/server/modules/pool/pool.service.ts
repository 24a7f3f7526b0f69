import type { z } from 'zod';
import { DEFAULT_POOL_RULES, poolRules } from '../../../contracts/pool.ts';
import { type Customer, type listCustomersQuery } from '../../../contracts/customers.ts';
import { LIFECYCLE_STAGES } from '../../../contracts/vocabulary.ts';
import { can, type Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import { defineJsonSetting } from '../../platform/settings/settings.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, businessRule, notFound } from '../../platform/errors.ts';
import { customerTimeline, getCustomer, listCustomerPage } from '../customers/index.ts';
import { notify } from '../notifications/index.ts';
import * as q from './pool.queries.ts';

const DAY_MS = 86_400_000;
import { claimRefusal } from './pool.rules.ts';
import { startOfDay } from '../../platform/clock.ts';

const poolRulesSetting = defineJsonSetting({ key: 'pool.rules', label: '公海规则', schema: poolRules, fallback: DEFAULT_POOL_RULES });
export const loadPoolRules = poolRulesSetting.load;
export const getPoolRules = poolRulesSetting.get;
export const setPoolRules = poolRulesSetting.set;

/** 公海: customers without an owner. Everyone who works with customers may browse and claim them. */
export async function listPool(deps: Deps, ctx: Ctx, query: z.infer<typeof listCustomersQuery>) {
  requirePermission(ctx.actor, 'customer', 'read');
  return listCustomerPage(deps, ctx, query, 'pool');
}

/**
 * Claims a pool customer within the daily claim limit and the cap on owned customers. Two users
 * claiming at once: the row update decides, the loser gets 409.
 */
export async function claim(deps: Deps, ctx: Ctx, id: string): Promise<Customer> {
  requirePermission(ctx.actor, 'customer', 'update');
  const rules = await loadPoolRules(deps.db);
  await deps.db.transaction(async (tx) => {
    // One claim at a time per user, so the limits cannot be raced past.
    await q.lockClaimsOf(tx, ctx.actor.userId);
    const target = await q.claimTarget(tx, id);
    if (!target) throw notFound('customer');
    if (target.ownerId !== null) {
      // "Someone was faster" only for a customer that left the pool by a claim (everyone could see
      // it there) or is the caller's own; any other owned customer is as missing, so that an id
      // outside one's scope tells nothing.
      if (target.ownerId === ctx.actor.userId || (await q.ownedThroughClaim(tx, id, target.ownedSince))) throw new AppError('VERSION_CONFLICT', { key: 'pool.alreadyTaken' });
      throw notFound('customer');
    }
    const refusal = claimRefusal(
      { claimsToday: await q.claimsSince(tx, ctx.actor.userId, startOfDay(ctx.now, deps.config.timeZone)), owned: await q.ownedCount(tx, ctx.actor.userId) },
      rules,
    );
    if (refusal === 'daily_limit') throw businessRule('pool.dailyLimit', { limit: rules.claimsPerDay });
    if (refusal === 'max_owned') throw businessRule('pool.maxOwned', { limit: rules.maxOwned ?? 0 });
    if (!(await q.takeFromPool(tx, id, ctx.actor.userId, ctx.actor.departmentId, ctx.now))) throw new AppError('VERSION_CONFLICT', { key: 'pool.alreadyTaken' });
    await writeAudit(tx, ctx, { action: 'update', entityType: 'customer', entityId: id, entityLabel: `${target.number} ${target.name}`, before: { owner: null }, after: { owner: ctx.actor.displayName, claimedFromPool: true } });
    await customerTimeline(tx, ctx.actor.userId, ctx.now, id, 'customer.owner_changed', { from: null, to: ctx.actor.displayName, via: 'claim' });
  });
  return getCustomer(deps, ctx, id);
}

/** The owner (or a manager in scope) gives a customer back to the pool. */
export async function release(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'customer', 'update');
  const c = await getCustomer(deps, ctx, id);
  if (c.ownerId !== ctx.actor.userId && !can(ctx.actor, 'customer', 'assign')) throw new AppError('FORBIDDEN');
  await deps.db.transaction(async (tx) => {
    await q.releaseToPool(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'customer', entityId: id, entityLabel: `${c.number} ${c.name}`, before: { owner: c.ownerName }, after: { owner: null } });
    await customerTimeline(tx, ctx.actor.userId, ctx.now, id, 'customer.owner_changed', { from: c.ownerName, to: null, via: 'release' });
  });
}

/**
 * The scheduled reclaim: owned customers past their stage's days without activity return to
 * the pool (audited as the system, the owner told), and owners of those due within the warning
 * days are warned once per idle spell (the dedupe key carries the last activity, so a follow-up
 * starts a new spell). Idempotent: a customer in the pool is not touched again.
 */
export async function reclaimDue(deps: Deps): Promise<{ reclaimed: number; warned: number }> {
  const now = deps.clock.now();
  const rules = await loadPoolRules(deps.db);
  let reclaimed = 0;
  let warned = 0;
  for (const stage of LIFECYCLE_STAGES) {
    const days = rules.reclaimDays[stage];
    if (days === null) continue;
    const reclaimBefore = new Date(now.getTime() - days * DAY_MS);
    const due = await q.idleOwned(deps.db, stage, reclaimBefore);
    for (const c of due) {
      await deps.db.transaction(async (tx) => {
        await q.releaseToPool(tx, c.id, now);
        await writeAudit(tx, { actorId: null, actorName: 'system', ip: null, now }, {
          action: 'update',
          entityType: 'customer',
          entityId: c.id,
          entityLabel: `${c.number} ${c.name}`,
          before: { ownerId: c.ownerId },
          after: { ownerId: null, reclaimedAfterDays: days },
        });
        await customerTimeline(tx, null, now, c.id, 'customer.owner_changed', { from: null, to: null, via: 'reclaim', days });
        if (c.ownerId) {
          await notify(tx, [c.ownerId], { kind: 'customer.reclaimed', params: { number: c.number, name: c.name, days }, entity: { type: 'customer', id: c.id } }, now);
        }
      });
      reclaimed++;
    }
    if (rules.warnDaysBefore > 0) {
      const warnBefore = new Date(reclaimBefore.getTime() + rules.warnDaysBefore * DAY_MS);
      for (const c of await q.idleOwned(deps.db, stage, warnBefore, reclaimBefore)) {
        if (!c.ownerId) continue;
        const reclaimAt = new Date(Number(c.lastActivityMs) + days * DAY_MS);
        warned += await notify(
          deps.db,
          [c.ownerId],
          {
            kind: 'customer.reclaim_warning',
            params: { number: c.number, name: c.name, reclaimAt: reclaimAt.toISOString() },
            entity: { type: 'customer', id: c.id },
            dedupeKey: `reclaim-warning:${c.id}:${c.lastActivityMs}`,
          },
          now,
        );
      }
    }
  }
  return { reclaimed, warned };
}
