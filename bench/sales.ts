/**
 * The sales pipeline suite (`npm run bench -- sales`): on the customers suite's organisation and
 * customers (bench/customers-data.ts, BENCH_CUSTOMERS, 200,000 by default: opportunities only need
 * customers to point at) it generates opportunities, orders and contracts (bench/sales-data.ts),
 * then measures requests through the HTTP stack (Fastify inject; p50/p95 after warm-up rounds,
 * and beside them the bare SQL: the statements each request ran, captured from the pg driver and
 * re-run back to back on a connection of their own, as bench/activities.ts does):
 *  - the board of one salesperson (scope own), as it opens and with a search (target p95 < 50 ms);
 *  - the board of a team manager and of a division manager (department scope; reported);
 *  - the forecast of a department for 6 months as its manager and as an admin filtered by it
 *    (target p95 < 200 ms), of the whole company as an admin (reported);
 *  - the funnel of a department as its manager (reported).
 *
 *   BENCH_CUSTOMERS (200000)  BENCH_OPPORTUNITIES (500000)  BENCH_ORDERS (1000000)
 *   BENCH_CONTRACTS (300000)  BENCH_RUNS (40)
 *   BENCH_DATA_DIR: keep the embedded cluster there (reused by the next run with the same value)
 * With DATABASE_URL (or BENCH_DATA_DIR) of a database it filled before, the data is reused as it
 * is. Query plans of each request's statements on opportunities are written to a file named at the end.
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
import { loadConfig } from '../src/server/config.ts';
import { connect, runMigrations } from '../src/server/db/client.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { hashPassword } from '../src/server/platform/access/passwords.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import type { Deps } from '../src/server/platform/deps.ts';
import { BENCH_PASSWORD_HASH_COST, buildParts, checkParts, createOrg, generate, loadOrg, verifySample, type BenchOrg } from './customers-data.ts';
import { countSales, generateSales, verifySales, type GenerateSalesResult, type SalesCounts } from './sales-data.ts';
import { captureFrom, fmt, percentile, readsOnly, rerun, startCapture, stopCapture, type Statement } from './capture.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const OPPORTUNITIES = Number(process.env.BENCH_OPPORTUNITIES ?? 500_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const CONTRACTS = Number(process.env.BENCH_CONTRACTS ?? 300_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUPS = 2;
const PASSWORD = 'BenchPass2026';
const TEAM_MANAGER = 'r2t1-mgr';
const SEARCH = '续约';
const BOARD_TARGET_MS = 50;
const FORECAST_TARGET_MS = 200;

const int = (n: number) => n.toLocaleString('en');

interface Role {
  name: string;
  cookie: string;
  csrf: string;
}

interface Row {
  title: string;
  role: Role;
  url: string;
  target?: number;
  /** What the answer holds (cards on the board, forecast rows, funnel stages). */
  count: (body: unknown) => string;
}

