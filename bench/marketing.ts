/**
 * The marketing suite (`npm run bench -- marketing`): on the customers suite's organisation and
 * customers (BENCH_CUSTOMERS, 1,000,000 by default) with the sales suite's orders (BENCH_ORDERS,
 * 5,000,000; no opportunities or contracts are needed), it measures
 *  - the RFM classing of every customer (客户价值分层, target < 60 s), its peak memory, how long a
 *    one-row update and a customer read waited meanwhile (batches must not block other work), a
 *    second run (nothing changes) and the minute's run over 1,000 customers a paid order marked;
 *  - a segment count with three conditions, one of them a purchase fact (target p95 < 300 ms) and
 *    the first page of its preview (target p95 < 100 ms), as a division manager (department
 *    scope) and as an admin, through the HTTP stack;
 *  - e-mail campaigns (bench/mailings.ts): sending BENCH_MAILS (100,000) mails through the sender
 *    to an SMTP sink (target ≥ 500 a second, memory flat) and the open pixel and tracked links
 *    under 200 requests a second (target p95 < 10 ms); BENCH_MAILS=0 skips it.
 *
 *   BENCH_CUSTOMERS (1000000)  BENCH_ORDERS (5000000)  BENCH_RUNS (40)  BENCH_MAILS (100000)
 *   BENCH_DATA_DIR: keep the embedded cluster there (reused by the next run with the same value)
 * With DATABASE_URL (or BENCH_DATA_DIR) of a database it filled before, the data is reused.
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
import { runRfm } from '../src/server/modules/customer-value/customer-value.service.ts';
import { loadConfig } from '../src/server/config.ts';
import { connect, runMigrations } from '../src/server/db/client.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { hashPassword } from '../src/server/platform/access/passwords.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import type { Deps } from '../src/server/platform/deps.ts';
import { BENCH_PASSWORD_HASH_COST, buildParts, checkParts, createOrg, generate, loadOrg, verifySample, type BenchOrg } from './customers-data.ts';
import { countSales, generateSales } from './sales-data.ts';
import { fmt, percentile } from './capture.ts';
import { mailingsBench } from './mailings.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 5_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const PASSWORD = 'BenchPass2026';
const RFM_TARGET_S = 60;
const COUNT_TARGET_MS = 300;
const PREVIEW_TARGET_MS = 100;

const int = (n: number) => n.toLocaleString('en');

interface Role {
  name: string;
  cookie: string;
  csrf: string;
}

/** Runs `probe` every `everyMs` until `stop()`: the waits of other work while a run goes on. */
function prober(probe: () => Promise<unknown>, everyMs: number) {
  const waits: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      await probe();
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      const s = [...waits].sort((a, b) => a - b);
      return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] ?? 0 };
    },
  };
}

