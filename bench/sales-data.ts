/**
 * Opportunities, orders and contracts for bench/sales.ts, on top of the customer data of
 * bench/customers-data.ts (200 owners in 5 divisions × 3 teams, their customers). Generated
 * set-based in SQL, in one transaction with the secondary indexes of the sales tables dropped and
 * rebuilt (so a run that dies half-way leaves nothing behind), the way the application would
 * have written the rows:
 *
 * - a catalogue of products (software, hardware, services; 13% or 6% tax);
 * - opportunities spread evenly over the 200 owners (owner's department), each on a customer of
 *   its owner: 60% open (initial contact 22%, needs analysis 16%, proposal 12%, negotiation 10%),
 *   20% won, 20% lost, closed within the last two years; expected close dates from a year back to
 *   a year ahead (closed ones: around the close); probability from the stage (15% of the open
 *   ones adjusted by the owner); amounts in fen, 30% priced from 1–4 catalogue lines (computed
 *   with the rounding of contracts/money.ts), 3% in USD; one stage history row per stage passed
 *   (the creation entry first, then each move, won or lost last with its reason);
 * - orders spread over the owners and their customers (10% made from won opportunities, with the
 *   opportunity's lines copied), 1–4 lines each (two on average), numbered DD{year}{seq:6} with
 *   number_sequences moved on; states created 3%, confirmed 5% (half of them partly paid), paid
 *   4%, shipped 4%, delivered 6%, completed 68%, cancelled 10%, with every state change in
 *   order_status_changes, one or two payments covering the total of those that got to paid; the
 *   customers' lifetime value, paid order count and first paid time as the orders module keeps them;
 * - contracts (30% for a won opportunity, 15% for a completed order, at their amount), numbered
 *   HT{year}{seq:3}, signed within the last two years for 12, 24 or 36 months (draft 5%,
 *   terminated 10%, the others active or expired by their end date), a plan of 1–4 installments,
 *   and payments allocated to the installments due so far (85% paid, 7% half paid, 8% not: those
 *   marked reminded as overdue).
 * Timeline entries and audit rows of these records are not generated (the measured reads do not
 * touch them).
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { lineAmounts } from '../src/contracts/money.ts';
import { LEAD_CHANNELS } from '../src/contracts/vocabulary.ts';
import type { BenchOrg } from './customers-data.ts';

/** n / d rounded half up for bigint n >= 0 (money.ts divideHalfUp), in integer arithmetic. */
const halfUp = (n: string, d: number) => `((${n}) * 2 + ${d}) / ${2 * d}`;
/**
 * A line's amounts (subtotal, discount, net, tax_fen, total) from the columns qm (quantity in
 * thousandths), price, disc and tax (basis points) of the lateral `x`, as lineAmounts computes them.
 */
const LINE_AMOUNTS = `cross join lateral (select ${halfUp('x.qm * x.price', 1000)} as subtotal) la
       cross join lateral (select ${halfUp('la.subtotal * x.disc', 10000)} as discount) lb
       cross join lateral (select la.subtotal - lb.discount as net, ${halfUp('(la.subtotal - lb.discount) * x.tax', 10000)} as tax_fen) lc
       cross join lateral (select lc.net + lc.tax_fen as total) ld`;

const SALES_TABLES = [
  'products', 'opportunities', 'opportunity_items', 'opportunity_stage_changes', 'orders', 'order_items', 'order_status_changes', 'order_payments',
  'contracts', 'contract_installments', 'contract_payments', 'contract_payment_allocations',
];

/** Product lines: name, category, unit, list price in yuan, tax rate in basis points. */
const PRODUCTS: readonly (readonly [string, string, string, number, number])[] = [
  ['客户管理系统 标准版', '软件', '套', 39800, 1300], ['客户管理系统 企业版', '软件', '套', 128000, 1300], ['进销存系统', '软件', '套', 56000, 1300],
  ['财务管理模块', '软件', '套', 32000, 1300], ['生产排程模块', '软件', '套', 88000, 1300], ['移动审批模块', '软件', '套', 18000, 1300],
  ['年度维保服务', '服务', '年', 12000, 600], ['实施服务', '服务', '人天', 2500, 600], ['培训服务', '服务', '人天', 1800, 600], ['数据迁移服务', '服务', '项', 15000, 600],
  ['定制开发', '服务', '人天', 3000, 600], ['云服务器', '硬件', '台', 23000, 1300], ['工业平板', '硬件', '台', 4600, 1300], ['扫码枪', '硬件', '把', 680, 1300],
  ['标签打印机', '硬件', '台', 2200, 1300], ['网络交换机', '硬件', '台', 5400, 1300], ['用户许可', '软件', '用户/年', 960, 1300], ['接口对接服务', '服务', '项', 20000, 600],
];
/** Variants per product line (editions, sizes), so the catalogue has some size. */
const VARIANTS = ['', ' A型', ' B型', ' 增强版', ' 专业版', ' 国产化版'];
const TOPICS = ['ERP系统采购', '年度续约', '二期扩容', '生产管理升级', '移动办公项目', '数据平台建设', '门店系统改造', '仓储信息化', '财务共享项目', '设备采购', '培训与实施', '集团统一部署'];
const WON_REASONS = ['价格有优势', '方案契合需求', '老客户复购', '实施周期短', '决策人认可', '服务口碑好'];
const LOST_REASONS = ['价格高于竞品', '客户预算取消', '选择了竞品', '需求变更', '项目延期无限期搁置', '决策人更换'];
const COMPETITORS = ['金蝶', '用友', '销售易', '纷享销客', 'Salesforce', '本地软件商'];
const NEXT_STEPS = ['发送正式报价', '安排产品演示', '确认技术方案', '约见决策人', '提交投标文件', '商务条款谈判'];
const CARRIERS = ['顺丰速运', '京东物流', '中通快递', '德邦物流', '圆通速递'];
/** Payment methods by weight. */
const METHODS = ['bank_transfer', 'bank_transfer', 'bank_transfer', 'bank_transfer', 'bank_transfer', 'bank_transfer', 'alipay', 'wechat_pay', 'cheque', 'cash'];
const CANCEL_REASONS = ['客户取消采购', '重复下单', '价格调整后重新下单', '库存不足'];
const TERMINATION_REASONS = ['客户经营困难', '双方协商解除', '客户被收购', '服务范围调整'];
/** Order lines per order, by weight (two on average). */
const LINE_COUNTS = [1, 1, 1, 2, 2, 3, 4];

