import { DEFAULT_RFM_SETTINGS, RFM_CLASSES, rfmSettings, type RfmClass, type RfmHistoryEntry, type RfmRunView, type RfmSettings, type RfmSummary } from '../../../contracts/customer-value.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { defineJsonSetting } from '../../platform/settings/settings.ts';
import { requireVisibleCustomer } from '../customers/index.ts';
import { LIFETIME_VALUE_CURRENCY, PAID_STATUSES } from '../orders/index.ts';
import * as q from './customer-value.queries.ts';
import { UNREACHABLE, windowStart, type RfmThresholds } from './customer-value.rules.ts';

/**
 * 客户价值分层 (RFM): every customer is classed each night from its paid orders, and again within
 * a minute of a paid order (or a cancelled one) changing its figures: a trigger marks it, the
 * minute's run classes the marked ones with the thresholds of the last nightly run, so a class
 * means the same thing all day. Runs go in batches of one statement each, so no lock is held for
 * long and a restart resumes nothing but a fresh run (they are idempotent).
 */

const RFM_KEY = 'rfm.settings';
const rfmSetting = defineJsonSetting({ key: RFM_KEY, label: '客户价值分层', schema: rfmSettings, fallback: DEFAULT_RFM_SETTINGS });
export const getRfmSettings = rfmSetting.get;
export const setRfmSettings = rfmSetting.set;

/** Customers per statement: about a second each at 1M customers and 5M orders (docs/benchmarks.md). */
export const RFM_BATCH = 20_000;

const PAID: q.PaidRule = { statuses: PAID_STATUSES, currency: LIFETIME_VALUE_CURRENCY };

async function thresholdsOf(db: DbOrTx, settings: RfmSettings, start: Date, now: Date): Promise<RfmThresholds> {
  const t = settings.thresholds;
  if (t.mode === 'fixed') return { recencyDays: t.recencyDays, frequency: t.frequency, monetaryFen: t.monetaryFen };
  return (await q.meanOfBuyers(db, { rule: PAID, windowStart: start, now })) ?? UNREACHABLE;
}

const storedThresholds = (run: q.RfmRunRow): RfmThresholds | null =>
  run.recencyDays === null || run.frequency === null || run.monetaryFen === null ? null : { recencyDays: Number(run.recencyDays), frequency: Number(run.frequency), monetaryFen: Number(run.monetaryFen) };

export interface RunOutcome {
  customers: number;
  changed: number;
  thresholds: RfmThresholds;
}

/**
 * One run: `full` classes every customer with fresh thresholds; `changed` classes the customers
 * marked since, with the last full run's thresholds (fresh ones when there was none, or the
 * settings changed since). Stops between batches when `signal` aborts.
 */
export async function runRfm(deps: Pick<Deps, 'db'>, kind: 'full' | 'changed', now: Date, opts: { batch?: number; signal?: AbortSignal } = {}): Promise<RunOutcome> {
  const db = deps.db;
  const settings = await rfmSetting.load(db);
  const start = windowStart(now, settings.windowMonths);
  const last = kind === 'changed' ? await q.lastRun(db, 'full') : null;
  const reuse = last && last.windowMonths === settings.windowMonths && settings.thresholds.mode === 'mean' ? storedThresholds(last) : null;
  const thresholds = reuse ?? (await thresholdsOf(db, settings, start, now));
  const runId = await q.insertRun(db, { kind, startedAt: now, windowMonths: settings.windowMonths, recencyDays: thresholds.recencyDays, frequency: thresholds.frequency, monetaryFen: thresholds.monetaryFen });
  let after: string | null = null;
  let customers = 0;
  let changed = 0;
  for (;;) {
    if (opts.signal?.aborted) break;
    const r = await q.classBatch(db, { after, limit: opts.batch ?? RFM_BATCH, onlyMarked: kind === 'changed', rule: PAID, windowStart: start, now, thresholds });
    customers += r.customers;
    changed += r.changed;
    if (!r.lastId || r.customers < (opts.batch ?? RFM_BATCH)) break;
    after = r.lastId;
  }
  await q.finishRun(db, runId, { finishedAt: new Date(), customers, changed });
  return { customers, changed, thresholds };
}

function toRun(r: q.RfmRunRow): RfmRunView {
  return {
    id: r.id,
    kind: r.kind,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    windowMonths: r.windowMonths,
    recencyDays: r.recencyDays === null ? null : Number(r.recencyDays),
    frequency: r.frequency === null ? null : Number(r.frequency),
    monetaryFen: r.monetaryFen === null ? null : Number(r.monetaryFen),
    customers: r.customers,
    changed: r.changed,
  };
}

/** How the customers I see fall into the classes, and the last nightly run's thresholds. */
export async function rfmSummary(deps: Deps, ctx: Ctx): Promise<RfmSummary> {
  requirePermission(ctx.actor, 'customer', 'read');
  const counts = await q.classCounts(deps.db, ctx.actor);
  const last = await q.lastRun(deps.db, 'full');
  const byClass = new Map(counts.map((c) => [c.rfmClass, c]));
  return {
    classes: RFM_CLASSES.map((rfmClass: RfmClass) => ({ rfmClass, customers: byClass.get(rfmClass)?.customers ?? 0, lifetimeValueFen: byClass.get(rfmClass)?.lifetimeValueFen ?? 0 })),
    lastRun: last ? toRun(last) : null,
  };
}

/** A customer's class changes (客户价值变化), newest first. */
export async function rfmHistory(deps: Deps, ctx: Ctx, customerId: string): Promise<{ items: RfmHistoryEntry[] }> {
  requirePermission(ctx.actor, 'customer', 'read');
  await requireVisibleCustomer(deps.db, ctx.actor, customerId);
  const rows = await q.historyOf(deps.db, customerId);
  return {
    items: rows.map((h) => ({ rfmClass: h.rfmClass, previousClass: h.previousClass, changedAt: h.changedAt.toISOString(), recencyDays: h.recencyDays, frequency: h.frequency, monetaryFen: h.monetaryFen })),
  };
}

/** Queues a full run now (after the settings changed, say): admins. */
export async function requestFullRun(deps: Deps, ctx: Ctx, job: Parameters<NonNullable<Deps['jobs']>['send']>[0]): Promise<{ queued: boolean }> {
  requirePermission(ctx.actor, 'setting', 'update');
  if (!deps.jobs) throw new AppError('UNAVAILABLE');
  await deps.jobs.send(job, { kind: 'full' }, { singletonKey: 'rfm.full' });
  return { queued: true };
}