interface Measured {
  title: string;
  role: string;
  target?: number;
  api: [number, number];
  sql: [number, number];
  main: [number, number];
  statements: number;
  /** The scans of the slowest statement on opportunities and its execution time. */
  plan: string;
  holds: string;
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

const onOpportunities = (s: Statement) => /\bfrom "opportunities"/.test(s.text);

async function measure(app: FastifyInstance, direct: pg.Client, row: Row, planFile: string): Promise<Measured> {
  const send = () => app.inject({ method: 'GET', url: row.url, headers: { cookie: row.role.cookie, 'x-csrf-token': row.role.csrf } });
  startCapture();
  const start = performance.now();
  const res = await send();
  const first = performance.now() - start;
  const captured = readsOnly(stopCapture());
  if (res.statusCode !== 200) throw new Error(`${row.title} as ${row.role.name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const holds = row.count(JSON.parse(res.body));
  // A request that takes seconds is timed 5 times after the first, not 40.
  const slow = first > 1000;
  const runs = slow ? 5 : RUNS;
  if (!slow) for (let w = 1; w < WARMUPS; w++) await send();
  const api: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await send();
    api.push(performance.now() - t);
  }

  const runAll = async () => {
    let total = 0;
    const each: number[] = [];
    for (const s of captured) {
      const t = performance.now();
      await rerun(direct, s);
      const ms = performance.now() - t;
      total += ms;
      each.push(ms);
    }
    return { total, each };
  };
  if (!slow) await runAll();
  const sqlTimes: number[] = [];
  const mainTimes: number[] = [];
  const perStatement = captured.map(() => 0);
  for (let i = 0; i < runs; i++) {
    const t = await runAll();
    sqlTimes.push(t.total);
    mainTimes.push(Math.max(...t.each));
    t.each.forEach((ms, k) => (perStatement[k] = (perStatement[k] ?? 0) + ms));
  }

  // Plans of the statements on opportunities (the board runs one per column), slowest first.
  const order = captured.map((s, k) => ({ s, ms: (perStatement[k] ?? 0) / runs })).filter((x) => onOpportunities(x.s)).sort((a, b) => b.ms - a.ms);
  let plans = `\n\n######## ${row.title} — ${row.role.name}\n--- ${row.url} (${captured.length} statements, ${order.length} on opportunities)\n`;
  let summary = '';
  for (const [k, { s, ms }] of order.entries()) {
    const plan = (await direct.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${s.text}`, s.values)).rows.map((r) => r['QUERY PLAN']);
    if (k === 0) summary = planScans(plan);
    plans += `\n--- statement on opportunities, mean ${ms.toFixed(1)} ms bare\n${s.text}\n${JSON.stringify(s.values)}\n${plan.join('\n')}\n`;
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
    statements: captured.length,
    plan: summary,
    holds,
    runs,
  };
}

const boardHolds = (body: unknown) => {
  const b = body as { columns: { count: number; items: unknown[] }[] };
  return `${b.columns.reduce((n, c) => n + c.items.length, 0)} cards of ${int(b.columns.reduce((n, c) => n + c.count, 0))}`;
};
const forecastHolds = (body: unknown) => {
  const f = body as { rows: { openCount: number; wonCount: number }[] };
  return `${f.rows.length} rows (${int(f.rows.reduce((n, r) => n + r.openCount, 0))} open, ${int(f.rows.reduce((n, r) => n + r.wonCount, 0))} won)`;
};
const funnelHolds = (body: unknown) => {
  const f = body as { stages: { reached: number }[]; lost: number };
  return `${int(f.stages[0]?.reached ?? 0)} created, ${int(f.lost)} lost`;
};

export async function sales(): Promise<void> {
  let dataDir: string | null = null;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url = process.env.DATABASE_URL;
  const keep = process.env.BENCH_DATA_DIR;
  if (!url) {
    dataDir = keep ? path.resolve(keep) : path.join(os.tmpdir(), `kehu-bench-sales-${process.pid}`);
    const server = await startEmbeddedPostgres(dataDir, { debug: () => undefined, warn: () => undefined });
    url = server.url;
    stopEmbedded = () => server.stop();
  }
  const planFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'kehu-bench-plans-')), 'sales.txt');
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

    // The customers suite's organisation and customers: reused if there, generated if not.
    let customers = Number((await direct.query<{ n: string }>('select count(*) n from customers')).rows[0]?.n);
    const org: BenchOrg = customers > 0 ? await loadOrg(direct) : await createOrg(direct, await hashPassword(PASSWORD, config.passwordHashCost));
    let customersGenerated: { seconds: number; customers: number } | null = null;
    let counts: SalesCounts = await countSales(direct);
    if (customers < CUSTOMERS && counts.opportunities === 0) {
      process.stderr.write(`generating customers ${customers + 1}–${CUSTOMERS}…\n`);
      const parts = buildParts();
      checkParts(parts);
      const g = await generate(direct, parts, org, customers + 1, CUSTOMERS, config.timeZone);
      await verifySample(direct);
      customers = g.customers;
      customersGenerated = { seconds: g.seconds, customers: g.customers };
    }

    let generated: GenerateSalesResult | null = null;
    if (counts.opportunities === 0 && counts.orders === 0 && counts.contracts === 0) {
      process.stderr.write(`generating ${int(OPPORTUNITIES)} opportunities, ${int(ORDERS)} orders, ${int(CONTRACTS)} contracts…\n`);
      generated = await generateSales(direct, org, { opportunities: OPPORTUNITIES, orders: ORDERS, contracts: CONTRACTS, timeZone: config.timeZone });
      counts = generated;
      const t = performance.now();
      await verifySales(direct);
      process.stderr.write(`  verified in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    } else process.stderr.write(`reusing ${int(counts.opportunities)} opportunities, ${int(counts.orders)} orders, ${int(counts.contracts)} contracts\n`);

    const deps: Deps = { db: database.db, clock: systemClock, config, appSecret, modules: assembleApp() };
    app = await buildApp(deps, { webDir: null });
    const theApp = app;
    async function login(username: string): Promise<Role> {
      const res = await theApp.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const body = JSON.parse(res.body) as { csrfToken: string };
      return { name: username, cookie: `kehu_session=${res.cookies.find((k) => k.name === 'kehu_session')?.value}`, csrf: body.csrfToken };
    }

    const people = (await direct.query<{ username: string; department: string; department_id: string; opportunities: string; open: string }>(
      `select u.username, d.name department, d.id department_id, count(o.id) opportunities,
              count(o.id) filter (where s.kind = 'open') open
       from users u join departments d on d.id = u.department_id
       left join opportunities o on o.owner_id = u.id and o.deleted_at is null left join pipeline_stages s on s.id = o.stage_id
       where u.username = any($1) group by u.username, d.name, d.id`,
      [[org.salesUsername, TEAM_MANAGER, org.managerUsername]],
    )).rows;
    const who = (u: string) => {
      const p = people.find((x) => x.username === u);
      if (!p) throw new Error(`no user ${u}`);
      return p;
    };
    const division = who(org.managerUsername);
    const team = who(TEAM_MANAGER);
    const inDepartment = async (departmentId: string) =>
      Number((await direct.query<{ n: string }>(
        `with recursive t as (select id from departments where id = $1 union select d.id from departments d join t on d.parent_id = t.id)
         select count(*) n from opportunities where department_id in (select id from t) and deleted_at is null`,
        [departmentId],
      )).rows[0]?.n);
    const [teamOpps, divisionOpps] = [await inDepartment(team.department_id), await inDepartment(division.department_id)];

    const owner = { ...(await login(org.salesUsername)), name: `salesperson (own): ${org.salesUsername}` };
    const teamManager = { ...(await login(TEAM_MANAGER)), name: `team manager (department): ${TEAM_MANAGER}, ${team.department}` };
    const divisionManager = { ...(await login(org.managerUsername)), name: `division manager (department): ${org.managerUsername}, ${division.department}` };
    const admin = { ...(await login('admin')), name: 'admin (all)' };
    const rows: Row[] = [
      { title: 'board', role: owner, url: '/api/v1/opportunities/board', target: BOARD_TARGET_MS, count: boardHolds },
      { title: `board, q=${SEARCH}`, role: owner, url: `/api/v1/opportunities/board?q=${encodeURIComponent(SEARCH)}`, target: BOARD_TARGET_MS, count: boardHolds },
      { title: 'board', role: teamManager, url: '/api/v1/opportunities/board', count: boardHolds },
      { title: 'board', role: divisionManager, url: '/api/v1/opportunities/board', count: boardHolds },
      { title: 'forecast, 6 months (team)', role: teamManager, url: '/api/v1/opportunities/forecast?months=6', target: FORECAST_TARGET_MS, count: forecastHolds },
      { title: 'forecast, 6 months (division)', role: divisionManager, url: '/api/v1/opportunities/forecast?months=6', target: FORECAST_TARGET_MS, count: forecastHolds },
      { title: `forecast, 6 months, departmentId = ${division.department}`, role: admin, url: `/api/v1/opportunities/forecast?months=6&departmentId=${division.department_id}`, target: FORECAST_TARGET_MS, count: forecastHolds },
      { title: 'forecast, 6 months, whole company', role: admin, url: '/api/v1/opportunities/forecast?months=6', count: forecastHolds },
      { title: 'funnel, last 12 months (division)', role: divisionManager, url: '/api/v1/opportunities/funnel', count: funnelHolds },
    ];
    const results: Measured[] = [];
    for (const row of rows) {
      const m = await measure(theApp, direct, row, planFile);
      results.push(m);
      process.stderr.write(`  ${m.title} / ${m.role}: API ${fmt(m.api[0])}/${fmt(m.api[1])} ms, SQL ${fmt(m.sql[0])}/${fmt(m.sql[1])} ms, main p95 ${fmt(m.main[1])} ms — ${m.plan}\n`);
    }

    // -------------------------------------------------------------------------------------------
    const version = (await direct.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v;
    const sharedBuffers = (await direct.query<{ v: string }>(`select current_setting('shared_buffers') as v`)).rows[0]?.v;
    const sizes = (await direct.query<{ t: string; heap: string; idx: string }>(
      `select c.relname t, pg_size_pretty(pg_table_size(c.oid)) heap, pg_size_pretty(pg_indexes_size(c.oid)) idx from pg_class c
       where c.relname = any($1) and c.relkind = 'r' order by pg_total_relation_size(c.oid) desc`,
      [['opportunities', 'opportunity_items', 'opportunity_stage_changes', 'orders', 'order_items', 'order_status_changes', 'order_payments', 'contracts', 'contract_installments', 'contract_payments']],
    )).rows;
    const lines: string[] = [];
    lines.push(
      `\nKehu sales benchmark — ${int(customers)} customers; ${int(counts.opportunities)} opportunities (${int(counts.opportunityItems)} lines, ${int(counts.stageChanges)} stage changes), ` +
        `${int(counts.orders)} orders (${int(counts.orderItems)} lines, ${int(counts.orderStatusChanges)} status changes, ${int(counts.orderPayments)} payments), ` +
        `${int(counts.contracts)} contracts (${int(counts.installments)} installments, ${int(counts.contractPayments)} payments), ${int(counts.products)} products; ` +
        `PostgreSQL ${version} (${process.env.DATABASE_URL ? 'external' : 'embedded'}, shared_buffers ${sharedBuffers}), Node ${process.version}, ` +
        `${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
      `Sizes (table + indexes): ${sizes.map((s) => `${s.t} ${s.heap} + ${s.idx}`).join(', ')}.`,
      `${org.salesUsername}: ${int(Number(who(org.salesUsername).opportunities))} opportunities (${int(Number(who(org.salesUsername).open))} open); ${team.department}: ${int(teamOpps)}; ${division.department}: ${int(divisionOpps)}.`,
    );
    if (customersGenerated) lines.push(`Customers generated: ${int(customersGenerated.customers)} in ${customersGenerated.seconds.toFixed(0)} s.`);
    if (generated) lines.push(`Sales data generated in ${generated.seconds.toFixed(0)} s: ${generated.steps.map(([s, t]) => `${s} ${t.toFixed(0)} s`).join(', ')}.`);
    lines.push(
      `\n${RUNS} timed requests per row after ${WARMUPS} warm-up rounds (a row whose first request took over a second: 5, after that one). API = through HTTP inject; SQL = the statements that request ran, re-run back to back (the forecast runs its two in parallel, here one after the other); main = its slowest statement. ms.\n`,
      '| request | role | answer | runs | target p95 | API p50 / p95 | SQL p50 / p95 | main p95 | statements | slowest statement on opportunities: scans; execution | met |',
      '|---|---|---|---:|---:|---:|---:|---:|---:|---|---|',
    );
    for (const r of results) {
      lines.push(
        `| ${r.title} | ${r.role} | ${r.holds} | ${r.runs} | ${r.target ? `< ${r.target}` : '—'} | ${fmt(r.api[0])} / ${fmt(r.api[1])} | ${fmt(r.sql[0])} / ${fmt(r.sql[1])} | ${fmt(r.main[1])} | ${r.statements} | ${r.plan} | ${r.target ? (r.api[1] < r.target ? 'yes' : '**no**') : ''} |`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n\nQuery plans: ${planFile}\n${keep && !process.env.DATABASE_URL ? `Data kept in ${dataDir} (BENCH_DATA_DIR).\n` : ''}`);
  } finally {
    if (app) await app.close();
    await direct.end().catch(() => undefined);
    await database.close();
    if (stopEmbedded) await stopEmbedded();
    if (dataDir && !keep) await fs.rm(dataDir, { recursive: true, force: true });
  }
}
