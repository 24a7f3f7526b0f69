import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { RfmClass } from '../../../contracts/customer-value.ts';
import type { DbOrTx } from '../../db/client.ts';
import { customerRfmHistory, customers, orders, rfmRuns } from '../../db/schema/index.ts';
import { viewerScope, type Viewer } from '../../platform/access/policy.ts';
import { customerScope } from '../customers/index.ts';
import { RFM_MATRIX, type RfmKey, type RfmThresholds } from './customer-value.rules.ts';

/** What makes an order paid, and in which currency its value counts (the orders module's rules). */
export interface PaidRule {
  statuses: readonly string[];
  currency: string;
}

const paidAt = sql`coalesce(o.paid_at, o.updated_at)`;
const paidStatuses = (rule: PaidRule) => sql.join(rule.statuses.map((s) => sql`${s}`), sql`, `);

/** The thresholds of the mean mode: means over the customers with a paid order in the window; null when there is none. */
export async function meanOfBuyers(db: DbOrTx, opts: { rule: PaidRule; windowStart: Date; now: Date }): Promise<RfmThresholds | null> {
  const now = opts.now.toISOString();
  const result = await db.execute<{ buyers: number; recency: string | null; frequency: string | null; monetary: string | null }>(sql`
    select count(*)::int as buyers,
      avg(extract(epoch from (${now}::timestamptz - last_paid)) / 86400) as recency,
      avg(freq) as frequency, avg(mon) as monetary
    from (
      select o.customer_id, max(${paidAt}) as last_paid, count(*) as freq,
        coalesce(sum(o.total_fen) filter (where o.currency = ${opts.rule.currency}), 0) as mon
      from ${orders} o
      join ${customers} c on c.id = o.customer_id and c.deleted_at is null
      where o.deleted_at is null and o.status in (${paidStatuses(opts.rule)}) and ${paidAt} >= ${opts.windowStart.toISOString()}::timestamptz
      group by o.customer_id
    ) buyers`);
  const row = result.rows[0];
  if (!row || row.buyers === 0) return null;
  return { recencyDays: Number(row.recency), frequency: Number(row.frequency), monetaryFen: Number(row.monetary) };
}

/** The class as SQL over `recency`, `freq` and `mon` of a row, built from RFM_MATRIX. */
function classCaseSql(t: RfmThresholds): SQL {
  const r = { H: sql`recency <= ${t.recencyDays}::numeric`, L: sql`recency > ${t.recencyDays}::numeric` };
  const f = { H: sql`freq >= ${t.frequency}::numeric`, L: sql`freq < ${t.frequency}::numeric` };
  const m = { H: sql`mon >= ${t.monetaryFen}::numeric`, L: sql`mon < ${t.monetaryFen}::numeric` };
  const whens = (Object.entries(RFM_MATRIX) as [RfmKey, RfmClass][]).map(([key, cls]) => {
    const [kr, kf, km] = key.split('') as ['H' | 'L', 'H' | 'L', 'H' | 'L'];
    return sql`when ${r[kr]} and ${f[kf]} and ${m[km]} then ${cls}`;
  });
  return sql`case when recency is null then 'none' ${sql.join(whens, sql` `)} end`;
}

export interface BatchResult {
  lastId: string | null;
  customers: number;
  changed: number;
}

/**
 * Classes one batch of customers (by id after `after`; with `onlyMarked`, those whose paid figures
 * changed) from their paid orders: writes the classes that changed with a history row each, and
 * clears the mark it read (a mark set meanwhile by a new order stays, for the next run).
 */