export async function marketing(): Promise<void> {
  let dataDir: string | null = null;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url = process.env.DATABASE_URL;
  const keep = process.env.BENCH_DATA_DIR;
  if (!url) {
    dataDir = keep ? path.resolve(keep) : path.join(os.tmpdir(), `kehu-bench-marketing-${process.pid}`);
    const server = await startEmbeddedPostgres(dataDir, { debug: () => undefined, warn: () => undefined });
    url = server.url;
    stopEmbedded = () => server.stop();
  }
  const database = connect(url, { max: 10 });
  const direct = new pg.Client({ connectionString: url, application_name: 'kehu-bench' });
  const side = new pg.Client({ connectionString: url, application_name: 'kehu-bench-probe' });
  let app: FastifyInstance | null = null;
  try {
    await direct.connect();
    await side.connect();
    await runMigrations(database.pool);
    // SMTP_URL: a mailing starts only with one; the mailings part hands the sender its own transport to a sink.
    const config = loadConfig({ ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', LOGIN_LIMIT_PER_IP: '1000000', PASSWORD_HASH_COST: BENCH_PASSWORD_HASH_COST, SMTP_URL: 'smtp://127.0.0.1:25', MAIL_FROM: '客户 Kehu <crm@bench.kehu.local>' });
    const { appSecret } = await bootstrap(database.db, config, systemClock, assembleApp());
    await direct.query('update users set must_change_password = false');

    let customers = Number((await direct.query<{ n: string }>('select count(*) n from customers')).rows[0]?.n);
    const org: BenchOrg = customers > 0 ? await loadOrg(direct) : await createOrg(direct, await hashPassword(PASSWORD, config.passwordHashCost));
    const generatedNotes: string[] = [];
    if (customers < CUSTOMERS) {
      process.stderr.write(`generating customers ${customers + 1}–${CUSTOMERS}…\n`);
      const parts = buildParts();
      checkParts(parts);
      const g = await generate(direct, parts, org, customers + 1, CUSTOMERS, config.timeZone);
      await verifySample(direct);
      customers = g.customers;
      generatedNotes.push(`${int(g.customers)} customers in ${g.seconds.toFixed(0)} s`);
    }
    let counts = await countSales(direct);
    if (counts.orders === 0) {
      process.stderr.write(`generating ${int(ORDERS)} orders…\n`);
      const g = await generateSales(direct, org, { opportunities: 0, orders: ORDERS, contracts: 0, timeZone: config.timeZone });
      counts = g;
      generatedNotes.push(`${int(g.orders)} orders in ${g.seconds.toFixed(0)} s`);
      await direct.query('vacuum analyze customers');
      await direct.query('vacuum analyze orders');
    }
    const paidOrders = Number((await direct.query<{ n: string }>(`select count(*) n from orders where status in ('paid','shipped','delivered','completed') and deleted_at is null`)).rows[0]?.n);
    const deps: Deps = { db: database.db, clock: systemClock, config, appSecret, modules: assembleApp() };

    // ---- RFM -----------------------------------------------------------------------------------
    const someIds = (await direct.query<{ id: string }>('select id from customers tablesample system (1) where deleted_at is null limit 2000')).rows.map((r) => r.id);
    const pick = () => someIds[Math.floor(Math.random() * someIds.length)];
    const updates = prober(() => side.query('update customers set updated_at = updated_at where id = $1', [pick()]), 50);
    let peakRss = process.memoryUsage().rss;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    let t = performance.now();
    const full = await runRfm(deps, 'full', new Date());
    const fullSeconds = (performance.now() - t) / 1000;
    clearInterval(rssTimer);
    const waits = await updates.stop();
    process.stderr.write(`  RFM full run: ${fullSeconds.toFixed(1)} s, ${int(full.customers)} customers, ${int(full.changed)} changed\n`);
    t = performance.now();
    const again = await runRfm(deps, 'full', new Date());
    const againSeconds = (performance.now() - t) / 1000;
    await direct.query(`insert into customer_rfm_marks (customer_id) select id from customers where paid_order_count > 0 and deleted_at is null limit 1000 on conflict do nothing`);
    t = performance.now();
    const changedRun = await runRfm(deps, 'changed', new Date());
    const changedMs = performance.now() - t;
    const classes = (await direct.query<{ c: string; n: string }>(`select coalesce(r.rfm_class, 'none') c, count(*) n from customers c left join customer_rfm r on r.customer_id = c.id where c.deleted_at is null group by 1 order by 2 desc`)).rows;

    // ---- Segments --------------------------------------------------------------------------------
    app = await buildApp(deps, { webDir: null });
    const theApp = app;
    async function login(username: string, name: string): Promise<Role> {
      const res = await theApp.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const body = JSON.parse(res.body) as { csrfToken: string };
      return { name, cookie: `kehu_session=${res.cookies.find((k) => k.name === 'kehu_session')?.value}`, csrf: body.csrfToken };
    }
    const manager = await login(org.managerUsername, `division manager (department): ${org.managerUsername}`);
    const admin = await login('admin', 'admin (all)');
    const definition = {
      match: 'all',
      conditions: [
        { field: 'industryCode', op: 'in', value: ['MANU', 'RETL', 'IT'] },
        { field: 'stage', op: 'in', value: ['customer', 'intent'] },
        { field: 'paidOrderCount', op: 'gte', value: 2 },
      ],
    };
    const rows: { title: string; role: Role; url: string; target: number; holds: (b: unknown) => string; body: unknown }[] = [
      { title: 'segment count: industry, stage, paid orders ≥ 2', role: manager, url: '/api/v1/segments/count', target: COUNT_TARGET_MS, body: { entity: 'customer', definition }, holds: (b) => int((b as { count: number }).count) },
      { title: 'segment count: industry, stage, paid orders ≥ 2', role: admin, url: '/api/v1/segments/count', target: COUNT_TARGET_MS, body: { entity: 'customer', definition }, holds: (b) => int((b as { count: number }).count) },
      {
        title: 'segment count: RFM class, last paid in 90 days, region',
        role: admin,
        url: '/api/v1/segments/count',
        target: COUNT_TARGET_MS,
        body: { entity: 'customer', definition: { match: 'all', conditions: [{ field: 'rfmClass', op: 'in', value: ['important_value', 'important_keep'] }, { field: 'lastPaidAt', op: 'withinLastDays', value: 90 }, { field: 'region', op: 'in', value: ['east'] }] } },
        holds: (b) => int((b as { count: number }).count),
      },
    ];
    const previewRows = rows.slice(0, 2).map((r) => ({ ...r, title: 'segment preview: first 10 rows (with the count)', url: '/api/v1/segments/preview', target: PREVIEW_TARGET_MS, holds: (b: unknown) => `${(b as { items: unknown[] }).items.length} rows` }));
    const results: string[] = [];
    for (const row of [...rows, ...previewRows]) {
      const send = () => theApp.inject({ method: 'POST', url: row.url, payload: row.body as object, headers: { cookie: row.role.cookie, 'x-csrf-token': row.role.csrf } });
      const first = await send();
      if (first.statusCode !== 200) throw new Error(`${row.title}: ${first.statusCode} ${first.body.slice(0, 300)}`);
      await send();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await send();
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      results.push(`| ${row.title} | ${row.role.name} | ${row.holds(JSON.parse(first.body))} | ${RUNS} | < ${row.target} | ${fmt(percentile(times, 50))} / ${fmt(p95)} | ${p95 < row.target ? 'yes' : '**no**'} |`);
      process.stderr.write(`  ${row.title} / ${row.role.name}: ${fmt(percentile(times, 50))}/${fmt(p95)} ms\n`);
    }

    const mailingLines = Number(process.env.BENCH_MAILS ?? 100_000) > 0 ? await mailingsBench({ deps, app: theApp, direct, admin }) : [];

    const version = (await direct.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v;
    const sharedBuffers = (await direct.query<{ v: string }>(`select current_setting('shared_buffers') as v`)).rows[0]?.v;
    const lines = [
      `\nKehu marketing benchmark — ${int(customers)} customers, ${int(counts.orders)} orders (${int(paidOrders)} paid or later); PostgreSQL ${version} (${process.env.DATABASE_URL ? 'external' : 'embedded'}, shared_buffers ${sharedBuffers}), Node ${process.version}, ${os.cpus().length} cores; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
      generatedNotes.length ? `Generated: ${generatedNotes.join(', ')}.` : 'Data reused.',
      '',
      '| RFM | customers | changed | time | target | met |',
      '|---|---:|---:|---:|---:|---|',
      `| full run (first) | ${int(full.customers)} | ${int(full.changed)} | ${fullSeconds.toFixed(1)} s | < ${RFM_TARGET_S} s | ${fullSeconds < RFM_TARGET_S ? 'yes' : '**no**'} |`,
      `| full run again (nothing to change) | ${int(again.customers)} | ${int(again.changed)} | ${againSeconds.toFixed(1)} s | | |`,
      `| minute's run, 1,000 marked customers | ${int(changedRun.customers)} | ${int(changedRun.changed)} | ${changedMs.toFixed(0)} ms | | |`,
      '',
      `During the first run: peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB; ${waits.n} one-row updates of random customers on another connection (an order's change of the figures) waited p50 ${fmt(waits.p50)} / p95 ${fmt(waits.p95)} / max ${fmt(waits.max)} ms.`,
      `Thresholds (means of the buyers of the last 12 months): recency ${full.thresholds.recencyDays.toFixed(1)} days, ${full.thresholds.frequency.toFixed(2)} paid orders, ${(full.thresholds.monetaryFen / 100).toFixed(0)} 元.`,
      `Classes: ${classes.map((c) => `${c.c} ${int(Number(c.n))}`).join(', ')}.`,
      '',
      `${RUNS} timed requests per row after 2 warm-ups, through HTTP inject; ms.`,
      '',
      '| request | role | answer | runs | target p95 | p50 / p95 | met |',
      '|---|---|---|---:|---:|---:|---|',
      ...results,
      ...mailingLines,
    ];
    process.stdout.write(`${lines.join('\n')}\n${keep && !process.env.DATABASE_URL ? `Data kept in ${dataDir} (BENCH_DATA_DIR).\n` : ''}`);
  } finally {
    if (app) await app.close();
    await side.end().catch(() => undefined);
    await direct.end().catch(() => undefined);
    await database.close();
    if (stopEmbedded) await stopEmbedded();
    if (dataDir && !keep) await fs.rm(dataDir, { recursive: true, force: true });
  }
}
