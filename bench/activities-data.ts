/**
 * Follow-ups, tasks and timeline entries for bench/activities.ts, on top of the customer data of
 * bench/customers-data.ts (1,000,000 customers, 200 owners). Generated set-based in SQL, in one
 * transaction with the secondary indexes of the three tables dropped and rebuilt (so a run that
 * dies half-way leaves nothing behind), the way the application would have written them:
 *
 * - follow-ups: on owned customers that have a last follow-up, by their owner (and department),
 *   one exactly at the customer's `last_follow_up_at` and the rest between its creation (at most
 *   two years back) and that time, skewed so some customers have hundreds and most a few; method
 *   by weight, content in Chinese, 70% with the primary contact, some with feedback, agreements,
 *   open questions; those of the last year with a next step (next action, next follow-up at)
 *   have the task `insertTask` creates for it (follow_up_id, 15 minutes' reminder);
 * - the other tasks spread evenly over the 200 owners (assignee and department; 10% created by
 *   the team manager), due from a year ago to three months ahead, 80% of the past ones done or
 *   cancelled, 70% with a reminder (delivered when its time has passed), 60% on a customer of
 *   the assignee;
 * - timeline entries as the modules publish them: `follow_up.logged` per follow-up (params of
 *   followups.service timelineParams), `task.created` per task with a customer and `task.done` /
 *   `task.cancelled` per closed one (restricted to the assignee and department);
 * - one "big" customer of the benchmark salesperson with exactly 10,000 entries: follow-ups and
 *   tasks of that salesperson moved onto it (so the totals and their task load stay as they
 *   are), a colleague's tasks (hidden from the owner), feedback and stage changes.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { DEFAULT_REMINDER_MINUTES, taskTypeForMethod } from '../src/server/modules/followups/followups.rules.ts';
import type { BenchOrg } from './customers-data.ts';

/** Follow-up methods by weight (of 20), each with how its content starts. */
const METHODS: readonly (readonly [string, number, string])[] = [
  ['phone', 9, '电话沟通'],
  ['visit', 3, '上门拜访'],
  ['email', 2, '邮件往来'],
  ['online_meeting', 3, '线上会议'],
  ['demo', 1, '产品演示'],
  ['other', 2, '微信沟通'],
];
const ROLES = ['采购经理', '总经理', '技术负责人', '财务主管', 'IT主管', '项目经理', '运营总监', '行政主管'];
const TOPICS = ['产品报价', '实施方案', '合同条款', '付款方式', '交付周期', '售后服务', '系统对接需求', '试用情况', '年度采购计划', '与竞品的差异', '培训安排', '续约事宜', '扩容需求', '发票与对账'];
const REACTIONS = [
  '客户表示认可，希望尽快推进', '客户仍在比较几家供应商', '对价格有顾虑，希望再给些优惠', '需要内部讨论后再答复', '方案已提交领导审批',
  '要求补充技术资料', '对方案整体满意，细节待确认', '暂时没有预算，下季度再联系', '关注数据安全，要求私有化部署', '希望先小范围试点',
];
const DETAILS = ['约定下周再沟通一次。', '已发送最新报价单。', '需安排技术人员到现场调研。', '客户提出增加两个功能模块。', '对接人近期出差，回复较慢。', '已加微信，后续保持联系。', '客户要求月底前给出正式方案。', ''];
/** Added to 15% of the contents, which makes them longer than the timeline's summary (140 characters, then "…"). */
const BACKGROUND = [
  '背景：客户去年上线了一套进销存系统，目前数据分散在多个表格里，各部门之间的信息同步主要靠人工，月底对账经常出错，管理层希望今年内把订单、库存和财务打通，并且能在手机上查看每天的销售和回款情况。下次拜访时请带上同行业的实施案例。',
  '背景：对方的决策链较长：先由信息部评估技术方案，再由采购部组织比价，最后报总经理办公会审批，预计整个流程需要两到三个月，期间需要持续跟进各个环节的关键人，尤其是财务总监对投资回报的看法。建议准备一份投资回报测算表。',
  '背景：客户在华东有三个生产基地，每个基地的流程略有不同，希望系统能支持按基地配置审批流和报表，同时要求所有数据集中存放在总部机房，不接受公有云部署，后续还可能扩展到华南的两个新工厂。技术方案需要信息部周经理先确认。',
];
const FEEDBACK = ['客户认为界面操作有些复杂', '希望增加移动端审批', '对交付周期表示担忧', '认为报价高于预期', '希望提供更多同行业案例'];
const AGREEMENTS = ['双方同意下周安排产品演示', '确认按季度分期付款', '报价有效期延长至月底', '先签订试用协议'];
const OPEN_QUESTIONS = ['是否需要对接现有ERP系统？', '最终决策人是谁？', '预算是否已经批复？'];
const NEXT_ACTIONS = ['发送正式报价', '安排技术交流', '确认合同细节', '再次电话回访', '邀请参加产品演示', '开通试用账号', '提交实施计划'];
const TASK_TITLES: readonly (readonly [string, string])[] = [
  ['电话回访客户', 'call'], ['发送产品资料', 'email'], ['准备报价单', 'other'], ['安排上门拜访', 'visit'], ['跟进合同签订', 'other'],
  ['确认付款进度', 'call'], ['整理需求文档', 'other'], ['邀请参加产品演示', 'meeting'], ['催收尾款', 'call'], ['续约沟通', 'meeting'],
  ['寄送样品', 'other'], ['发送会议纪要', 'email'], ['预约技术交流会', 'meeting'], ['回复客户邮件', 'email'], ['拜访关键决策人', 'visit'], ['更新客户资料', 'other'],
];
const TASK_DESCRIPTIONS = ['客户要求本周内答复', '注意带上最新版方案', '需先和财务确认折扣权限', '上次沟通提到的问题要一并回复'];
/** Reminder offsets of tasks that have one, by weight (the UI's presets). */
const REMINDER_MINUTES = [0, 5, 15, 15, 15, 30, 30, 60, 60, 120, 1440];
const PRIORITIES = ['low', 'low', 'low', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'high', 'high', 'high', 'high', 'urgent'];
const FEEDBACK_TITLES: readonly (readonly [string, string])[] = [
  ['requirement', '希望报表支持按区域汇总'], ['suggestion', '建议增加批量导入联系人'], ['complaint', '上周系统响应慢'], ['objection', '认为年费偏高'],
  ['requirement', '需要与企业微信打通'], ['suggestion', '希望审批流程可以自定义'], ['complaint', '培训安排时间不合适'], ['objection', '担心数据迁移风险'],
];
const STAGES = ['potential', 'intent', 'customer'];