export interface SalesCounts {
  products: number;
  opportunities: number;
  opportunityItems: number;
  stageChanges: number;
  orders: number;
  orderItems: number;
  orderStatusChanges: number;
  orderPayments: number;
  contracts: number;
  installments: number;
  contractPayments: number;
}

export interface GenerateSalesResult extends SalesCounts {
  seconds: number;
  /** Seconds per step, in order. */
  steps: [string, number][];
}

export async function countSales(db: pg.ClientBase): Promise<SalesCounts> {
  const n = async (t: string) => Number((await db.query<{ n: string }>(`select count(*) n from ${t}`)).rows[0]?.n ?? 0);
  return {
    products: await n('products'),
    opportunities: await n('opportunities'),
    opportunityItems: await n('opportunity_items'),
    stageChanges: await n('opportunity_stage_changes'),
    orders: await n('orders'),
    orderItems: await n('order_items'),
    orderStatusChanges: await n('order_status_changes'),
    orderPayments: await n('order_payments'),
    contracts: await n('contracts'),
    installments: await n('contract_installments'),
    contractPayments: await n('contract_payments'),
  };
}

/**
 * Adds `opportunities` opportunities, `orders` orders and `contracts` contracts (with their
 * lines, history, payments and plans) to a database holding the customers suite's data and no
 * sales records.
 */
