/**
 * The follow-ups, tasks, reminders and timeline suite (`npm run bench -- activities`): on the
 * customers suite's data (bench/customers-data.ts, BENCH_CUSTOMERS) it generates follow-ups,
 * tasks and their timeline entries (bench/activities-data.ts), then
 *  - measures requests through the HTTP stack (Fastify inject; p50/p95 after warm-up rounds,
 *    and beside them the bare SQL: the statements each request ran, captured from the pg driver
 *    and re-run on a connection of their own, as bench/customers.ts does): the timeline of a
 *    customer with 10,000 entries (first page, page 2) as its owner, the division manager and an
 *    admin; a salesperson's "my tasks" per bucket and counts; a manager's team tasks; the big
 *    customer's follow-ups;
 *  - delivers BENCH_REMINDERS reminders due within one minute with the real job runner
 *    (startJobs, tasks.reminders on its schedule, default tick and polling) and the system clock,
 *    timing each delivery from the reminder's time, with one runner and with two.
 *
 *   BENCH_CUSTOMERS (1000000)  BENCH_FOLLOW_UPS (5000000)  BENCH_TASKS (2000000)  BENCH_RUNS (40)
 *   BENCH_REMINDERS (10000)  BENCH_ONLY (requests,reminders)
 * With DATABASE_URL of a database it filled before, the data is reused as it is. Query plans of
 * each request's slowest statement are written to a file named at the end.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.ts';
import { bootstrap } from '../src/server/bootstrap.ts';
import { assembleApp } from '../src/server/modules/index.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { connect, runMigrations } from '../src/server/db/client.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { deliverDueReminders, taskRemindersJob } from '../src/server/modules/tasks/tasks.jobs.ts';
import { hashPassword } from '../src/server/platform/access/passwords.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import type { Deps } from '../src/server/platform/deps.ts';
import { defineJob } from '../src/server/platform/jobs/define.ts';
import { startJobs } from '../src/server/platform/jobs/runner.ts';
import { countActivities, ensureBigCustomer, generateActivities, type ActivityCounts, type BigCustomer, type GenerateActivitiesResult } from './activities-data.ts';
import { BENCH_PASSWORD_HASH_COST, buildParts, checkParts, createOrg, generate, loadOrg, verifySample, type BenchOrg } from './customers-data.ts';
import { captureFrom, fmt, percentile, readsOnly, rerun, startCapture, stopCapture, type Statement } from './capture.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const FOLLOW_UPS = Number(process.env.BENCH_FOLLOW_UPS ?? 5_000_000);
const TASKS = Number(process.env.BENCH_TASKS ?? 2_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 10_000);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'requests,reminders').split(',').map((s) => s.trim()));
const WARMUPS = 2;
const BIG_EVENTS = 10_000;
const PASSWORD = 'BenchPass2026';
/** The salesperson whose customer is the big one; a colleague in the same team. */
const COLLEAGUE = 'r2t1s04';
const TARGET_MS = 30;
const REMINDER_TARGET_S = 60;

// ---------------------------------------------------------------------------------------------
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const int = (n: number) => n.toLocaleString('en');

// ---------------------------------------------------------------------------------------------
// Requests

interface Role {
  name: string;
  cookie: string;
  csrf: string;
}

interface Row {
  title: string;
  role: Role;
  /** Cycled through in the timed rounds (usually one). */
  urls: string[];
  target?: number;
  /** The statement the request is about (its plan goes into the table): the one reading this table. */
  table: 'timeline_events' | 'tasks' | 'follow_ups';
}

interface Measured {
  title: string;
  role: string;
  target?: number;
  api: [number, number];
  sql: [number, number];
  main: [number, number];
  statements: number;
  /** The scans of the main statement's plan (indexes, sequential scans) and its execution time. */
  plan: string;
  /** Items on the page (first URL), if it is a page. */
  items?: number;
  /** Timed requests (fewer when one takes seconds). */
  runs: number;
}