const ACTIVITY_TABLES = ['follow_ups', 'tasks', 'timeline_events'];

export interface ActivityCounts {
  followUps: number;
  tasks: number;
  timeline: number;
  /** Tasks that are the next step of a follow-up (follow_up_id set). */
  nextStepTasks: number;
}

export interface GenerateActivitiesResult extends ActivityCounts {
  seconds: number;
  /** Seconds per step, in order. */
  steps: [string, number][];
}

export async function countActivities(db: pg.ClientBase): Promise<ActivityCounts> {
  const n = async (q: string) => Number((await db.query<{ n: string }>(q)).rows[0]?.n ?? 0);
  return {
    followUps: await n('select count(*) n from follow_ups'),
    tasks: await n('select count(*) n from tasks'),
    timeline: await n('select count(*) n from timeline_events'),
    nextStepTasks: await n('select count(*) n from tasks where follow_up_id is not null'),
  };
}

/**
 * Adds `followUps` follow-ups, `tasks` tasks (of which the follow-ups' next steps) and their
 * timeline entries to a database holding the customers suite's data and nothing of this kind.
 */
export async function generateActivities(db: pg.ClientBase, org: BenchOrg, opts: { followUps: number; tasks: number }): Promise<GenerateActivitiesResult> {
  const t0 = performance.now();
  const steps: [string, number][] = [];
  let last = t0;
  const step = (what: string) => {
    const now = performance.now();
    steps.push([what, (now - last) / 1000]);
    last = now;
    process.stderr.write(`  ${what}: ${((now - t0) / 1000).toFixed(0)} s\n`);
  };
  await db.query('begin');
  try {
    await db.query(`set local maintenance_work_mem = '512MB'`);
    await db.query(`set local work_mem = '256MB'`);
    // Foreign keys hold by construction; their per-row triggers would double the time.
    await db.query('set local session_replication_role = replica');
    await db.query('set local synchronous_commit = off');
    await db.query('select setseed(0.25)');
    const { rows: idx } = await db.query<{ name: string; def: string }>(
      `select i.indexname as name, i.indexdef as def from pg_indexes i
       where i.schemaname = 'public' and i.tablename = any($1)
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      [ACTIVITY_TABLES],
    );
    for (const r of idx) await db.query(`drop index "${r.name}"`);
    // As JavaScript's toISOString(), which is how the services put times into params.
    await db.query(`create function pg_temp.iso(t timestamptz) returns text language sql immutable as $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`);
    // A task's state from its due time: 80% of the past ones closed (70% done, 10% cancelled), 3% of the future ones done early.
    await db.query(
      `create function pg_temp.task_state(created timestamptz, due timestamptz, r1 float8, r2 float8, out status text, out done_at timestamptz, out updated_at timestamptz)
       language sql stable as $$
         select st, case when st = 'done' then closed end, case when st = 'open' then created else closed end
         from (select case when due < now() then (case when r1 < 0.7 then 'done' when r1 < 0.8 then 'cancelled' else 'open' end)
                           else (case when r1 < 0.03 then 'done' else 'open' end) end as st,
                      least(now(), greatest(created, due + (r2 * 3 - 2) * interval '1 day')) as closed) x
       $$`,
    );

    // The 200 owners with their department and the manager who may give them tasks.
    await db.query(
      `create temp table gen_owner on commit drop as
       select x.n::int as i, u.id, u.department_id, u.display_name,
              coalesce(case when d.manager_id = u.id then p.manager_id else d.manager_id end, u.id) as manager_id, 0 as ncust
       from unnest($1::uuid[]) with ordinality x(id, n) join users u on u.id = x.id
       join departments d on d.id = u.department_id left join departments p on p.id = d.parent_id`,
      [org.owners.map(([u]) => u)],
    );
    // Owned customers that have been followed up, in a random order (rn) and per owner (orn).
    await db.query(
      `create temp table gen_cust on commit drop as
       select (row_number() over (order by md5(c.id::text)))::int as rn,
              (row_number() over (partition by c.owner_id order by c.id))::int as orn,
              c.id, c.name, c.owner_id, c.department_id,
              least(c.last_follow_up_at, greatest(c.created_at, now() - interval '730 days')) as f_from, c.last_follow_up_at as f_to,
              k.id as contact_id
       from customers c left join contacts k on k.customer_id = c.id and k.is_primary and k.deleted_at is null
       where c.owner_id is not null and c.deleted_at is null and c.merged_into_id is null and c.last_follow_up_at is not null`,
    );
    await db.query('update gen_owner o set ncust = (select count(*) from gen_cust c where c.owner_id = o.id)');
    const customersFollowed = Number((await db.query<{ n: string }>('select count(*) n from gen_cust')).rows[0]?.n);
    step('owners and customers');

    const weighted = METHODS.flatMap(([code, w, opener]) => Array.from({ length: w }, () => [code, opener] as const));
    const latest = Math.min(customersFollowed, opts.followUps);
    await db.query(
      `insert into follow_ups (id, created_at, updated_at, created_by, customer_id, contact_id, method, happened_at, content, feedback, agreements,
         open_questions, next_action, next_follow_up_at, owner_id, department_id)
       select uuidv7(t2.logged - clock_timestamp()), t2.logged, t2.logged, c.owner_id, c.id,
              case when g.r_contact < 0.7 then c.contact_id end,
              ($1::text[])[t1.m], t1.happened,
              ($2::text[])[t1.m] || '：与' || ($3::text[])[1 + g.h % cardinality($3::text[])] || '就' || ($4::text[])[1 + (g.h / 7) % cardinality($4::text[])]
                || '进行了沟通，' || ($5::text[])[1 + (g.h / 101) % cardinality($5::text[])] || '。' || ($6::text[])[1 + (g.h / 1009) % cardinality($6::text[])]
                || case when g.r_misc < 0.15 then ($7::text[])[1 + (g.h / 10007) % cardinality($7::text[])] else '' end,
              case when g.r_misc >= 0.15 and g.r_misc < 0.45 then ($8::text[])[1 + (g.h / 13) % cardinality($8::text[])] end,
              case when g.r_extra < 0.15 then ($9::text[])[1 + (g.h / 17) % cardinality($9::text[])] end,
              case when g.r_extra >= 0.9 then ($10::text[])[1 + (g.h / 19) % cardinality($10::text[])] end,
              case when t2.nx and g.r_extra < 0.8 then ($11::text[])[1 + (g.h / 23) % cardinality($11::text[])] end,
              case when t2.nx then t2.next_at end,
              c.owner_id, c.department_id
       from (
         select rn as pick, true as latest, random() as r_time, random() as r_method, random() as r_contact, random() as r_misc, random() as r_extra,
                random() as r_next, (random() * 2147483647)::int8 as h
         from gen_cust where rn <= $12
         union all
         select 1 + floor(power(random(), 1.5) * $13)::int, false, random(), random(), random(), random(), random(), random(), (random() * 2147483647)::int8
         from generate_series(1, $14)
       ) g
       join gen_cust c on c.rn = g.pick
       cross join lateral (select 1 + floor(g.r_method * 20)::int as m,
                                  case when g.latest then c.f_to else c.f_from + g.r_time * (c.f_to - c.f_from) end as happened) t1
       cross join lateral (select least(now(), t1.happened + (10 + g.h % 480) * interval '1 minute') as logged,
                                  t1.happened >= now() - interval '365 days' and g.r_next < 0.2 as nx,
                                  date_trunc('hour', t1.happened) + (1 + (g.h / 29) % 21) * interval '1 day' as next_at) t2`,
      [
        weighted.map(([c]) => c), weighted.map(([, o]) => o), ROLES, TOPICS, REACTIONS, DETAILS, BACKGROUND, FEEDBACK, AGREEMENTS, OPEN_QUESTIONS, NEXT_ACTIONS,
        latest, customersFollowed, Math.max(0, opts.followUps - latest),
      ],
    );
    step('follow-ups');

    // The next steps of those follow-ups, as insertTask creates them (title: next action, else the customer's name).
    const methods = (await db.query<{ code: string }>('select code from follow_up_methods')).rows.map((r) => r.code);
    await db.query(
      `insert into tasks (id, created_at, updated_at, created_by, title, type, description, due_at, reminder_minutes, remind_at, reminded_at, priority,
         status, done_at, assignee_id, department_id, customer_id, contact_id, follow_up_id)
       select uuidv7(f.created_at - clock_timestamp()), f.created_at, s.updated_at, f.owner_id, left(coalesce(f.next_action, c.name), 200), mt.type,
              f.next_action, f.next_follow_up_at, $3::int, r.remind_at, case when r.remind_at <= now() then r.remind_at end, 'normal',
              s.status, s.done_at, f.owner_id, f.department_id, f.customer_id, f.contact_id, f.id
       from follow_ups f
       join customers c on c.id = f.customer_id
       join unnest($1::text[], $2::text[]) mt(code, type) on mt.code = f.method
       cross join lateral pg_temp.task_state(f.created_at, f.next_follow_up_at, random(), random()) s
       cross join lateral (select f.next_follow_up_at - $3::int * interval '1 minute' as remind_at) r
       where f.next_follow_up_at is not null
       limit $4`,
      [methods, methods.map(taskTypeForMethod), DEFAULT_REMINDER_MINUTES, opts.tasks],
    );
    const nextSteps = Number((await db.query<{ n: string }>('select count(*) n from tasks')).rows[0]?.n);
    step('next-step tasks');

    await db.query(
      `insert into tasks (id, created_at, updated_at, created_by, title, type, description, due_at, reminder_minutes, remind_at, reminded_at, priority,
         status, done_at, assignee_id, department_id, customer_id)
       select uuidv7(x.created - clock_timestamp()), x.created, s.updated_at, case when g.r_by < 0.1 then o.manager_id else o.id end,
              ($1::text[])[x.ti], ($2::text[])[x.ti], case when g.r_by >= 0.7 then ($3::text[])[1 + (g.h / 7) % cardinality($3::text[])] end,
              x.due, x.minutes, x.due - x.minutes * interval '1 minute', case when x.due - x.minutes * interval '1 minute' <= now() then x.due - x.minutes * interval '1 minute' end,
              ($4::text[])[1 + (g.h / 11) % cardinality($4::text[])], s.status, s.done_at, o.id, o.department_id, c.id
       from (select i, random() as r_due, random() as r_c, random() as r_by, random() as r_rm, (random() * 2147483647)::int8 as h from generate_series(1, $6) i) g
       join gen_owner o on o.i = 1 + g.i % $7
       left join gen_cust c on g.r_c < 0.6 and c.owner_id = o.id and c.orn = 1 + floor(g.r_c / 0.6 * o.ncust)::int
       cross join lateral (select date_bin('15 minutes', now() - interval '365 days' + g.r_due * interval '455 days', timestamptz '2000-01-01') as due,
                                  1 + g.h % cardinality($1::text[]) as ti,
                                  case when g.r_rm < 0.7 then ($5::int[])[1 + floor(g.r_rm / 0.7 * cardinality($5::int[]))::int] end as minutes) x0
       cross join lateral (select x0.*, least(now() - interval '1 minute', x0.due - (0.5 + (g.h / 13) % 20) * interval '1 day') as created) x
       cross join lateral pg_temp.task_state(x.created, x.due, random(), random()) s`,
      [TASK_TITLES.map(([t]) => t), TASK_TITLES.map(([, ty]) => ty), TASK_DESCRIPTIONS, PRIORITIES, REMINDER_MINUTES, Math.max(0, opts.tasks - nextSteps), org.owners.length],
    );
    step('other tasks');

    await db.query(
      `insert into timeline_events (id, customer_id, lead_id, kind, occurred_at, actor_id, entity_type, entity_id, params, owner_id, department_id)
       select uuidv7(f.created_at - clock_timestamp()), f.customer_id, f.lead_id, 'follow_up.logged', f.happened_at, f.owner_id, 'follow_up', f.id,
              jsonb_build_object('method', f.method,
                                 'summary', case when char_length(f.content) > 140 then left(f.content, 140) || '…' else f.content end,
                                 'contactName', k.name, 'nextAction', f.next_action, 'nextFollowUpAt', pg_temp.iso(f.next_follow_up_at), 'ownerName', u.display_name),
              null, null
       from follow_ups f join users u on u.id = f.owner_id left join contacts k on k.id = f.contact_id`,
    );
    step('timeline: follow_up.logged');
    await db.query(
      `insert into timeline_events (id, customer_id, lead_id, kind, occurred_at, actor_id, entity_type, entity_id, params, owner_id, department_id)
       select uuidv7(t.created_at - clock_timestamp()), t.customer_id, t.lead_id, 'task.created', t.created_at, t.created_by, 'task', t.id,
              jsonb_build_object('title', t.title, 'type', t.type, 'dueAt', pg_temp.iso(t.due_at), 'assigneeName', u.display_name), t.assignee_id, t.department_id
       from tasks t join users u on u.id = t.assignee_id where t.customer_id is not null
       union all
       select uuidv7(t.updated_at - clock_timestamp()), t.customer_id, t.lead_id, case t.status when 'done' then 'task.done' else 'task.cancelled' end, t.updated_at,
              t.assignee_id, 'task', t.id, jsonb_build_object('title', t.title, 'type', t.type), t.assignee_id, t.department_id
       from tasks t where t.customer_id is not null and t.status <> 'open'`,
    );
    step('timeline: task.created, task.done, task.cancelled');

    for (const r of idx) await db.query(r.def);
    step('indexes');
    await db.query('commit');
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
  for (const t of ACTIVITY_TABLES) await db.query(`vacuum analyze ${t}`);
  step('vacuum analyze');
  return { seconds: (performance.now() - t0) / 1000, steps, ...(await countActivities(db)) };
}

export interface BigCustomer {
  id: string;
  name: string;
  events: number;
  kinds: Record<string, number>;
  /** Seconds it took to build it (0 when it was there already). */
  seconds: number;
}

const userId = async (db: pg.ClientBase, username: string) => {
  const id = (await db.query<{ id: string }>('select id from users where username = $1', [username])).rows[0]?.id;
  if (!id) throw new Error(`no user ${username}`);
  return id;
};

/**
 * The salesperson's customer with the smallest id, brought to `events` timeline entries (once;
 * later runs find it done): their own follow-ups (~65%) and tasks (~26%) moved onto it from
 * their other customers, tasks of `colleague` (~2%, which the owner must not see), and for the
 * rest feedback (created, resolved) and stage changes.
 */
export async function ensureBigCustomer(db: pg.ClientBase, salesUsername: string, colleagueUsername: string, events: number): Promise<BigCustomer> {
  const t0 = performance.now();
  const sales = await userId(db, salesUsername);
  const colleague = await userId(db, colleagueUsername);
  const big = (await db.query<{ id: string; name: string }>(
    'select id, name from customers where owner_id = $1 and deleted_at is null and last_follow_up_at is not null order by id limit 1',
    [sales],
  )).rows[0];
  if (!big) throw new Error(`${salesUsername} has no customer`);
  const kinds = async () =>
    Object.fromEntries((await db.query<{ kind: string; n: string }>('select kind, count(*) n from timeline_events where customer_id = $1 group by kind order by 2 desc', [big.id])).rows.map((r) => [r.kind, Number(r.n)]));
  const total = (k: Record<string, number>) => Object.values(k).reduce((a, b) => a + b, 0);
  let have = await kinds();
  if (total(have) >= events) return { ...big, events: total(have), kinds: have, seconds: 0 };

  await db.query('begin');
  try {
    const contact = (await db.query<{ id: string; name: string }>('select id, name from contacts where customer_id = $1 and is_primary and deleted_at is null', [big.id])).rows[0] ?? null;
    // Follow-ups of the salesperson's other customers, except each customer's latest (it is
    // what "last follow-up at" shows) and those with a next-step task.
    const followUps = Math.max(0, Math.round(events * 0.65) - (have['follow_up.logged'] ?? 0));
    await db.query(
      `with moved as (
         update follow_ups f set customer_id = $2, contact_id = case when f.contact_id is not null then $4::uuid end
         where f.id in (select f2.id from follow_ups f2 join customers c on c.id = f2.customer_id
                        where f2.owner_id = $1 and f2.deleted_at is null and f2.customer_id <> $2 and f2.next_follow_up_at is null
                          and f2.happened_at < c.last_follow_up_at
                        order by f2.id limit $3)
         returning f.id, f.contact_id)
       update timeline_events e set customer_id = $2,
              params = jsonb_set(e.params, '{contactName}', case when m.contact_id is null then 'null'::jsonb else to_jsonb($5::text) end)
       from moved m where e.entity_type = 'follow_up' and e.entity_id = m.id`,
      [sales, big.id, followUps, contact?.id ?? null, contact?.name ?? null],
    );
    await db.query(
      `update customers set last_follow_up_at = greatest(last_follow_up_at, (select max(happened_at) from follow_ups where customer_id = $1 and deleted_at is null))
       where id = $1`,
      [big.id],
    );
    // Tasks with their entries (created; done or cancelled), up to a number of entries.
    const moveTasks = async (assignee: string, entries: number) =>
      db.query(
        `with pick as (
           select id from (select t.id, sum(case when t.status = 'open' then 1 else 2 end) over (order by t.id) as cum
                           from tasks t where t.assignee_id = $1 and t.customer_id is not null and t.customer_id <> $2
                             and t.follow_up_id is null and t.deleted_at is null) x
           where cum <= $3),
         moved as (update tasks t set customer_id = $2 from pick where t.id = pick.id returning t.id)
         update timeline_events e set customer_id = $2 from moved m where e.entity_type = 'task' and e.entity_id = m.id`,
        [assignee, big.id, entries],
      );
    const taskEntries = (have['task.created'] ?? 0) + (have['task.done'] ?? 0) + (have['task.cancelled'] ?? 0);
    await moveTasks(sales, Math.max(0, Math.round(events * 0.26) - taskEntries));
    await moveTasks(colleague, Math.round(events * 0.02));

    have = await kinds();
    const rest = Math.max(0, events - total(have));
    const created = Math.ceil(rest / 3);
    const resolved = Math.floor(rest / 3);
    await db.query(
      `with fb as (
         insert into customer_feedback (id, created_at, updated_at, created_by, customer_id, contact_id, kind, title, content, status, handler_id, resolved_at)
         select uuidv7(x.at - clock_timestamp()), x.at, case when i <= $4 then x.at + interval '2 days' else x.at end, $2, $1, $3,
                ($5::text[])[1 + i % cardinality($5::text[])], ($6::text[])[1 + i % cardinality($6::text[])], '客户在沟通中提出，已记录并转交相关同事',
                case when i <= $4 then 'resolved' else 'open' end, $2, case when i <= $4 then x.at + interval '2 days' end
         from generate_series(1, $7) i cross join lateral (select least(now() - interval '3 days', now() - interval '730 days' + random() * interval '730 days') as at) x
         returning id, kind, title, status, created_at, updated_at)
       insert into timeline_events (id, customer_id, kind, occurred_at, actor_id, entity_type, entity_id, params)
       select uuidv7(created_at - clock_timestamp()), $1, 'feedback.created', created_at, $2, 'feedback', id, jsonb_build_object('kind', kind, 'title', title) from fb
       union all
       select uuidv7(updated_at - clock_timestamp()), $1, 'feedback.status_changed', updated_at, $2, 'feedback', id, jsonb_build_object('title', title, 'from', 'open', 'to', 'resolved')
       from fb where status = 'resolved'`,
      [big.id, sales, contact?.id ?? null, resolved, FEEDBACK_TITLES.map(([k]) => k), FEEDBACK_TITLES.map(([, t]) => t), created],
    );
    await db.query(
      `insert into timeline_events (id, customer_id, kind, occurred_at, actor_id, entity_type, entity_id, params)
       select uuidv7(x.at - clock_timestamp()), $1, 'customer.stage_changed', x.at, $2, 'customer', $1,
              jsonb_build_object('from', ($4::text[])[1 + i % 3], 'to', ($4::text[])[1 + (i + 1) % 3])
       from generate_series(1, $3) i cross join lateral (select now() - interval '730 days' + random() * interval '729 days' as at) x`,
      [big.id, sales, rest - created - resolved, STAGES],
    );
    have = await kinds();
    if (total(have) !== events) throw new Error(`big customer: ${total(have)} timeline entries, expected ${events}`);
    await db.query('commit');
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
  // The planner must know the big customer is big (one follow-up in 770 is of it): with the
  // statistics of before, it guessed 42 of its follow-ups and sorted all 6,500 for a page.
  for (const t of ['follow_ups', 'tasks', 'timeline_events', 'customer_feedback']) await db.query(`analyze ${t}`);
  return { ...big, events: total(have), kinds: have, seconds: (performance.now() - t0) / 1000 };
}
