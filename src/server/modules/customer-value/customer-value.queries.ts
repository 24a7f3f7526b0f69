import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { RfmClass } from '../../../contracts/customer-value.ts';
import type { DbOrTx } from '../../db/client.ts';
import { customerRfm, customerRfmHistory, customerRfmMarks, customers, orders, rfmRuns } from '../../db/schema/index.ts';
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
 * Classes one batch of customers from their paid orders: every live customer by id after
 * `after`, or with `onlyMarked` the customers marked since their last class. Writes the classes
 * that changed (a customer without a paid order has no row: 无交易) with a history row each, and
 * takes away the marks it read (a mark renewed meanwhile by a new order stays, for the next run).
 * One statement: its row locks last as long as the batch.
 */
export async function classBatch(db: DbOrTx, opts: { after: string | null; limit: number; onlyMarked: boolean; rule: PaidRule; windowStart: Date; now: Date; thresholds: RfmThresholds }): Promise<BatchResult> {
  const now = opts.now.toISOString();
  const ws = opts.windowStart.toISOString();
  const after = opts.after ? sql`and c.id > ${opts.after}::uuid` : sql``;
  const batch = opts.onlyMarked
    ? sql`select c.id, m.marked_at as mark from ${customerRfmMarks} m join ${customers} c on c.id = m.customer_id where c.deleted_at is null ${after} order by c.id limit ${opts.limit}`
    : sql`select c.id, m.marked_at as mark from ${customers} c left join ${customerRfmMarks} m on m.customer_id = c.id where c.deleted_at is null ${after} order by c.id limit ${opts.limit}`;
  const result = await db.execute<{ last_id: string | null; customers: number; changed: number }>(sql`
    with batch as (${batch}),
    f as (
      select o.customer_id, max(${paidAt}) as last_paid,
        count(*) filter (where ${paidAt} >= ${ws}::timestamptz) as freq,
        coalesce(sum(o.total_fen) filter (where ${paidAt} >= ${ws}::timestamptz and o.currency = ${opts.rule.currency}), 0) as mon
      from ${orders} o join batch b on b.id = o.customer_id
      where o.deleted_at is null and o.status in (${paidStatuses(opts.rule)})
      group by o.customer_id
    ),
    facts as (
      select b.id, coalesce(r.rfm_class, 'none') as old,
        case when f.customer_id is null then null else floor(extract(epoch from (${now}::timestamptz - f.last_paid)) / 86400)::int end as recency,
        coalesce(f.freq, 0)::int as freq, coalesce(f.mon, 0)::bigint as mon
      from batch b left join f on f.customer_id = b.id left join ${customerRfm} r on r.customer_id = b.id
    ),
    classed as (select facts.*, ${classCaseSql(opts.thresholds)} as new from facts),
    changes as (select * from classed where new <> old),
    written as (
      insert into ${customerRfm} (customer_id, rfm_class, rfm_at, recency_days, frequency, monetary_fen)
      select id, new, ${now}::timestamptz, recency, freq, mon from changes where new <> 'none'
      on conflict (customer_id) do update set rfm_class = excluded.rfm_class, rfm_at = excluded.rfm_at, recency_days = excluded.recency_days, frequency = excluded.frequency, monetary_fen = excluded.monetary_fen
      returning 1
    ),
    cleared as (delete from ${customerRfm} r using changes k where r.customer_id = k.id and k.new = 'none' returning 1),
    history as (
      insert into ${customerRfmHistory} (customer_id, rfm_class, previous_class, changed_at, recency_days, frequency, monetary_fen)
      select id, new, old, ${now}::timestamptz, recency, freq, mon from changes
      returning 1
    ),
    unmarked as (delete from ${customerRfmMarks} m using batch b where m.customer_id = b.id and m.marked_at = b.mark returning 1)
    select (select id::text from batch order by id desc limit 1) as last_id, (select count(*) from batch)::int as customers,
      (select count(*) from history)::int as changed, (select count(*) from written) + (select count(*) from cleared) + (select count(*) from unmarked) as touched`);
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
  const cls = sql<RfmClass>`coalesce(${customerRfm.rfmClass}, 'none')`;
  return db
    .select({ rfmClass: cls, customers: sql<number>`count(*)::int`.mapWith(Number), lifetimeValueFen: sql<number>`coalesce(sum(${customers.lifetimeValueFen}), 0)::bigint`.mapWith(Number) })
    .from(customers)
    .leftJoin(customerRfm, eq(customerRfm.customerId, customers.id))
    .where(and(isNull(customers.deletedAt), viewerScope(viewer, customerScope)))
    .groupBy(cls);
}

/** A customer's class now (无交易 without a row). */
export async function classOf(db: DbOrTx, customerId: string) {
  const [row] = await db.select().from(customerRfm).where(eq(customerRfm.customerId, customerId)).limit(1);
  return row ?? null;
}

/** A customer's class changes, newest first. */
export async function historyOf(db: DbOrTx, customerId: string) {
  return db.select().from(customerRfmHistory).where(eq(customerRfmHistory.customerId, customerId)).orderBy(desc(customerRfmHistory.changedAt)).limit(200);
}

/** How many customers wait to be classed again. */
export async function markedCount(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(customerRfmMarks);
  return row?.n ?? 0;
}