export async function generateSales(db: pg.ClientBase, org: BenchOrg, opts: { opportunities: number; orders: number; contracts: number; timeZone: string }): Promise<GenerateSalesResult> {
  const t0 = performance.now();
  const steps: [string, number][] = [];
  let last = t0;
  const step = (what: string) => {
    const now = performance.now();
    steps.push([what, (now - last) / 1000]);
    last = now;
    process.stderr.write(`  ${what}: ${((now - t0) / 1000).toFixed(0)} s\n`);
  };
  const tz = opts.timeZone;
  await db.query('begin');
  try {
    await db.query(`set local maintenance_work_mem = '512MB'`);
    await db.query(`set local work_mem = '256MB'`);
    // Foreign keys hold by construction; their per-row triggers would double the time.
    await db.query('set local session_replication_role = replica');
    await db.query('set local synchronous_commit = off');
    await db.query('select setseed(0.625)');
    const { rows: idx } = await db.query<{ name: string; def: string }>(
      `select i.indexname as name, i.indexdef as def from pg_indexes i
       where i.schemaname = 'public' and i.tablename = any($1)
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      [SALES_TABLES],
    );
    for (const r of idx) await db.query(`drop index "${r.name}"`);
    // n / d rounded half up for n >= 0 (money.ts divideHalfUp).
    await db.query(`create or replace function pg_temp.seq3(n int) returns text language sql immutable as $$ select lpad(n::text, greatest(3, length(n::text)), '0') $$`);
    await db.query(`create or replace function pg_temp.seq6(n int) returns text language sql immutable as $$ select lpad(n::text, greatest(6, length(n::text)), '0') $$`);
    // The 200 owners with their department and the manager above them.
    await db.query(
      `create temp table gen_owner on commit drop as
       select x.n::int as i, u.id, u.department_id,
              coalesce(case when d.manager_id = u.id then p.manager_id else d.manager_id end, u.id) as manager_id, 0 as ncust
       from unnest($1::uuid[]) with ordinality x(id, n) join users u on u.id = x.id
       join departments d on d.id = u.department_id left join departments p on p.id = d.parent_id`,
      [org.owners.map(([u]) => u)],
    );
    await db.query(
      `create temp table gen_cust on commit drop as
       select (row_number() over (partition by c.owner_id order by c.id))::int as orn, c.id, c.name, c.name_key, c.owner_id, c.created_at, c.address,
              k.id as contact_id, k.name as contact_name, k.phones[1] as contact_phone
       from customers c left join contacts k on k.customer_id = c.id and k.is_primary and k.deleted_at is null
       where c.owner_id is not null and c.deleted_at is null and c.merged_into_id is null`,
    );
    await db.query('create index on gen_cust (owner_id, orn)');
    await db.query('update gen_owner o set ncust = (select count(*) from gen_cust c where c.owner_id = o.id)');
    await db.query('analyze gen_owner');
    await db.query('analyze gen_cust');
    step('owners and customers');

    // Products: every line in each variant.
    await db.query(
      `insert into products (id, created_at, updated_at, created_by, sku, name, category, unit, list_price_fen, currency, tax_rate_bp, status, description)
       select uuidv7(), now() - interval '800 days', now() - interval '800 days', $7::uuid, 'SKU-' || lpad((p.n * 10 + v.n)::text, 4, '0'), p.name || v.name, p.cat, p.unit,
              (p.price * (1 + (v.n - 1) * 0.15))::bigint * 100, 'CNY', p.tax, case when v.n = 6 and p.n % 5 = 0 then 'retired' else 'active' end, null
       from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[]) with ordinality p(name, cat, unit, price, tax, n)
       cross join unnest($6::text[]) with ordinality v(name, n)`,
      [PRODUCTS.map((p) => p[0]), PRODUCTS.map((p) => p[1]), PRODUCTS.map((p) => p[2]), PRODUCTS.map((p) => p[3]), PRODUCTS.map((p) => p[4]), VARIANTS, org.adminId],
    );
    await db.query(
      `create temp table gen_product on commit drop as
       select (row_number() over (order by sku))::int as i, id, sku, name, unit, list_price_fen as price, tax_rate_bp as tax from products where status = 'active' and deleted_at is null`,
    );
    const products = Number((await db.query<{ n: string }>('select count(*) n from gen_product')).rows[0]?.n);

    const stages = (await db.query<{ id: string; key: string; kind: string; probability: number }>(`select id, key, kind, probability from pipeline_stages where active order by sort_order`)).rows;
    const open = stages.filter((s) => s.kind === 'open');
    const won = stages.find((s) => s.kind === 'won');
    const lost = stages.find((s) => s.kind === 'lost');
    if (open.length < 4 || !won || !lost) throw new Error(`expected the default pipeline (4 open stages, won, lost), found ${stages.map((s) => s.key).join(', ')}`);

    // Every random choice of an opportunity. kind: 1 open, 2 won, 3 lost; m: the furthest open stage reached (1–4).
    await db.query(
      `create temp table gen_opp on commit drop as
       select g.i, uuidv7(t.created_at - clock_timestamp()) as id, o.id as owner_id, o.department_id, o.manager_id, c.id as customer_id,
              case when g.r_contact < 0.7 then c.contact_id end as contact_id, c.name_key,
              s.kind, s.m, t.created_at, t.closed_at, t.changed_at,
              case when s.kind = 1 then least(now(), t.changed_at + g.r_upd * interval '20 days') else t.closed_at end as updated_at,
              case when s.kind = 1 then ((now() at time zone $1)::date - 365 + floor(g.r_exp * 730)::int)
                   else ((t.closed_at at time zone $1)::date + floor(g.r_exp * 30)::int - 20) end as expected_close_date,
              g.r_items < 0.3 and g.r_cur >= 0.03 as has_items,
              ((5000 + floor(power(g.r_amt, 3) * 1995000)::int) / 100 * 100)::bigint * 100 as entered_fen,
              case when g.r_cur < 0.03 then 'USD' else 'CNY' end as currency,
              case when s.kind = 1 then ($2::int[])[s.m] + case when g.r_prob < 0.075 then -5 when g.r_prob < 0.15 then 10 else 0 end
                   when s.kind = 2 then 100 else 0 end as probability,
              case when s.kind = 1 then s.m + 0 else s.m + 1 end as entries,
              g.h
       from (select i, random() as r_stage, random() as r_m, random() as r_t, random() as r_c, random() as r_upd, random() as r_exp, random() as r_items,
                    random() as r_cur, random() as r_amt, random() as r_prob, random() as r_cust, random() as r_contact, (random() * 2147483647)::int8 as h
             from generate_series(1, $3::int) i) g
       join gen_owner o on o.i = 1 + g.i % $4
       join gen_cust c on c.owner_id = o.id and c.orn = 1 + floor(g.r_cust * o.ncust)::int
       cross join lateral (select case when g.r_stage < 0.6 then 1 when g.r_stage < 0.8 then 2 else 3 end as kind,
                                  case when g.r_stage < 0.22 then 1 when g.r_stage < 0.38 then 2 when g.r_stage < 0.5 then 3 when g.r_stage < 0.6 then 4
                                       when g.r_stage < 0.8 then (case when g.r_m < 0.6 then 4 when g.r_m < 0.9 then 3 else 2 end)
                                       else 1 + floor(g.r_m * 4)::int end as m) s
       cross join lateral (select case when s.kind = 1 then null else now() - interval '1 hour' - g.r_t * interval '729 days' end as closed_at) t0
       cross join lateral (select case when s.kind = 1 then now() - interval '1 hour' - g.r_t * (90 + s.m * 90) * interval '1 day'
                                       else t0.closed_at - (5 + power(g.r_c, 1.5) * 175) * interval '1 day' end as created_at) t1
       cross join lateral (select t1.created_at, t0.closed_at,
                                  case when s.kind <> 1 then t0.closed_at when s.m = 1 then t1.created_at
                                       else t1.created_at + (0.2 + 0.8 * g.r_c) * (now() - interval '1 hour' - t1.created_at) end as changed_at) t`,
      [tz, open.map((s) => s.probability), opts.opportunities, org.owners.length],
    );
    await db.query('analyze gen_opp');
    // Lines of the opportunities priced from the catalogue: 1–4 each, list price or 10% below, some discounted.
    await db.query(
      `create temp table gen_opp_item on commit drop as
       select uuidv7(o.created_at - clock_timestamp()) as id, o.id as opportunity_id, k as position, p.id as product_id, p.sku, p.name, p.unit,
              x.qm, x.price, x.disc, x.tax, la.subtotal, lb.discount, lc.net, lc.tax_fen, ld.total
       from gen_opp o
       cross join lateral generate_series(1, 1 + o.h % 4) k
       join gen_product p on p.i = 1 + (o.h / 7 + k * 37) % $1
       cross join lateral (select case when p.unit in ('套', '项') then 1000 else (1 + (o.h / 11 + k) % 20) * 1000 end::bigint as qm,
                                  case when (o.h / 13 + k) % 5 = 0 then p.price * 9 / 10 else p.price end as price,
                                  case when (o.h / 17 + k) % 4 = 0 then 500 when (o.h / 17 + k) % 9 = 0 then 1000 else 0 end as disc, p.tax) x
       ${LINE_AMOUNTS}
       where o.has_items`,
      [products],
    );
    await db.query(
      `insert into opportunity_items (id, position, product_id, sku, name, unit, quantity, unit_price_fen, discount_bp, tax_rate_bp,
         subtotal_fen, discount_fen, net_fen, tax_fen, total_fen, opportunity_id)
       select id, position, product_id, sku, name, unit, qm / 1000.0, price, disc, tax, subtotal, discount, net, tax_fen, total, opportunity_id from gen_opp_item`,
    );
    await db.query(
      `insert into opportunities (id, created_at, updated_at, created_by, version, customer_id, contact_id, name, amount_fen, amount_from_items, currency,
         stage_id, probability, expected_close_date, owner_id, department_id, source_channel, competitors, next_step, description, close_reason, closed_at, stage_changed_at)
       select o.id, o.created_at, o.updated_at, case when o.h % 10 = 0 then o.manager_id else o.owner_id end, o.entries,
              o.customer_id, o.contact_id, o.name_key || ' ' || ($1::text[])[1 + o.h % cardinality($1::text[])],
              coalesce(it.total, o.entered_fen), it.total is not null, o.currency,
              case o.kind when 1 then ($2::uuid[])[o.m] when 2 then $3::uuid else $4::uuid end,
              o.probability, o.expected_close_date, o.owner_id, o.department_id,
              case when (o.h / 3) % 10 < 3 then ($5::text[])[1 + (o.h / 5) % cardinality($5::text[])] end,
              case when (o.h / 7) % 4 = 0 then ($6::text[])[1 + (o.h / 11) % cardinality($6::text[])] end,
              case when o.kind = 1 and (o.h / 13) % 2 = 0 then ($7::text[])[1 + (o.h / 17) % cardinality($7::text[])] end,
              null,
              case o.kind when 2 then ($8::text[])[1 + (o.h / 19) % cardinality($8::text[])] when 3 then ($9::text[])[1 + (o.h / 19) % cardinality($9::text[])] end,
              o.closed_at, o.changed_at
       from gen_opp o left join (select opportunity_id, sum(total)::bigint as total from gen_opp_item group by 1) it on it.opportunity_id = o.id`,
      [TOPICS, open.map((s) => s.id), won.id, lost.id, [...LEAD_CHANNELS], COMPETITORS, NEXT_STEPS, WON_REASONS, LOST_REASONS],
    );
    step('opportunities and their lines');

    // Stage history: the creation entry, one entry per open stage passed, then won or lost; evenly spaced up to the last change.
    await db.query(
      `insert into opportunity_stage_changes (id, opportunity_id, from_stage_id, to_stage_id, changed_at, changed_by, amount_fen, probability, reason)
       select uuidv7(x.at - clock_timestamp()), o.id, case when j > 1 then x.prev end, x.stage, x.at, case when j = 1 then p.created_by else o.owner_id end,
              p.amount_fen, case when j = o.entries then p.probability else x.prob end, case when j = o.entries and o.kind <> 1 then p.close_reason end
       from gen_opp o join opportunities p on p.id = o.id
       cross join lateral generate_series(1, o.entries) j
       cross join lateral (select case when j <= o.m then ($1::uuid[])[j] when o.kind = 2 then $2::uuid else $3::uuid end as stage,
                                  ($1::uuid[])[least(j - 1, o.m)] as prev,
                                  case when j <= o.m then ($4::int[])[j] when o.kind = 2 then 100 else 0 end as prob,
                                  case when o.entries = 1 then o.created_at else o.created_at + (j - 1)::float8 / (o.entries - 1) * (o.changed_at - o.created_at) end as at) x`,
      [open.map((s) => s.id), won.id, lost.id, open.map((s) => s.probability)],
    );
    step('stage history');

    // Orders. The first ones come from won CNY opportunities (10%), the others are placed directly.
    await db.query(
      `create temp table gen_won on commit drop as
       select (row_number() over (order by md5(o.id::text)))::int as rn, o.id, o.customer_id, o.contact_id, o.owner_id, o.department_id, o.amount_fen, o.closed_at, o.has_items
       from (select g.*, p.amount_fen from gen_opp g join opportunities p on p.id = g.id where g.kind = 2 and g.currency = 'CNY') o`,
    );
    const wonCount = Number((await db.query<{ n: string }>('select count(*) n from gen_won')).rows[0]?.n);
    const fromOpp = Math.min(wonCount, Math.floor(opts.orders * 0.1));
    await db.query(
      `create temp table gen_order on commit drop as
       select g.i, uuidv7(t.created_at - clock_timestamp()) as id, coalesce(w.owner_id, o.id) as owner_id, coalesce(w.department_id, o.department_id) as department_id,
              coalesce(w.customer_id, c.id) as customer_id, coalesce(w.contact_id, c.contact_id) as contact_id, w.id as opportunity_id, coalesce(w.has_items, false) as copy_lines,
              t.created_at, s.status, g.h, g.r_pay, tt.confirmed_at, tt.paid_at, tt.shipped_at, tt.delivered_at, tt.completed_at, s.cancelled_from
       from (select i, random() as r_s, random() as r_t, random() as r_cust, random() as r1, random() as r2, random() as r3, random() as r_pay, (random() * 2147483647)::int8 as h
             from generate_series(1, $1::int) i) g
       left join gen_won w on g.i <= $2 and w.rn = g.i
       join gen_owner o on o.i = 1 + g.i % $3
       left join gen_cust c on w.id is null and c.owner_id = o.id and c.orn = 1 + floor(g.r_cust * o.ncust)::int
       cross join lateral (select case when w.id is not null then w.closed_at + (2 + g.r_t * 70) * interval '1 hour'
                                       else now() - interval '1 hour' - g.r_t * interval '729 days' end as created_at) t0
       cross join lateral (select least(now() - interval '1 hour', t0.created_at) as created_at) t
       -- The time each step would be taken, each after the one before; a step whose time has not come is not taken.
       cross join lateral (select t.created_at + (0.1 + g.r1 * 2) * interval '1 day' as confirmed_at) t1
       cross join lateral (select t1.confirmed_at + (1 + g.r2 * 14) * interval '1 day' as paid_at) t2
       cross join lateral (select t2.paid_at + (1 + g.r3 * 4) * interval '1 day' as shipped_at) t3
       cross join lateral (select t3.shipped_at + (1 + g.r3 * 6) * interval '1 day' as delivered_at) t4
       cross join lateral (select t1.confirmed_at, t2.paid_at, t3.shipped_at, t4.delivered_at, t4.delivered_at + (2 + g.r1 * 8) * interval '1 day' as completed_at) tt
       cross join lateral (select 1 + (tt.confirmed_at <= now() - interval '1 minute')::int + (tt.paid_at <= now() - interval '1 minute')::int + (tt.shipped_at <= now() - interval '1 minute')::int
                                    + (tt.delivered_at <= now() - interval '1 minute')::int + (tt.completed_at <= now() - interval '1 minute')::int as reach,
                                  case when g.r_s < 0.03 then 1 when g.r_s < 0.08 then 2 when g.r_s < 0.12 then 3 when g.r_s < 0.16 then 4
                                       when g.r_s < 0.22 then 5 when g.r_s < 0.90 then 6 when g.r_s < 0.94 then -1 when g.r_s < 0.98 then -2 else -3 end as target) r
       cross join lateral (select case when r.target < 0 then 'cancelled' else ($4::text[])[least(r.target, r.reach)] end as status,
                                  case when r.target < 0 then ($4::text[])[least(-r.target, r.reach)] end as cancelled_from) s
       where w.id is not null or c.id is not null`,
      [opts.orders, fromOpp, org.owners.length, ['created', 'confirmed', 'paid', 'shipped', 'delivered', 'completed']],
    );
    await db.query('analyze gen_order');
    // Lines: the won opportunity's lines copied, else 1–4 from the catalogue.
    await db.query(
      `create temp table gen_order_item on commit drop as
       select uuidv7(o.created_at - clock_timestamp()) as id, o.id as order_id, i.position, i.product_id, i.sku, i.name, i.unit, i.qm, i.price, i.disc, i.tax,
              i.subtotal, i.discount, i.net, i.tax_fen, i.total
       from gen_order o join gen_opp_item i on i.opportunity_id = o.opportunity_id where o.copy_lines
       union all
       select uuidv7(o.created_at - clock_timestamp()), o.id, k, p.id, p.sku, p.name, p.unit, x.qm, x.price, x.disc, x.tax, la.subtotal, lb.discount, lc.net, lc.tax_fen, ld.total
       from gen_order o
       cross join lateral generate_series(1, ($2::int[])[1 + o.h % cardinality($2::int[])]) k
       join gen_product p on p.i = 1 + (o.h / 7 + k * 41) % $1
       cross join lateral (select case when p.unit in ('套', '项') then 1000 else (1 + (o.h / 11 + k) % 30) * 1000 + case when (o.h / 23) % 10 = 0 then 500 else 0 end end::bigint as qm,
                                  case when (o.h / 13 + k) % 6 = 0 then p.price * 95 / 100 else p.price end as price,
                                  case when (o.h / 17 + k) % 5 = 0 then 300 else 0 end as disc, p.tax) x
       ${LINE_AMOUNTS}
       where not o.copy_lines`,
      [products, LINE_COUNTS],
    );
    await db.query(
      `insert into order_items (id, position, product_id, sku, name, unit, quantity, unit_price_fen, discount_bp, tax_rate_bp,
         subtotal_fen, discount_fen, net_fen, tax_fen, total_fen, order_id)
       select id, position, product_id, sku, name, unit, qm / 1000.0, price, disc, tax, subtotal, discount, net, tax_fen, total, order_id from gen_order_item`,
    );
    step('order lines');
    await db.query(
      `create temp table gen_order_total on commit drop as
       select order_id, sum(subtotal)::bigint as subtotal, sum(discount)::bigint as discount, sum(net)::bigint as net, sum(tax_fen)::bigint as tax, sum(total)::bigint as total
       from gen_order_item group by order_id`,
    );
    await db.query('create unique index on gen_order_total (order_id)');
    await db.query(
      `insert into orders (id, created_at, updated_at, created_by, version, currency, subtotal_fen, discount_fen, net_fen, tax_fen, total_fen, number,
         customer_id, contact_id, opportunity_id, status, order_date, paid_fen, shipping_address, receiver_name, receiver_phone, carrier, tracking_number, notes,
         cancel_reason, confirmed_at, paid_at, shipped_at, delivered_at, completed_at, cancelled_at, owner_id, department_id)
       select o.id, o.created_at, x.updated_at, o.owner_id, x.steps, 'CNY', t.subtotal, t.discount, t.net, t.tax, t.total,
              'DD' || y.year || pg_temp.seq6((coalesce(s.last_value, 0) + row_number() over (partition by y.year order by o.created_at, o.i))::int),
              o.customer_id, o.contact_id, o.opportunity_id, o.status, (o.created_at at time zone $1)::date,
              case when x.reached_paid then t.total when o.status = 'confirmed' and o.r_pay < 0.5 then (t.total * 3 * 2 + 10) / 20 else 0 end,
              c.address, c.contact_name, c.contact_phone,
              case when x.reached_shipped then ($2::text[])[1 + o.h % cardinality($2::text[])] end,
              case when x.reached_shipped then 'SF' || lpad((o.h * 7919 % 10000000000)::text, 12, '0') end,
              null,
              case when o.status = 'cancelled' then ($3::text[])[1 + o.h % cardinality($3::text[])] end,
              case when x.reached_confirmed then o.confirmed_at end, case when x.reached_paid then o.paid_at end, case when x.reached_shipped then o.shipped_at end,
              case when o.status in ('delivered', 'completed') then o.delivered_at end, case when o.status = 'completed' then o.completed_at end,
              case when o.status = 'cancelled' then x.cancelled_at end,
              o.owner_id, o.department_id
       from gen_order o
       join gen_order_total t on t.order_id = o.id
       left join gen_cust c on c.id = o.customer_id
       cross join lateral (select extract(year from o.created_at at time zone $1)::text as year) y
       left join number_sequences s on s.scope = 'order:' || y.year
       cross join lateral (select o.status in ('confirmed', 'paid', 'shipped', 'delivered', 'completed') or (o.status = 'cancelled' and o.cancelled_from <> 'created') as reached_confirmed,
                                  o.status in ('paid', 'shipped', 'delivered', 'completed') or (o.status = 'cancelled' and o.cancelled_from = 'paid') as reached_paid,
                                  o.status in ('shipped', 'delivered', 'completed') as reached_shipped,
                                  case o.cancelled_from when 'created' then least(now() - interval '1 second', o.created_at + interval '6 hours')
                                       when 'confirmed' then least(now() - interval '1 second', o.confirmed_at + interval '1 day')
                                       else least(now() - interval '1 second', o.paid_at + interval '1 day') end as cancelled_at) x0
       cross join lateral (select x0.*,
                                  case o.status when 'created' then o.created_at when 'confirmed' then o.confirmed_at when 'paid' then o.paid_at when 'shipped' then o.shipped_at
                                       when 'delivered' then o.delivered_at when 'completed' then o.completed_at else x0.cancelled_at end as updated_at,
                                  1 + array_position(array['created', 'confirmed', 'paid', 'shipped', 'delivered', 'completed'], case when o.status = 'cancelled' then o.cancelled_from else o.status end)
                                    - 1 + case when o.status = 'cancelled' then 1 else 0 end as steps) x`,
      [tz, CARRIERS, CANCEL_REASONS],
    );
    await db.query(
      `insert into number_sequences (scope, last_value)
       select 'order:' || substr(number, 3, 4), max(substr(number, 7)::int) from orders group by 1
       on conflict (scope) do update set last_value = greatest(number_sequences.last_value, excluded.last_value), updated_at = now()`,
    );
    step('orders');
    // Every state change: created (from nothing), then each step up to the status (or up to the state it was cancelled in, then cancelled).
    await db.query(
      `insert into order_status_changes (id, order_id, from_status, to_status, changed_at, changed_by, note)
       select uuidv7(x.at - clock_timestamp()), o.id, x.from_status, x.to_status, x.at, o.owner_id, x.note
       from orders o
       cross join lateral (select array['created', 'confirmed', 'paid', 'shipped', 'delivered', 'completed'] as path,
                                  array[o.created_at, o.confirmed_at, o.paid_at, o.shipped_at, o.delivered_at, o.completed_at] as times) p
       cross join lateral (
         select case when j > 1 then p.path[j - 1] end as from_status, p.path[j] as to_status, p.times[j] as at,
                case when p.path[j] = 'shipped' then o.carrier || ' ' || o.tracking_number end as note
         from generate_series(1, 6) j where p.times[j] is not null
         union all
         select (case when o.paid_at is not null then 'paid' when o.confirmed_at is not null then 'confirmed' else 'created' end), 'cancelled', o.cancelled_at, o.cancel_reason
         where o.status = 'cancelled') x`,
    );
    step('order status changes');
    // Payments on confirmed orders: one (70%) or two (30%: 30% then the rest) covering the total of paid ones; one of 30% on partly paid ones.
    await db.query(
      `insert into order_payments (id, order_id, paid_on, amount_fen, method, reference, notes, recorded_by, recorded_at)
       select uuidv7(x.at - clock_timestamp()), o.id, (x.at at time zone $1)::date, x.amount, ($2::text[])[1 + (abs(hashtext(o.id::text)) + x.k) % cardinality($2::text[])],
              case when x.k = 1 then '银行流水 ' || substr(md5(o.id::text), 1, 12) end, null, o.owner_id, x.at
       from orders o
       cross join lateral (select o.paid_fen as full_fen, abs(hashtext(o.number)) % 10 < 3 as split) s
       cross join lateral (
         select 1 as k, case when o.paid_at is not null and s.split then (o.total_fen * 3 * 2 + 10) / 20 else o.paid_fen end as amount,
                case when o.paid_at is not null then o.confirmed_at + (o.paid_at - o.confirmed_at) * case when s.split then 0.3 else 1 end
                     else o.confirmed_at + (least(now(), o.confirmed_at + interval '3 days') - o.confirmed_at) * 0.5 end as at
         union all
         select 2, o.total_fen - (o.total_fen * 3 * 2 + 10) / 20, o.paid_at where o.paid_at is not null and s.split) x
       where o.paid_fen > 0 and x.amount > 0`,
      [tz, METHODS],
    );
    step('order payments');

    // The customers' figures as the orders module keeps them (paid orders: value, count, first and last paid), and 成交 on the first.
    await db.query(
      `update customers c set lifetime_value_fen = f.value, paid_order_count = f.n, first_paid_at = f.first, last_paid_at = f.last,
              stage = case when c.stage in ('potential', 'intent') then 'customer' else c.stage end
       from (select customer_id, sum(total_fen) filter (where currency = 'CNY')::bigint as value, count(*)::int as n, min(coalesce(paid_at, updated_at)) as first,
                    max(coalesce(paid_at, updated_at)) as last
             from orders where status in ('paid', 'shipped', 'delivered', 'completed') and deleted_at is null group by customer_id) f
       where c.id = f.customer_id`,
    );
    step('customer figures');

    // Contracts: 30% for a won opportunity, 15% for a completed order, the rest signed directly.
    const forOpp = Math.min(wonCount, Math.floor(opts.contracts * 0.3));
    await db.query(
      `create temp table gen_done on commit drop as
       select (row_number() over (order by md5(id::text)))::int as rn, id, customer_id, contact_id, owner_id, department_id, total_fen, completed_at
       from orders where status = 'completed' and opportunity_id is null`,
    );
    const done = Number((await db.query<{ n: string }>('select count(*) n from gen_done')).rows[0]?.n);
    const forOrder = Math.min(done, Math.floor(opts.contracts * 0.15));
    await db.query(
      `create temp table gen_contract on commit drop as
       select g.i, uuidv7(t.created_at - clock_timestamp()) as id, t.*, d.signed_on, d.starts_on, d.ends_on, d.term,
              case when g.r_s < 0.05 then 'draft' when g.r_s < 0.15 and d.starts_on < (now() at time zone $5)::date then 'terminated'
                   when d.ends_on >= (now() at time zone $5)::date then 'active' else 'expired' end as status,
              1 + g.h % 4 as parts, g.h
       from (select i, random() as r_s, random() as r_t, random() as r_cust, random() as r_amt, random() as r_term, (random() * 2147483647)::int8 as h
             from generate_series(1, $1::int) i) g
       left join gen_won w on g.i <= $2 and w.rn = g.i
       left join gen_done od on g.i > $2 and g.i <= $2 + $3 and od.rn = g.i - $2
       join gen_owner o on o.i = 1 + g.i % $4
       left join gen_cust c on w.id is null and od.id is null and c.owner_id = o.id and c.orn = 1 + floor(g.r_cust * o.ncust)::int
       cross join lateral (select coalesce(w.owner_id, od.owner_id, o.id) as owner_id, coalesce(w.department_id, od.department_id, o.department_id) as department_id,
                                  coalesce(w.customer_id, od.customer_id, c.id) as customer_id, coalesce(w.contact_id, od.contact_id, c.contact_id) as contact_id,
                                  w.id as opportunity_id, od.id as order_id,
                                  coalesce(w.amount_fen, od.total_fen, ((50000 + floor(power(g.r_amt, 3) * 4950000)::int) / 1000 * 1000)::bigint * 100) as amount_fen,
                                  least(now() - interval '1 hour', coalesce(w.closed_at + interval '1 day', od.completed_at + interval '1 day', now() - interval '1 hour' - g.r_t * interval '729 days')) as created_at) t
       cross join lateral (select case when g.r_term < 0.7 then 12 when g.r_term < 0.9 then 24 else 36 end as term,
                                  (t.created_at at time zone $5)::date + 3 as signed_on0) d0
       cross join lateral (select d0.term, case when g.r_s < 0.05 then null else least(d0.signed_on0, (now() at time zone $5)::date) end as signed_on,
                                  least(d0.signed_on0, (now() at time zone $5)::date) as starts_on,
                                  (least(d0.signed_on0, (now() at time zone $5)::date) + make_interval(months => d0.term::int))::date - 1 as ends_on) d
       where t.customer_id is not null`,
      [opts.contracts, forOpp, forOrder, org.owners.length, tz],
    );
    await db.query(
      `insert into contracts (id, created_at, updated_at, created_by, version, number, title, customer_id, contact_id, opportunity_id, order_id, amount_fen, currency,
         received_fen, status, signed_on, starts_on, ends_on, terms, notes, terminated_at, termination_reason, renewal_reminded_at, owner_id, department_id)
       select g.id, g.created_at, g.created_at, g.owner_id, 1,
              'HT' || y.year || pg_temp.seq3((coalesce(s.last_value, 0) + row_number() over (partition by y.year order by g.created_at, g.i))::int),
              coalesce(c.name_key, '客户') || ' ' || ($1::text[])[1 + g.h % cardinality($1::text[])] || '合同',
              g.customer_id, g.contact_id, g.opportunity_id, g.order_id, g.amount_fen, 'CNY', 0, g.status, g.signed_on, g.starts_on, g.ends_on,
              '按合同约定分期付款，逾期按日万分之五计收违约金。', null,
              case when g.status = 'terminated' then x.terminated_on::timestamp at time zone $3 + interval '10 hours' end,
              case when g.status = 'terminated' then ($2::text[])[1 + g.h % cardinality($2::text[])] end,
              case when g.status = 'active' and g.ends_on <= (now() at time zone $3)::date + 30 then (g.ends_on - 30)::timestamp at time zone $3 + interval '9 hours' end,
              g.owner_id, g.department_id
       from gen_contract g
       left join gen_cust c on c.id = g.customer_id
       cross join lateral (select extract(year from g.created_at at time zone $3)::text as year) y
       left join number_sequences s on s.scope = 'contract:' || y.year
       cross join lateral (select least((now() at time zone $3)::date - 1, g.starts_on + ((g.ends_on - g.starts_on) * (0.2 + (g.h % 60) / 100.0))::int) as terminated_on) x`,
      [TOPICS, TERMINATION_REASONS, tz],
    );
    await db.query(
      `insert into number_sequences (scope, last_value)
       select 'contract:' || substr(number, 3, 4), max(substr(number, 7)::int) from contracts group by 1
       on conflict (scope) do update set last_value = greatest(number_sequences.last_value, excluded.last_value), updated_at = now()`,
    );
    // The plan: 1–4 installments over the term, the last one taking what the division leaves.
    await db.query(
      `insert into contract_installments (id, contract_id, position, due_on, amount_fen, received_fen, notes, overdue_reminded_at)
       select uuidv7(c.created_at - clock_timestamp()), c.id, k, (c.starts_on + make_interval(months => ((k - 1) * g.term / g.parts)::int))::date + 15,
              case when k < g.parts then c.amount_fen / g.parts else c.amount_fen - (g.parts - 1) * (c.amount_fen / g.parts) end, 0,
              case when k = 1 and g.parts > 1 then '首付款' end, null
       from contracts c join gen_contract g on g.id = c.id cross join lateral generate_series(1, g.parts) k
       where c.amount_fen > 0`,
    );
    step('contracts and installments');
    // Payments: installments due by today (by the termination for terminated contracts): 85% paid, 7% half, 8% not (reminded as overdue).
    await db.query(
      `create temp table gen_cpay on commit drop as
       select uuidv7(x.at - clock_timestamp()) as id, i.id as installment_id, c.id as contract_id, c.owner_id, x.at, x.amount, x.r
       from contract_installments i join contracts c on c.id = i.contract_id
       cross join lateral (select abs(hashtext(i.id::text)) % 100 as r) h
       cross join lateral (select least(now() - interval '1 hour', (i.due_on + (h.r % 25) - 5)::timestamp at time zone $1 + interval '10 hours') as at,
                                  case when h.r < 85 then i.amount_fen when h.r < 92 then i.amount_fen / 2 else 0 end as amount, h.r) x
       where c.status <> 'draft' and i.due_on <= coalesce((c.terminated_at at time zone $1)::date, (now() at time zone $1)::date) and x.amount > 0`,
      [tz],
    );
    await db.query(
      `insert into contract_payments (id, contract_id, paid_on, amount_fen, method, reference, notes, recorded_by, recorded_at)
       select id, contract_id, (at at time zone $1)::date, amount, ($2::text[])[1 + r % cardinality($2::text[])], '回款 ' || substr(md5(id::text), 1, 10), null, owner_id, at
       from gen_cpay`,
      [tz, METHODS],
    );
    await db.query('insert into contract_payment_allocations (payment_id, installment_id, amount_fen) select id, installment_id, amount from gen_cpay');
    await db.query(
      `update contract_installments i set received_fen = p.amount from gen_cpay p where p.installment_id = i.id`,
    );
    await db.query(
      `update contract_installments i set overdue_reminded_at = (i.due_on + 1)::timestamp at time zone $1 + interval '9 hours'
       from contracts c where c.id = i.contract_id and c.status in ('active', 'expired') and i.received_fen < i.amount_fen and i.due_on < (now() at time zone $1)::date - 1`,
      [tz],
    );
    await db.query(
      `update contracts c set received_fen = p.total, updated_at = greatest(c.updated_at, p.last)
       from (select contract_id, sum(amount)::bigint as total, max(at) as last from gen_cpay group by 1) p where p.contract_id = c.id`,
    );
    step('contract payments');

    await db.query('set local session_replication_role = origin');
    for (const r of idx) await db.query(r.def);
    step('indexes');
    await db.query('commit');
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
  for (const t of [...SALES_TABLES, 'customers']) await db.query(`vacuum analyze ${t}`);
  step('vacuum analyze');
  return { seconds: (performance.now() - t0) / 1000, steps, ...(await countSales(db)) };
}

/**
 * Compares generated rows with what the application computes: each sampled line's amounts with
 * lineAmounts, documents' totals with their lines, paid and received amounts with their payments
 * and installments, stage history with the opportunity. Throws with the differences.
 */
export async function verifySales(db: pg.ClientBase, size = 3000): Promise<void> {
  const bad: string[] = [];
  for (const table of ['opportunity_items', 'order_items']) {
    const { rows } = await db.query<{ quantity: string; unit_price_fen: string; discount_bp: number; tax_rate_bp: number; subtotal_fen: string; discount_fen: string; net_fen: string; tax_fen: string; total_fen: string }>(
      `select quantity, unit_price_fen, discount_bp, tax_rate_bp, subtotal_fen, discount_fen, net_fen, tax_fen, total_fen from ${table} tablesample system (1) limit $1`,
      [size],
    );
    for (const r of rows) {
      const want = lineAmounts({ quantityMilli: Math.round(Number(r.quantity) * 1000), unitPriceFen: Number(r.unit_price_fen), discountBp: r.discount_bp, taxRateBp: r.tax_rate_bp });
      const got = { subtotalFen: Number(r.subtotal_fen), discountFen: Number(r.discount_fen), netFen: Number(r.net_fen), taxFen: Number(r.tax_fen), totalFen: Number(r.total_fen) };
      if (JSON.stringify(want) !== JSON.stringify(got)) bad.push(`${table}: ${JSON.stringify(r)} — lineAmounts gives ${JSON.stringify(want)}`);
    }
  }
  const checks: [string, string][] = [
    ['opportunities priced from lines whose amount is not their total', `select count(*) n from opportunities o tablesample system (10) where o.amount_from_items and o.amount_fen <> (select sum(total_fen) from opportunity_items i where i.opportunity_id = o.id)`],
    ['opportunities whose last stage change is not their stage', `select count(*) n from opportunities o tablesample system (10) where o.stage_id <> (select c.to_stage_id from opportunity_stage_changes c where c.opportunity_id = o.id order by c.changed_at desc, c.id desc limit 1)`],
    ['opportunities without a creation entry', `select count(*) n from opportunities o tablesample system (10) where not exists (select 1 from opportunity_stage_changes c where c.opportunity_id = o.id and c.from_stage_id is null)`],
    ['closed opportunities without closed_at / open ones with it', `select count(*) n from opportunities o join pipeline_stages s on s.id = o.stage_id where (s.kind = 'open') = (o.closed_at is not null)`],
    ['opportunities of a customer of another owner', `select count(*) n from opportunities o join customers c on c.id = o.customer_id where c.owner_id <> o.owner_id`],
    ['orders whose total is not the sum of their lines', `select count(*) n from orders o tablesample system (10) where o.total_fen <> (select sum(total_fen) from order_items i where i.order_id = o.id) or o.net_fen <> o.subtotal_fen - o.discount_fen or o.total_fen <> o.net_fen + o.tax_fen`],
    ['orders whose paid amount is not the sum of their payments', `select count(*) n from orders o tablesample system (10) where o.paid_fen <> coalesce((select sum(amount_fen) from order_payments p where p.order_id = o.id), 0)`],
    ['paid orders not fully paid', `select count(*) n from orders where paid_at is not null and paid_fen <> total_fen`],
    ['orders whose last status change is not their status', `select count(*) n from orders o tablesample system (10) where o.status <> (select c.to_status from order_status_changes c where c.order_id = o.id order by c.changed_at desc, c.id desc limit 1)`],
    ['duplicate order or contract numbers', `select (select count(*) - count(distinct number) from orders) + (select count(*) - count(distinct number) from contracts) n`],
    ['contracts whose plan does not add up to the amount', `select count(*) n from contracts c tablesample system (10) where c.amount_fen > 0 and c.amount_fen <> (select sum(amount_fen) from contract_installments i where i.contract_id = c.id)`],
    ['contracts whose received amount is not the sum of their payments', `select count(*) n from contracts c tablesample system (10) where c.received_fen <> coalesce((select sum(amount_fen) from contract_payments p where p.contract_id = c.id), 0)`],
    ['installments whose received amount is not their allocations', `select count(*) n from contract_installments i tablesample system (10) where i.received_fen <> coalesce((select sum(amount_fen) from contract_payment_allocations a where a.installment_id = i.id), 0)`],
    ['customers whose figures differ from their paid orders', `select count(*) n from customers c tablesample system (10) where c.paid_order_count <> (select count(*) from orders o where o.customer_id = c.id and o.deleted_at is null and o.status in ('paid', 'shipped', 'delivered', 'completed'))`],
    ['number_sequences behind the numbers', `select count(*) n from (select 'order:' || substr(number, 3, 4) scope, max(substr(number, 7)::int) m from orders group by 1
                                                 union all select 'contract:' || substr(number, 3, 4), max(substr(number, 7)::int) from contracts group by 1) x
                                           left join number_sequences s on s.scope = x.scope where s.last_value is null or s.last_value < x.m`],
  ];
  for (const [what, q] of checks) {
    const n = Number((await db.query<{ n: string }>(q)).rows[0]?.n);
    if (n > 0) bad.push(`${what}: ${n}`);
  }
  if (bad.length) throw new Error(`Generated sales data differs from what the application computes (${bad.length}):\n  ${bad.slice(0, 30).join('\n  ')}`);
}