export async function classBatch(db: DbOrTx, opts: { after: string | null; limit: number; onlyMarked: boolean; rule: PaidRule; windowStart: Date; now: Date; thresholds: RfmThresholds }): Promise<BatchResult> {
  const now = opts.now.toISOString();
  const result = await db.execute<{ last_id: string | null; customers: number; changed: number }>(sql`
    with batch as (
      select id, rfm_class, rfm_dirty_at from ${customers}
      where deleted_at is null ${opts.after ? sql`and id > ${opts.after}::uuid` : sql``} ${opts.onlyMarked ? sql`and rfm_dirty_at is not null` : sql``}
      order by id limit ${opts.limit}
    ),
    f as (
      select o.customer_id, max(${paidAt}) as last_paid,
        count(*) filter (where ${paidAt} >= ${opts.windowStart.toISOString()}::timestamptz) as freq,
        coalesce(sum(o.total_fen) filter (where ${paidAt} >= ${opts.windowStart.toISOString()}::timestamptz and o.currency = ${opts.rule.currency}), 0) as mon
      from ${orders} o join batch b on b.id = o.customer_id
      where o.deleted_at is null and o.status in (${paidStatuses(opts.rule)})
      group by o.customer_id
    ),
    facts as (
      select b.id, b.rfm_class as old, b.rfm_dirty_at as mark,
        case when f.customer_id is null then null else floor(extract(epoch from (${now}::timestamptz - f.last_paid)) / 86400)::int end as recency,
        coalesce(f.freq, 0)::int as freq, coalesce(f.mon, 0)::bigint as mon
      from batch b left join f on f.customer_id = b.id
    ),
    classed as (select facts.*, ${classCaseSql(opts.thresholds)} as new from facts),
    written as (
      update ${customers} s set
        rfm_class = k.new,
        rfm_at = case when s.rfm_class is distinct from k.new then ${now}::timestamptz else s.rfm_at end,
        rfm_dirty_at = case when s.rfm_dirty_at is not distinct from k.mark then null else s.rfm_dirty_at end
      from classed k
      where s.id = k.id and (s.rfm_class is distinct from k.new or s.rfm_dirty_at is not null)
      returning s.id, k.old, k.new, k.recency, k.freq, k.mon
    ),
    history as (
      insert into ${customerRfmHistory} (customer_id, rfm_class, previous_class, changed_at, recency_days, frequency, monetary_fen)
      select id, new, old, ${now}::timestamptz, recency, freq, mon from written where old is distinct from new
      returning 1
    )
    select (select id::text from batch order by id desc limit 1) as last_id, (select count(*) from batch)::int as customers, (select count(*) from history)::int as changed`);
  const row = result.rows[0];
  return { lastId: row?.last_id ?? null, customers: row?.customers ?? 0, changed: row?.changed ?? 0 };
}

export async function insertRun(db: DbOrTx, values: typeof rfmRuns.$inferInsert): Promise<string> {
  const [row] = await db.insert(rfmRuns).values(values).returning({ id: rfmRuns.id });
  if (!row) throw new Error('rfm run insert returned nothing');
  return row.id;
}

export async function finishRun(db: DbOrTx, id: string, values: { finishedAt: Date; customers: number; changed: number }): Promise<void> {
  await db.update(rfmRuns).set(values).where(eq(rfmRuns.id, id));
}

/** The latest finished run (of `kind`, if given). */
export async function lastRun(db: DbOrTx, kind?: 'full' | 'changed') {
  const [row] = await db
    .select()
    .from(rfmRuns)
    .where(and(sql`${rfmRuns.finishedAt} is not null`, kind ? eq(rfmRuns.kind, kind) : undefined))
    .orderBy(desc(rfmRuns.startedAt))
    .limit(1);
  return row ?? null;
}
export type RfmRunRow = NonNullable<Awaited<ReturnType<typeof lastRun>>>;

/** Customers `viewer` sees per class, with their lifetime value. */
export async function classCounts(db: DbOrTx, viewer: Viewer) {
  return db
    .select({ rfmClass: customers.rfmClass, customers: sql<number>`count(*)::int`.mapWith(Number), lifetimeValueFen: sql<number>`coalesce(sum(${customers.lifetimeValueFen}), 0)::bigint`.mapWith(Number) })
    .from(customers)
    .where(and(isNull(customers.deletedAt), viewerScope(viewer, customerScope)))
    .groupBy(customers.rfmClass);
}

/** A customer's class changes, newest first. */
export async function historyOf(db: DbOrTx, customerId: string) {
  return db.select().from(customerRfmHistory).where(eq(customerRfmHistory.customerId, customerId)).orderBy(desc(customerRfmHistory.changedAt)).limit(200);
}

/** How many customers wait to be classed again. */
export async function markedCount(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(customers).where(sql`${customers.rfmDirtyAt} is not null`);
  return row?.n ?? 0;
}
