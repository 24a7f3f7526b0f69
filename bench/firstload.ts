/**
 * The first-load suite (`npm run bench -- firstload`): the built web UI (dist/web) served by the
 * real app on 127.0.0.1, opened in headless Chromium with an empty cache, as a new user does:
 * /customers → login page → submit → the first customer row. Every run is a fresh browser
 * context (empty HTTP cache, no cookies). Prints a markdown table for docs/benchmarks.md:
 *
 *  - login → first row: from clicking 登录 to the first row of the customer list (the target);
 *  - whole visit: from starting the navigation to the same row;
 *  - requests and bytes transferred (compressed, as on the wire, headers included) of the visit.
 *
 * Uses DATABASE_URL when set, otherwise a throwaway embedded PostgreSQL. Chromium comes from
 * CHROMIUM_PATH or /usr/bin/chromium.
 *
 *   BENCH_FIRSTLOAD_RUNS (5)  BENCH_FIRSTLOAD_CUSTOMERS (60)
 *   BENCH_FIRSTLOAD_VERBOSE=1  prints every request and response with its time, to see the waterfall
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/server/app.ts';
import { bootstrap } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { connect, runMigrations } from '../src/server/db/client.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { assembleApp } from '../src/server/modules/index.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import type { Deps } from '../src/server/platform/deps.ts';
import { LocalFileStorage } from '../src/server/platform/storage/local.ts';
import { fmt } from './capture.ts';

const RUNS = Number(process.env.BENCH_FIRSTLOAD_RUNS ?? 5);
const CUSTOMERS = Number(process.env.BENCH_FIRSTLOAD_CUSTOMERS ?? 60);
const PASSWORD = 'BenchPass2026';
const WEB_DIR = path.resolve(import.meta.dirname, '../dist/web');
/** The target of issue 15: login submitted → first customer row, median of cold loads. */
const TARGET_MS = 1500;