/** "Index Scan Backward using x" → "x (backward)", "Seq Scan on t" → "seq scan t", …, deduplicated. */
function planScans(lines: string[]): string {
  const scans = new Set<string>();
  for (const line of lines) {
    const idx = /(Index Only Scan|Index Scan)( Backward)? using (\S+)/.exec(line);
    if (idx) scans.add(`${idx[3]}${idx[1] === 'Index Only Scan' ? ' (index only' + (idx[2] ? ', backward)' : ')') : idx[2] ? ' (backward)' : ''}`);
    const bitmap = /Bitmap Index Scan on (\S+)/.exec(line);
    if (bitmap) scans.add(`${bitmap[1]} (bitmap)`);
    const seq = /Seq Scan on (\S+)/.exec(line);
    if (seq) scans.add(`**seq scan ${seq[1]}**`);
  }
  const exec = lines.map((l) => /Execution Time: ([\d.]+) ms/.exec(l)).find(Boolean);
  return `${[...scans].join(', ')}${exec ? `; ${Number(exec[1]).toFixed(1)} ms` : ''}`;
}

async function measure(app: FastifyInstance, direct: pg.Client, row: Row, planFile: string): Promise<Measured> {
  const send = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: row.role.cookie, 'x-csrf-token': row.role.csrf } });
  const captured: Statement[][] = [];
  let items: number | undefined;
  let first = 0;
  for (const [k, url] of row.urls.entries()) {
    startCapture();
    const start = performance.now();
    const res = await send(url);
    first = Math.max(first, performance.now() - start);
    captured.push(readsOnly(stopCapture()));
    if (res.statusCode !== 200) throw new Error(`${row.title} as ${row.role.name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (k === 0) items = (JSON.parse(res.body) as { items?: unknown[] }).items?.length;
  }
  // A request that takes seconds is timed 5 times after the first, not 40.
  const slow = first > 1000;
  const runs = slow ? 5 : RUNS;
  if (!slow) for (let w = 1; w < WARMUPS; w++) for (const url of row.urls) await send(url);
  const api: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await send(row.urls[i % row.urls.length] ?? '');
    api.push(performance.now() - start);
  }

  const runAll = async (stmts: Statement[]) => {
    let total = 0;
    let slowest = 0;
    let which: Statement | undefined;
    for (const s of stmts) {
      const start = performance.now();
      await rerun(direct, s);
      const ms = performance.now() - start;
      total += ms;
      if (ms > slowest) [slowest, which] = [ms, s];
    }
    return { total, slowest, which };
  };
  if (!slow) for (const stmts of captured) await runAll(stmts);
  const sqlTimes: number[] = [];
  const mainTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await runAll(captured[i % captured.length] ?? []);
    sqlTimes.push(t.total);
    mainTimes.push(t.slowest);
  }

  // The plan of the statement on the row's table (and of the slowest, if another), for the findings.
  let plans = `\n\n######## ${row.title} — ${row.role.name}\n`;
  let summary = '';
  const explain = async (s: Statement) => (await direct.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${s.text}`, s.values)).rows.map((r) => r['QUERY PLAN']);
  for (const [k, stmts] of captured.entries()) {
    const main = stmts.findLast((s) => new RegExp(`\\bfrom "${row.table}"`).test(s.text));
    const { which, slowest } = slow ? { which: main, slowest: NaN } : await runAll(stmts);
    for (const s of new Set([main, which])) {
      if (!s) continue;
      const plan = await explain(s);
      if (k === 0 && s === main) summary = planScans(plan);
      plans += `\n--- ${row.urls[k]} (${stmts.length} statements, ${slow ? 'not re-run' : `slowest ${slowest.toFixed(1)} ms`})${s === main ? ', main statement' : ', slowest statement'}\n${s.text}\n${JSON.stringify(s.values)}\n${plan.join('\n')}\n`;
    }
  }
  await fs.appendFile(planFile, plans);

  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const [a, s, m] = [sorted(api), sorted(sqlTimes), sorted(mainTimes)];
  return {
    title: row.title,
    role: row.role.name,
    target: row.target,
    api: [percentile(a, 50), percentile(a, 95)],
    sql: [percentile(s, 50), percentile(s, 95)],
    main: [percentile(m, 50), percentile(m, 95)],
    statements: Math.round(captured.reduce((n, x) => n + x.length, 0) / captured.length),
    plan: summary,
    items,
    runs,
  };
}

// ---------------------------------------------------------------------------------------------
// Reminders

interface ReminderRun {
  runner: string;
  /** ms since the epoch */
  startedAt: number;
  ms: number;
  delivered: number;
}

interface ReminderResult {
  label: string;
  runners: number;
  reminders: number;
  backlog: number;
  delivered: number;
  notifications: number;
  mails: number;
  /** Tasks with exactly one / no / more than one task.reminder notification. */
  once: number;
  missing: number;
  duplicated: number;
  /** Seconds from the minute's start until the bench saw the last delivery committed. */
  lastDeliveryS: number;
  /** Seconds from each reminder's time until the bench saw it delivered (polled every 250 ms). */
  lateness: { p50: number; p95: number; max: number };
  /** The same from the job's own clock (reminded_at, taken when its batch began). */
  jobLatenessMaxS: number;
  /** Handler runs that delivered something in the window: seconds after the minute's start, ms, how many, by whom. */
  runs: { atS: number; ms: number; delivered: number; runner: string }[];
  /** Occurrences of the schedule from the minute on (job_runs): claimed and run by which runner, and when (s after the occurrence). */
  occurrences: { claimedBy: Record<string, number>; ranBy: Record<string, number>; claimS: [number, number]; startS: [number, number] };
}

interface ReminderContext {
  direct: pg.Client;
  url: string;
  config: Config;
  appSecret: string;
  org: BenchOrg;
}

async function insertReminderTasks(c: ReminderContext, marker: string, n: number, from: Date, spreadMs: number): Promise<{ lo: string; hi: string }> {
  const { rows } = await c.direct.query<{ id: string }>(
    `insert into tasks (id, created_at, updated_at, created_by, title, type, description, due_at, reminder_minutes, remind_at, priority, status, assignee_id, department_id, customer_id)
     select uuidv7(), now(), now(), o.id, '提醒压测 ' || $1 || '-' || g.i, 'call', $1, r.at + interval '15 minutes', 15, r.at, 'normal', 'open', o.id, o.department_id,
            case when g.i % 5 < 3 then (select c.id from customers c where c.owner_id = o.id and c.deleted_at is null order by c.created_at desc offset (g.i / $4) % 40 limit 1) end
     from generate_series(0, $2 - 1) g(i)
     join unnest($5::uuid[], $6::uuid[]) with ordinality o(id, department_id, k) on o.k = 1 + g.i % $4
     cross join lateral (select $3::timestamptz + (g.i::float8 / $2) * $7 * interval '1 millisecond' as at) r
     returning id`,
    [marker, n, from.toISOString(), c.org.owners.length, c.org.owners.map(([u]) => u), c.org.owners.map(([, d]) => d), spreadMs],
  );
  const ids = rows.map((r) => r.id).sort();
  return { lo: ids[0] ?? '', hi: ids.at(-1) ?? '' };
}

/** Each of the marked tasks' task.reminder notifications: exactly one? And the mails queued with them. */
async function checkOnce(c: ReminderContext, marker: string, range: { lo: string; hi: string }, since: Date) {
  const once = (
    await c.direct.query<{ once: string; missing: string; duplicated: string; notifications: string }>(
      `select count(*) filter (where n = 1) once, count(*) filter (where n = 0) missing, count(*) filter (where n > 1) duplicated, coalesce(sum(n), 0) notifications
       from (select t.id, count(x.id) n from tasks t
             left join notifications x on x.entity_id = t.id and x.kind = 'task.reminder' and x.created_at >= $4
             where t.id between $1 and $2 and t.description = $3 group by t.id) y`,
      [range.lo, range.hi, marker, since],
    )
  ).rows[0];
  const mails = Number(
    (await c.direct.query<{ n: string }>(`select count(distinct subject) n from mail_outbox where created_at >= $1 and subject like '%' || $2 || '-%'`, [since, `提醒压测 ${marker}`])).rows[0]?.n,
  );
  return { once: Number(once?.once), missing: Number(once?.missing), duplicated: Number(once?.duplicated), notifications: Number(once?.notifications), mails };
}

async function cleanUpReminders(c: ReminderContext, marker: string, range: { lo: string; hi: string }, since: Date) {
  await c.direct.query(`delete from notifications where kind = 'task.reminder' and created_at >= $3 and entity_id between $1 and $2`, [range.lo, range.hi, since]);
  await c.direct.query(`delete from mail_outbox where created_at >= $1 and subject like '%' || $2 || '-%'`, [since, `提醒压测 ${marker}`]);
  await c.direct.query('delete from tasks where id between $1 and $2 and description = $3', [range.lo, range.hi, marker]);
}

const silent = { info: () => undefined, warn: () => undefined, error: (o: object, m?: string) => console.error(m, o) };

/**
 * `n` reminders due in the minute that starts at least 10 s from now (spread evenly over it, or
 * all at its first millisecond), the real runner(s) started, the deliveries polled every 250 ms.
 */
async function reminderScenario(c: ReminderContext, opts: { label: string; runners: number; spread: boolean; n: number }): Promise<ReminderResult> {
  const marker = `${process.pid}${opts.label.replace(/\W/g, '').slice(0, 12)}`;
  const flush = connect(c.url, { max: 2, applicationName: 'kehu-bench-flush' });
  // Reminders of the generated tasks that fell due since they were generated go out first.
  const backlog = await deliverDueReminders({ db: flush.db, clock: systemClock, config: c.config, appSecret: c.appSecret, modules: assembleApp() });
  await flush.close();
  const since = new Date(Date.now() - 1000);
  const minute = new Date(Math.ceil((Date.now() + 10_000) / 60_000) * 60_000);
  const range = await insertReminderTasks(c, marker, opts.n, minute, opts.spread ? 60_000 : 0);
  process.stderr.write(`  reminders ${opts.label}: ${int(opts.n)} due from ${minute.toISOString()} (${opts.spread ? 'spread over the minute' : 'all at its start'}), backlog delivered first: ${backlog}\n`);

  const runs: ReminderRun[] = [];
  const runners: { jobs: Awaited<ReturnType<typeof startJobs>>; close: () => Promise<void> }[] = [];
  for (let r = 1; r <= opts.runners; r++) {
    const database = connect(c.url, { max: 4, applicationName: `kehu-bench-runner-${r}` });
    const deps: Deps = { db: database.db, clock: systemClock, config: c.config, appSecret: c.appSecret, modules: assembleApp() };
    const runner = `runner ${r}`;
    // The job as it is (name, schedule, queue options), its handler timed.
    const timed = defineJob({
      ...taskRemindersJob,
      handler: async (d: Deps) => {
        const startedAt = Date.now();
        const delivered = await deliverDueReminders(d);
        runs.push({ runner, startedAt, ms: Date.now() - startedAt, delivered });
      },
    });
    const jobs = await startJobs(deps, c.url, [timed], { log: silent, work: true, workerName: `kehu-bench-${process.pid}-${r}` });
    deps.jobs = jobs;
    runners.push({ jobs, close: () => database.close() });
  }

  // Poll: each batch is one transaction with one reminded_at (its clock); note when it is first seen.
  const seen = new Map<string, number>();
  let delivered = 0;
  const deadline = minute.getTime() + 240_000;
  while (Date.now() < deadline) {
    await sleep(250);
    const { rows } = await c.direct.query<{ at: Date; n: number }>(
      `select reminded_at at, count(*)::int n from tasks where id between $1 and $2 and description = $3 and reminded_at is not null group by reminded_at`,
      [range.lo, range.hi, marker],
    );
    const t = Date.now();
    for (const r of rows) if (!seen.has(r.at.toISOString())) seen.set(r.at.toISOString(), t);
    delivered = rows.reduce((s, r) => s + r.n, 0);
    const notes = Number((await c.direct.query<{ n: string }>(`select count(*) n from notifications where kind = 'task.reminder' and created_at >= $3 and entity_id between $1 and $2`, [range.lo, range.hi, since])).rows[0]?.n);
    if (delivered >= opts.n && notes >= opts.n) break;
  }
  for (const r of runners) await r.jobs.stop();
  for (const r of runners) await r.close();

  const { rows: all } = await c.direct.query<{ due: Date; at: Date | null }>(`select remind_at due, reminded_at at from tasks where id between $1 and $2 and description = $3`, [range.lo, range.hi, marker]);
  const late = all.filter((r) => r.at).map((r) => ((seen.get((r.at as Date).toISOString()) ?? NaN) - r.due.getTime()) / 1000).sort((a, b) => a - b);
  const jobLate = all.filter((r) => r.at).map((r) => ((r.at as Date).getTime() - r.due.getTime()) / 1000);
  const once = await checkOnce(c, marker, range, since);
  await cleanUpReminders(c, marker, range, since);
  const { rows: occ } = await c.direct.query<{ by: string; worker: string | null; claim: number; start: number | null }>(
    `select scheduled_by by, worker, extract(epoch from scheduled_at - run_key::timestamptz)::float8 claim, extract(epoch from started_at - scheduled_at)::float8 start
     from job_runs where job = $1 and run_key::timestamptz between $2 and $3 and scheduled_by like $4`,
    [taskRemindersJob.name, minute, new Date(Math.max(...seen.values(), minute.getTime())), `kehu-bench-${process.pid}-%`],
  );
  const tally = (xs: (string | null)[]) => xs.reduce<Record<string, number>>((t, x) => ({ ...t, [`#${x?.split('-').at(-1) ?? '?'}`]: (t[`#${x?.split('-').at(-1) ?? '?'}`] ?? 0) + 1 }), {});
  const spanOf = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
  return {
    label: opts.label,
    runners: opts.runners,
    reminders: opts.n,
    backlog,
    delivered,
    ...once,
    lastDeliveryS: (Math.max(...seen.values()) - minute.getTime()) / 1000,
    lateness: { p50: percentile(late, 50), p95: percentile(late, 95), max: late.at(-1) ?? NaN },
    jobLatenessMaxS: Math.max(...jobLate),
    runs: runs
      .filter((r) => r.delivered > 0 && r.startedAt >= since.getTime())
      .map((r) => ({ atS: (r.startedAt - minute.getTime()) / 1000, ms: r.ms, delivered: r.delivered, runner: r.runner })),
    occurrences: {
      claimedBy: tally(occ.map((o) => o.by)),
      ranBy: tally(occ.map((o) => o.worker)),
      claimS: spanOf(occ.map((o) => o.claim)),
      startS: spanOf(occ.flatMap((o) => (o.start === null ? [] : [o.start]))),
    },
  };
}

/**
 * The row-level guarantee alone: `n` reminders already due, two deliverDueReminders on separate
 * pools at the same moment (as when a run is retried while the first is still at work).
 */
async function reminderOverlap(c: ReminderContext, n: number) {
  const marker = `${process.pid}overlap`;
  const dbs = [connect(c.url, { max: 2, applicationName: 'kehu-bench-a' }), connect(c.url, { max: 2, applicationName: 'kehu-bench-b' })];
  const deps = dbs.map((d): Deps => ({ db: d.db, clock: systemClock, config: c.config, appSecret: c.appSecret, modules: assembleApp() }));
  await deliverDueReminders(deps[0] as Deps);
  const since = new Date(Date.now() - 1000);
  const range = await insertReminderTasks(c, marker, n, new Date(Date.now() - 5000), 1000);
  const t0 = performance.now();
  const counts = await Promise.all(deps.map((d) => deliverDueReminders(d)));
  const seconds = (performance.now() - t0) / 1000;
  const once = await checkOnce(c, marker, range, since);
  await cleanUpReminders(c, marker, range, since);
  for (const d of dbs) await d.close();
  return { n, seconds, counts, ...once };
}

// ---------------------------------------------------------------------------------------------

export async function activities(): Promise<void> {
  let dataDir: string | null = null;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    dataDir = path.join(os.tmpdir(), `kehu-bench-activities-${process.pid}`);
    const server = await startEmbeddedPostgres(dataDir, { debug: () => undefined, warn: () => undefined });
    url = server.url;
    stopEmbedded = () => server.stop();
  }
  const planFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'kehu-bench-plans-')), 'activities.txt');
  const database = connect(url, { max: 10 });
  captureFrom(database.pool);
  const direct = new pg.Client({ connectionString: url, application_name: 'kehu-bench' });
  let app: FastifyInstance | null = null;
  try {
    await direct.connect();
    await runMigrations(database.pool);
    const config = loadConfig({ ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', LOGIN_LIMIT_PER_IP: '1000000', PASSWORD_HASH_COST: BENCH_PASSWORD_HASH_COST });
    const { appSecret } = await bootstrap(database.db, config, systemClock, assembleApp());
    await direct.query('update users set must_change_password = false');

    // The customers suite's data: reused if there, generated (or grown) to BENCH_CUSTOMERS if not.
    let customers = Number((await direct.query<{ n: string }>('select count(*) n from customers')).rows[0]?.n);
    const org: BenchOrg = customers > 0 ? await loadOrg(direct) : await createOrg(direct, await hashPassword(PASSWORD, config.passwordHashCost));
    let customersGenerated: { seconds: number; customers: number } | null = null;
    if (customers < CUSTOMERS) {
      process.stderr.write(`generating customers ${customers + 1}–${CUSTOMERS}…\n`);
      const parts = buildParts();
      checkParts(parts);
      const g = await generate(direct, parts, org, customers + 1, CUSTOMERS, config.timeZone);
      await verifySample(direct);
      customers = g.customers;
      customersGenerated = { seconds: g.seconds, customers: g.customers };
    }

    let counts: ActivityCounts = await countActivities(direct);
    let generated: GenerateActivitiesResult | null = null;
    if (counts.followUps === 0 && counts.tasks === 0) {
      process.stderr.write(`generating ${int(FOLLOW_UPS)} follow-ups, ${int(TASKS)} tasks and their timeline entries…\n`);
      generated = await generateActivities(direct, org, { followUps: FOLLOW_UPS, tasks: TASKS });
      counts = generated;
    } else process.stderr.write(`reusing ${int(counts.followUps)} follow-ups, ${int(counts.tasks)} tasks, ${int(counts.timeline)} timeline entries\n`);
    const big: BigCustomer = await ensureBigCustomer(direct, org.salesUsername, COLLEAGUE, BIG_EVENTS);
    if (big.seconds > 0) counts = await countActivities(direct);
    process.stderr.write(`big customer ${big.name} (${big.id}): ${JSON.stringify(big.kinds)}${big.seconds ? ` in ${big.seconds.toFixed(1)} s` : ''}\n`);

    const sales = (await direct.query<{ id: string; tasks: string; open: string }>(
      `select u.id, count(t.id) tasks, count(t.id) filter (where t.status = 'open') open from users u left join tasks t on t.assignee_id = u.id and t.deleted_at is null
       where u.username = $1 group by u.id`,
      [org.salesUsername],
    )).rows[0];
    const deps: Deps = { db: database.db, clock: systemClock, config, appSecret, modules: assembleApp() };
    app = await buildApp(deps, { webDir: null });
    const theApp = app;
    async function login(username: string): Promise<Role> {
      const res = await theApp.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const body = JSON.parse(res.body) as { csrfToken: string };
      return { name: username, cookie: `kehu_session=${res.cookies.find((k) => k.name === 'kehu_session')?.value}`, csrf: body.csrfToken };
    }

    const results: Measured[] = [];
    let taskCounts: Record<string, number> = {};
    if (ONLY.has('requests')) {
      const owner = { ...(await login(org.salesUsername)), name: `owner, sales (own): ${org.salesUsername}` };
      const manager = { ...(await login(org.managerUsername)), name: `division manager (department): ${org.managerUsername}` };
      const admin = { ...(await login('admin')), name: 'admin (all)' };
      const timeline = `/api/v1/customers/${big.id}/timeline?limit=50`;
      const page2 = async (role: Role) => {
        const res = await theApp.inject({ method: 'GET', url: timeline, headers: { cookie: role.cookie } });
        const next = (JSON.parse(res.body) as { nextCursor: string | null }).nextCursor;
        if (!next) throw new Error(`no second timeline page for ${role.name}`);
        return `${timeline}&cursor=${encodeURIComponent(next)}`;
      };
      taskCounts = JSON.parse((await theApp.inject({ method: 'GET', url: '/api/v1/tasks/counts', headers: { cookie: owner.cookie } })).body) as Record<string, number>;
      const rows: Row[] = [
        ...[owner, manager, admin].map((role): Row => ({ title: 'timeline, first page (50)', role, urls: [timeline], target: TARGET_MS, table: 'timeline_events' })),
        ...(await Promise.all([owner, manager, admin].map(async (role): Promise<Row> => ({ title: 'timeline, page 2 (cursor)', role, urls: [await page2(role)], target: TARGET_MS, table: 'timeline_events' })))),
        { title: 'timeline, first page, kinds=task', role: owner, urls: [`${timeline}&kinds=task`], table: 'timeline_events' },
        ...(['today', 'overdue', 'upcoming', 'all'] as const).map((bucket): Row => ({ title: `my tasks, ${bucket}`, role: owner, urls: [`/api/v1/tasks?view=mine&bucket=${bucket}&limit=50`], target: TARGET_MS, table: 'tasks' })),
        { title: 'my tasks, counts', role: owner, urls: ['/api/v1/tasks/counts'], target: TARGET_MS, table: 'tasks' },
        ...(['today', 'overdue', 'upcoming', 'all'] as const).map((bucket): Row => ({ title: `team tasks, ${bucket}`, role: manager, urls: [`/api/v1/tasks?view=team&bucket=${bucket}&limit=50`], table: 'tasks' })),
        ...[owner, manager, admin].map((role): Row => ({ title: 'follow-ups of the customer (50)', role, urls: [`/api/v1/follow-ups?customerId=${big.id}&limit=50`], table: 'follow_ups' })),
      ];
      for (const row of rows) {
        const m = await measure(theApp, direct, row, planFile);
        results.push(m);
        process.stderr.write(`  ${m.title} / ${m.role}: API ${fmt(m.api[0])}/${fmt(m.api[1])} ms, SQL ${fmt(m.sql[0])}/${fmt(m.sql[1])} ms, main p95 ${fmt(m.main[1])} ms — ${m.plan}\n`);
      }
    }

    const reminders: ReminderResult[] = [];
    let overlap: Awaited<ReturnType<typeof reminderOverlap>> | null = null;
    if (ONLY.has('reminders')) {
      await app.close();
      app = null;
      const ctx: ReminderContext = { direct, url, config, appSecret, org };
      for (const s of [
        { label: 'one runner, spread', runners: 1, spread: true },
        { label: 'one runner, burst', runners: 1, spread: false },
        { label: 'two runners, spread', runners: 2, spread: true },
      ]) {
        const r = await reminderScenario(ctx, { ...s, n: REMINDERS });
        reminders.push(r);
        process.stderr.write(`  ${r.label}: last delivery ${r.lastDeliveryS.toFixed(1)} s after the minute's start, lateness p50/p95/max ${r.lateness.p50.toFixed(1)}/${r.lateness.p95.toFixed(1)}/${r.lateness.max.toFixed(1)} s; once ${r.once}, missing ${r.missing}, duplicated ${r.duplicated}; runs ${JSON.stringify(r.runs)}\n`);
      }
      overlap = await reminderOverlap(ctx, REMINDERS);
      process.stderr.write(`  overlap: ${JSON.stringify(overlap)}\n`);
    }

    // -------------------------------------------------------------------------------------------
    const version = (await direct.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v;
    const sharedBuffers = (await direct.query<{ v: string }>(`select current_setting('shared_buffers') as v`)).rows[0]?.v;
    const lines: string[] = [];
    lines.push(
      `\nKehu activities benchmark — ${int(customers)} customers, ${int(counts.followUps)} follow-ups, ${int(counts.tasks)} tasks (${int(counts.nextStepTasks)} of them follow-ups' next steps), ` +
        `${int(counts.timeline)} timeline entries; PostgreSQL ${version} (${process.env.DATABASE_URL ? 'external' : 'embedded'}, shared_buffers ${sharedBuffers}), Node ${process.version}, ` +
        `${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
    );
    if (customersGenerated) lines.push(`Customers generated: ${int(customersGenerated.customers)} in ${customersGenerated.seconds.toFixed(0)} s.`);
    if (generated) lines.push(`Activities generated in ${generated.seconds.toFixed(0)} s: ${generated.steps.map(([s, t]) => `${s} ${t.toFixed(0)} s`).join(', ')}.`);
    lines.push(
      `Big customer ${big.id}: ${int(big.events)} entries (${Object.entries(big.kinds).map(([k, n]) => `${k} ${int(n)}`).join(', ')}). ` +
        `${org.salesUsername}: ${int(Number(sales?.tasks))} tasks, ${int(Number(sales?.open))} open (overdue ${taskCounts.overdue ?? '?'}, today ${taskCounts.today ?? '?'}, upcoming ${taskCounts.upcoming ?? '?'}).`,
    );
    if (results.length) {
      lines.push(
        `\n${RUNS} timed requests per row after ${WARMUPS} warm-up rounds (a row whose first request took over a second: 5, after that one). API = through HTTP inject; SQL = the statements that request ran, re-run back to back; main = its slowest statement. ms.\n`,
        '| request | role | items | runs | target p95 | API p50 / p95 | SQL p50 / p95 | main p95 | statements | main statement: scans; execution | met |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
      );
      for (const r of results) {
        lines.push(
          `| ${r.title} | ${r.role} | ${r.items ?? '—'} | ${r.runs} | ${r.target ? `< ${r.target}` : '—'} | ${fmt(r.api[0])} / ${fmt(r.api[1])} | ${fmt(r.sql[0])} / ${fmt(r.sql[1])} | ${fmt(r.main[1])} | ${r.statements} | ${r.plan} | ${r.target ? (r.api[1] < r.target ? 'yes' : '**no**') : ''} |`,
        );
      }
    }
    if (reminders.length) {
      lines.push(
        `\nReminders: ${int(REMINDERS)} open tasks of the 200 owners due in one minute, the job runner (tasks.reminders every 20 s, default 5 s tick and 2 s polling) on the system clock. ` +
          `Lateness = from a reminder's time until its delivery was seen committed (polled every 250 ms); "job clock" = its reminded_at (the batch's start). Target: each within ${REMINDER_TARGET_S} s.\n`,
        '| scenario | last delivery after the minute’s start | lateness p50 / p95 / max | max by the job clock | job runs that delivered (s after the start: ms, reminders, runner) | occurrences claimed / run by | claimed / started after the occurrence | notifications: once / missing / twice | mails | met |',
        '|---|---:|---:|---:|---|---|---|---:|---:|---|',
      );
      for (const r of reminders) {
        lines.push(
          `| ${r.label} | ${r.lastDeliveryS.toFixed(1)} s | ${r.lateness.p50.toFixed(1)} / ${r.lateness.p95.toFixed(1)} / ${r.lateness.max.toFixed(1)} s | ${r.jobLatenessMaxS.toFixed(1)} s | ` +
            `${r.runs.map((x) => `${x.atS.toFixed(1)}: ${int(x.ms)} ms, ${int(x.delivered)}, ${x.runner.replace('runner ', '#')}`).join('; ')} | ` +
            `${JSON.stringify(r.occurrences.claimedBy)} / ${JSON.stringify(r.occurrences.ranBy)} | ${r.occurrences.claimS.map((x) => x.toFixed(1)).join('–')} s / +${r.occurrences.startS.map((x) => x.toFixed(1)).join('–')} s | ${int(r.once)} / ${r.missing} / ${r.duplicated} | ${int(r.mails)} | ` +
            `${r.lateness.max <= REMINDER_TARGET_S && r.once === r.reminders ? 'yes' : '**no**'} |`,
        );
      }
      if (overlap) {
        lines.push(
          `\nTwo deliverDueReminders at once on ${int(overlap.n)} due reminders (separate pools): ${overlap.seconds.toFixed(1)} s, delivered ${overlap.counts.join(' + ')}; notifications once ${int(overlap.once)}, missing ${overlap.missing}, twice ${overlap.duplicated}; mails ${int(overlap.mails)}.`,
        );
      }
    }
    process.stdout.write(`${lines.join('\n')}\n\nQuery plans: ${planFile}\n`);
  } finally {
    if (app) await app.close();
    await direct.end().catch(() => undefined);
    await database.close();
    if (stopEmbedded) await stopEmbedded();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  }
}