interface Visit {
  loginToRowMs: number;
  visitMs: number;
  requests: number;
  bytes: number;
  /** Requests and bytes after the login was submitted. */
  afterLoginRequests: number;
  afterLoginBytes: number;
  /**
   * CPU time of the page's main thread from submitting to the first row (Chromium's ThreadTime):
   * the browser's share of the work, which waiting for a busy machine's CPU does not inflate.
   */
  afterLoginCpuMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function firstload(): Promise<void> {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) throw new Error('dist/web is not built: run `npm run build:web` first');
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.join(os.tmpdir(), `kehu-bench-firstload-${process.pid}`);
    const pg = await startEmbeddedPostgres(dataDir, { debug: () => undefined, warn: () => undefined });
    url = pg.url;
    stopEmbedded = async () => {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const database = connect(url, { max: 10 });
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-bench-files-'));
  try {
    await runMigrations(database.pool);
    // Production's password-hashing cost: the login is part of the timed path.
    const config = loadConfig({ ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', LOGIN_LIMIT_PER_IP: '1000000' });
    const modules = assembleApp();
    const { appSecret } = await bootstrap(database.db, config, systemClock, modules);
    await database.db.execute(sql`update users set must_change_password = false`);
    const deps: Deps = { db: database.db, clock: systemClock, config, appSecret, modules, storage: new LocalFileStorage(filesDir) };
    const app = await buildApp(deps, { webDir: WEB_DIR });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    const base = `http://127.0.0.1:${address.port}`;
    try {
      await seedCustomers(base);
      const visits = await measure(base);
      report(visits);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await stopEmbedded?.();
    fs.rmSync(filesDir, { recursive: true, force: true });
  }
}

/** A page of customers through the API, as a salesperson would have them. */
async function seedCustomers(base: string): Promise<void> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const brands = [...'华信恒达鑫源瑞丰泰宏远航新创嘉隆德昌宇博天成金海东方联通汇众永利祥福鼎晟佳美凯润诚明辉星辰益康盈峰林森'];
  for (let i = 0; i < CUSTOMERS; i++) {
    const name = `${brands[i % brands.length]}${brands[(i * 7 + 3) % brands.length]}精密机械第${i + 1}有限公司`;
    const res = await fetch(`${base}/api/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name, force: false }),
    });
    if (res.status !== 201) throw new Error(`customer create failed: ${res.status} ${await res.text()}`);
  }
}

async function measure(base: string): Promise<Visit[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const visits: Visit[] = [];
  try {
    // One warm-up visit (Chromium's own first start, the server's first requests), not counted.
    for (let run = -1; run < RUNS; run++) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      const threadTime = async () => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
      };
      let requests = 0;
      let bytes = 0;
      cdp.on('Network.requestWillBeSent', (e: { request: { url: string } }) => {
        requests++;
        if (process.env.BENCH_FIRSTLOAD_VERBOSE) console.log(`${fmt(performance.now() - start)} ms → ${e.request.url.replace(base, '')}`);
      });
      const urls = new Map<string, string>();
      cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => urls.set(e.requestId, e.request.url.replace(base, '')));
      cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
        bytes += e.encodedDataLength;
        if (process.env.BENCH_FIRSTLOAD_VERBOSE) console.log(`${fmt(performance.now() - start)} ms ← ${urls.get(e.requestId)} ${e.encodedDataLength} B`);
      });

      const start = performance.now();
      await page.goto(`${base}/customers`);
      await inputOf(page, 'login-username').fill('admin');
      await inputOf(page, 'login-password').fill(PASSWORD);
      const cpuBefore = await threadTime();
      const beforeRequests = requests;
      const beforeBytes = bytes;
      const submitted = performance.now();
      if (process.env.BENCH_FIRSTLOAD_VERBOSE) console.log(`${fmt(submitted - start)} ms: login submitted`);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('customers-table').locator('tbody tr.ant-table-row').first().waitFor();
      const shown = performance.now();
      const cpuAfter = await threadTime();
      // Let the requests still in flight for this screen finish before counting them.
      await page.waitForLoadState('networkidle');
      if (run >= 0) {
        visits.push({
          loginToRowMs: shown - submitted,
          visitMs: shown - start,
          requests,
          bytes,
          afterLoginRequests: requests - beforeRequests,
          afterLoginBytes: bytes - beforeBytes,
          afterLoginCpuMs: cpuAfter - cpuBefore,
        });
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return visits;
}

/** The input behind a test id: antd puts some ids on the input itself, some on a wrapper. */
function inputOf(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

function report(visits: Visit[]): void {
  const kb = (n: number) => `${fmt(n / 1024)} KB`;
  const loginToRow = median(visits.map((v) => v.loginToRowMs));
  console.log(`\n### First load (${visits.length} cold loads, headless Chromium, 127.0.0.1, no throttling)\n`);
  console.log('| measure | median | min | max |');
  console.log('|---|---:|---:|---:|');
  const row = (label: string, xs: number[], f: (n: number) => string) =>
    console.log(`| ${label} | ${f(median(xs))} | ${f(Math.min(...xs))} | ${f(Math.max(...xs))} |`);
  row('login submitted → first customer row', visits.map((v) => v.loginToRowMs), (n) => `${fmt(n)} ms`);
  row('whole visit: /customers → login → first row', visits.map((v) => v.visitMs), (n) => `${fmt(n)} ms`);
  row('page main-thread CPU, submitted → first row', visits.map((v) => v.afterLoginCpuMs), (n) => `${fmt(n)} ms`);
  row('requests (whole visit)', visits.map((v) => v.requests), String);
  row('bytes transferred (whole visit)', visits.map((v) => v.bytes), kb);
  row('requests after submitting', visits.map((v) => v.afterLoginRequests), String);
  row('bytes transferred after submitting', visits.map((v) => v.afterLoginBytes), kb);
  console.log(`\nMachine load while measuring (1-minute average, ${os.cpus().length} CPUs): ${os.loadavg()[0]!.toFixed(1)}.`);
  console.log(`\nTarget: login → first row under ${TARGET_MS} ms (median): ${loginToRow < TARGET_MS ? 'met' : 'NOT met'}.`);
}
