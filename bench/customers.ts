/**
 * The customer master-data suite (`npm run bench -- customers`): generates zh-CN customers,
 * contacts and leads (bench/customers-data.ts), measures at a small size, grows the data to the
 * full size and measures again, so the growth with data size shows. Each measurement goes
 * through the HTTP stack (Fastify inject) as an admin (scope all), a division manager (scope
 * department, 39 of the 200 owners) and a salesperson (scope own), and beside it the bare SQL:
 * the statements that request ran, captured from the pg driver and re-run directly on a
 * connection of their own, each time right after the same request through the API (so both
 * see the machine alike), so the API's own overhead is the difference.
 *
 *   BENCH_CUSTOMERS (1000000)  BENCH_CUSTOMERS_SMALL (100000)  BENCH_RUNS (40)
 *   BENCH_IMPORT_ROWS (20000)  BENCH_EXPORT_ROWS (100000)  BENCH_ONLY (list,search,global,duplicate,import,export)
 *   BENCH_DEALS (0.5)  BENCH_IMPORT_FORMATS (csv,xlsx: the timed imports, in this order)
 *   BENCH_DETAIL (1: each parameter set's request times)  BENCH_WARMUPS (4)
 * Contacts are 2× and leads 0.3× the customers. With `global`, deals as well (bench/sales-data.ts,
 * once, at the first size): BENCH_DEALS opportunities and as many orders per customer, and 0.3×
 * that in contracts, so the header's search looks through every kind it searches. Query plans of every measured statement are
 * written to a directory named at the end.
 *
 * The import brings companies with their primary contacts (both count as rows) and includes the
 * ANALYZE the import job runs before it reports done. Right after the timed CSV import, before
 * any warm-up, each search-box request of each role is sent once: "search right after import".
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { CUSTOMER_KIND_LABELS, LEAD_CHANNEL_LABELS, LEAD_CHANNELS, LIFECYCLE_STAGE_LABELS } from '../src/contracts/vocabulary.ts';
import { buildApp } from '../src/server/app.ts';
import { bootstrap } from '../src/server/bootstrap.ts';
import { assembleApp } from '../src/server/modules/index.ts';
import { loadConfig } from '../src/server/config.ts';
import { connect, runMigrations } from '../src/server/db/client.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { importRunJob } from '../src/server/modules/imports/imports.jobs.ts';
import { DEFAULT_INDUSTRIES } from '../src/server/modules/customers/industries.ts';
import { hashPassword } from '../src/server/platform/access/passwords.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import type { Deps } from '../src/server/platform/deps.ts';
import { startJobs } from '../src/server/platform/jobs/runner.ts';
import { writeCsv, writeXlsx, type CellValue, type ExportColumn } from '../src/server/platform/tabular/write.ts';
import { BENCH_PASSWORD_HASH_COST, buildParts, checkParts, createOrg, ensureUuidv7, generate, loadOrg, TAG_NAMES, verifySample, type BenchOrg, type Parts } from './customers-data.ts';
import { countSales, generateSales } from './sales-data.ts';
import { captureFrom, fmt, sideEffects, percentile, readsOnly, rerun, startCapture, stopCapture, type Statement } from './capture.ts';

const FULL = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const SMALL = Math.min(FULL, Number(process.env.BENCH_CUSTOMERS_SMALL ?? 100_000));
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);
/** The timed imports in this order (the CSV one is followed by the search right after import). */
const IMPORT_FORMATS = (process.env.BENCH_IMPORT_FORMATS ?? 'csv,xlsx').split(',').map((s) => s.trim()).filter((f): f is 'csv' | 'xlsx' => f === 'csv' || f === 'xlsx');
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
/**
 * Rounds of each case's requests before the timed ones (the first of them captures the
 * statements). A server's pool connections live for minutes (db/client.ts) and each maps the
 * pages of shared buffers it touches on first use, which costs several times the statement
 * (docs/benchmarks.md, stop 30); sequential requests whose statements run side by side (a page
 * and its count) take turns on two or three connections, so it takes a few rounds before each has
 * run each request, as on a server that has been up a while.
 */
const WARMUPS = Number(process.env.BENCH_WARMUPS ?? 4);
const DEALS = Number(process.env.BENCH_DEALS ?? 0.5);
/** Which measurements run (e.g. `export` to measure only that again on a kept database). */
/** Each parameter set's request times, to find which ones make a p95. */
const DETAIL = process.env.BENCH_DETAIL === '1';
const ONLY = new Set((process.env.BENCH_ONLY ?? 'list,search,global,duplicate,import,export').split(',').map((s) => s.trim()));
const PASSWORD = 'BenchPass2026';
// What Chromium sends: the list page's size is measured as a browser receives it.
const BROWSER_ENCODING = 'gzip, deflate, br, zstd';
// global: the header's search across kinds (issue 15); its p95 < 100 ms at 1M is issue 16's target.
// A target is p95 in ms, or per data size (the entry for the smallest size at or above it, else
// the largest): the search box's is issue 16's 30 ms at 100k and 60 ms at 1M; the global search's
// 40 ms at 100k is what leaves its 1M target a margin, not a target of the issue.
const TARGETS = { list: { 100_000: 20, 1_000_000: 30 }, search: { 100_000: 30, 1_000_000: 60 }, global: { 100_000: 40, 1_000_000: 100 }, duplicate: 50 } as const;

/** The p95 target of a kind of request at a data size (see TARGETS). */
function targetAt(kind: keyof typeof TARGETS, size: number): number {
  const t: number | Record<number, number> = TARGETS[kind];
  if (typeof t === 'number') return t;
  const sizes = Object.keys(t).map(Number).sort((a, b) => a - b);
  const at = sizes.find((s) => s >= size) ?? sizes[sizes.length - 1] ?? 0;
  return t[at] ?? Infinity;
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

interface Request {
  label: string;
  method: 'GET' | 'POST';
  url: string;
  payload?: object;
}

interface Role {
  name: string;
  cookie: string;
  csrf: string;
  userId: string;
}

interface Case {
  kind: keyof typeof TARGETS;
  title: string;
  role: Role;
  requests: Request[];
}

interface Measured {
  scale: number;
  kind: keyof typeof TARGETS;
  title: string;
  role: string;
  api: [number, number];
  sql: [number, number];
  main: [number, number];
  /** API ÷ SQL, p50 and p95, of the two taken in turn. */
  ratio: [number, number];
  statements: number;
}

async function measureCase(app: FastifyInstance, direct: pg.Client, c: Case, planFile: string): Promise<Omit<Measured, 'scale'>> {
  const send = (r: Request) =>
    app.inject({ method: r.method, url: r.url, payload: r.payload, headers: { cookie: c.role.cookie, 'x-csrf-token': c.role.csrf } });
  const captured: Statement[][] = [];
  for (const r of c.requests) {
    startCapture();
    const res = await send(r);
    captured.push(readsOnly(stopCapture()));
    if (res.statusCode !== 200) throw new Error(`${c.title} (${r.label}) as ${c.role.name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  // The same statements, back to back on a connection of their own.
  const runAll = async (stmts: Statement[]) => {
    let total = 0;
    let slowest = 0;
    for (const s of stmts) {
      const start = performance.now();
      await rerun(direct, s);
      const ms = performance.now() - start;
      total += ms;
      slowest = Math.max(slowest, ms);
    }
    return { total, slowest };
  };
  // Its first run before the warm-up rounds, not between them and the timed ones: it reads pages
  // into shared buffers, evicting others where they are small (Debian's 128 MB), and there the
  // first timed round after it took 22–31 ms against 6–11 for the rounds after.
  for (const stmts of captured) await runAll(stmts);
  for (let w = 1; w < WARMUPS; w++) for (const r of c.requests) await send(r);
  /** The ms of the i-th timed request (cycling through the case's parameter sets). */
  const timed = async (i: number) => {
    const start = performance.now();
    await send(c.requests[i % c.requests.length] as Request);
    return performance.now() - start;
  };
  // The requests one after the other, as a user's would come: the latency the targets are for.
  const api: number[] = [];
  /** Per timed request: GC pause ms and connections opened meanwhile (BENCH_DETAIL). */
  const aside: string[] = [];
  /** The statements of the first two timed rounds, with their ms (BENCH_DETAIL). */
  const early: Statement[][] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = sideEffects();
    const watched = DETAIL && i < 2 * c.requests.length;
    if (watched) startCapture();
    api.push(await timed(i));
    if (watched) early.push(readsOnly(stopCapture()));
    const after = sideEffects();
    const gc = after.gcMs - before.gcMs;
    const opened = after.connections - before.connections;
    aside.push(`${gc >= 1 ? `[gc ${gc.toFixed(0)}]` : ''}${opened ? `[+${opened} conn]` : ''}`);
  }
  // For the ratio of the two: each request through the API, then its statements directly, in
  // turn, so that both are measured on the machine as it is at that moment (its speed drifted by
  // a third within an hour, and a run of each after the other compared two machines).
  const apiInTurn: number[] = [];
  const sqlTimes: number[] = [];
  const mainTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    apiInTurn.push(await timed(i));
    const t = await runAll(captured[i % captured.length] ?? []);
    sqlTimes.push(t.total);
    mainTimes.push(t.slowest);
  }
  if (DETAIL) {
    // Which parameter set the slow requests were (BENCH_DETAIL=1): each set's times, in order.
    for (const [k, r] of c.requests.entries()) {
      const mine = api.map((t, i) => `${t.toFixed(1)}${aside[i] ?? ''}`).filter((_, i) => i % c.requests.length === k);
      process.stderr.write(`    ${c.title} / ${c.role.name} / ${r.label}: ${mine.join(' ')}\n`);
      // …and what each of its statements took the first time (as the request ran them).
      const stmtTimes = (stmts: Statement[]) => stmts.map((st) => `${st.ms === undefined ? '?' : st.ms.toFixed(1)} ${/from "?(\w+)"?/i.exec(st.text)?.[1] ?? ''}`).join(', ');
      process.stderr.write(`      ${stmtTimes(captured[k] ?? [])}\n`);
      process.stderr.write(`      timed round 1: ${stmtTimes(early[k] ?? [])}; round 2: ${stmtTimes(early[k + c.requests.length] ?? [])}\n`);
    }
  }


  // The plan of each request's slowest statement, for the findings.
  let plans = `\n\n######## ${c.title} — ${c.role.name}\n`;
  for (const [k, stmts] of captured.entries()) {
    let slowest: Statement | undefined;
    let worst = -1;
    for (const s of stmts) {
      const start = performance.now();
      await rerun(direct, s);
      const ms = performance.now() - start;
      // A list's total plans its count first (list-total.ts): an EXPLAIN has no plan of its own to show.
      if (ms > worst && !/^\s*explain\b/i.test(s.text)) [worst, slowest] = [ms, s];
    }
    if (!slowest) continue;
    const plan = await direct.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${slowest.text}`, slowest.values);
    plans += `\n--- ${c.requests[k]?.label} (${stmts.length} statements, slowest ${worst.toFixed(1)} ms)\n${slowest.text}\n${JSON.stringify(slowest.values)}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`;
  }
  await fs.appendFile(planFile, plans);

  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const [a, s, m, t] = [sorted(api), sorted(sqlTimes), sorted(mainTimes), sorted(apiInTurn)];
  return {
    kind: c.kind,
    title: c.title,
    role: c.role.name,
    api: [percentile(a, 50), percentile(a, 95)],
    sql: [percentile(s, 50), percentile(s, 95)],
    main: [percentile(m, 50), percentile(m, 95)],
    ratio: [percentile(t, 50) / percentile(s, 50), percentile(t, 95) / percentile(s, 95)],
    statements: Math.round(captured.reduce((n, x) => n + x.length, 0) / captured.length),
  };
}

// ---------------------------------------------------------------------------------------------
// The requests, with parameters taken from the data each role can see

const CUSTOMER_SCOPE_SQL = {
  all: 'true',
  own: `(c.owner_id = $1 or exists (select 1 from customer_collaborators cc where cc.customer_id = c.id and cc.user_id = $1))`,
  department: `(c.owner_id = $1 or c.department_id in (with recursive t as (select id from departments where id = (select department_id from users where id = $1) union select d.id from departments d join t on d.parent_id = t.id) select id from t))`,
};

/**
 * The search box's "many matches" case of issue 16: an industry word of the generated names
 * (bench/customers-data.ts BUSINESS) in about 5 % of all customers, as 汽车零部件 was in the
 * comparison with the other CRM.
 */
async function industryWordOf(db: pg.Client): Promise<{ word: string; share: number }> {
  // Once per run: the share hardly changes as the data grows (the names are drawn alike).
  industryWord ??= pickIndustryWord(db);
  return industryWord;
}
let industryWord: Promise<{ word: string; share: number }> | undefined;

async function pickIndustryWord(db: pg.Client): Promise<{ word: string; share: number }> {
  const words = ['工程', '科技', '管理', '技术', '机械', '材料'];
  const { rows } = await db.query<{ word: string; share: number }>(
    `select w as word, count(*) filter (where c.name like '%' || w || '%')::float8 / count(*) as share
     from customers c cross join unnest($1::text[]) w where c.deleted_at is null group by w`,
    [words],
  );
  const best = rows.sort((a, b) => Math.abs(a.share - 0.05) - Math.abs(b.share - 0.05))[0];
  if (!best) throw new Error('no customers to pick an industry word from');
  return best;
}

async function requestsFor(db: pg.Client, role: Role, scope: keyof typeof CUSTOMER_SCOPE_SQL, vipTag: string) {
  // Customers of this role's scope, chosen at random but the same each run.
  await db.query('select setseed(0.5)');
  const { rows } = await db.query<{ number: string; name: string; kind: string; name_key: string; name_initials: string; contact: string; phone: string; email: string }>(
    `select c.number, c.name, c.kind, c.name_key, c.name_initials, k.name as contact, k.phones[1] as phone, k.email
     from customers c join contacts k on k.customer_id = c.id and k.is_primary
     where c.deleted_at is null and ${CUSTOMER_SCOPE_SQL[scope]} ${scope === 'all' ? 'and $1::uuid is not null' : ''}
     order by random() limit 12`,
    [role.userId],
  );
  const industryWord = await industryWordOf(db);
  const at = (i: number) => rows[i % rows.length] ?? (() => { throw new Error(`no customers in scope of ${role.name}`); })();
  const companies = rows.filter((r) => r.kind === 'company');
  const company = (i: number) => companies[i % companies.length] ?? at(i);
  const list = (label: string, qs: string): Request => ({ label, method: 'GET', url: `/api/v1/customers?limit=20&${qs}` });
  const search = (label: string, q: string): Request => ({ label, method: 'GET', url: `/api/v1/customers?limit=20&q=${encodeURIComponent(q)}` });
  const global = (label: string, q: string): Request => ({ label, method: 'GET', url: `/api/v1/search?limit=5&q=${encodeURIComponent(q)}` });
  const dup = (label: string, payload: object): Request => ({ label, method: 'POST', url: '/api/v1/customers/duplicate-check', payload });
  const national = (e164: string) => e164.replace(/^\+86/, '');
  return {
    // Issue 16: common filter pairs (thousands of matches at 100k: a sort index walked stops
    // soon) and rare ones (a few to a few hundred: walking a sort index passes most of the table).
    list: [
      list('common: stage + industry, newest first', 'stage=intent&industryCode=MANU&sort=-createdAt'),
      list('common: region + tag, newest first', `region=east&tagIds=${vipTag}&sort=-createdAt`),
      list('stage + no follow-up for 90 days, last updated', 'stage=customer&noFollowUpDays=90&sort=-updatedAt'),
      list('common: grade + source channel, by name', 'grade=A&sourceChannel=trade_show&sort=name'),
      list('rare: industry + region, newest first', 'industryCode=RE&region=south&sort=-createdAt'),
      list('rare: region + industry, by name', 'region=hk_mo_tw&industryCode=IT&sort=name'),
      list('rare: region + source channel, newest first', 'region=hk_mo_tw&sourceChannel=email&sort=-createdAt'),
      list('rare: industry + tag, last updated', `industryCode=EDU&tagIds=${vipTag}&sort=-updatedAt`),
      list('no follow-up for 30 days + kind, newest first', 'noFollowUpDays=30&kind=company&sort=-createdAt'),
    ],
    // Issue 16's set: few matches (a number prefix, phone digits, a contact) and many (a brand
    // shared by hundreds, an industry word in ~5 % of all names, 4 letters of initials).
    search: [
      search('name part (brand)', company(0).name_key.slice(0, 2)),
      search(`industry word (${industryWord.word}, ${(industryWord.share * 100).toFixed(1)} % of names)`, industryWord.word),
      // 2026-MANU-0001 of 2026-MANU-000123: up to 100 numbers.
      search('number prefix', at(1).number.slice(0, -2)),
      search('phone, last 4 digits', national(at(2).phone).slice(-4)),
      search('pinyin initials', company(4).name_initials.slice(0, 4)),
      search('contact name', at(5).contact),
    ],
    global: [
      global('name part (brand)', company(0).name_key.slice(0, 2)),
      // The number without its year, as people quote it: 2026-MANU-000123 → MANU-000123.
      global('number fragment', at(1).number.split('-').slice(1).join('-')),
      global('phone, last 4 digits', national(at(2).phone).slice(-4)),
      global('phone, 7 digits', national(at(3).phone).slice(3, 10)),
      global('pinyin initials', company(4).name_initials.slice(0, 4)),
      global('contact name', at(5).contact),
      // Words with thousands of matches: each kind must stop at a page, not read them all.
      global('common word (many matches)', '科技'),
      global('common pinyin (many matches)', 'wang'),
    ],
    duplicate: [
      dup('same name', { name: company(6).name }),
      dup('name written differently', { name: `${company(7).name_key}(${'上海'})有限公司` }),
      dup('new name', { name: `北京${company(8).name_key.slice(0, 1)}翔${company(8).name_key.slice(2)}有限公司` }),
      dup('phone', { phone: national(at(9).phone) }),
      dup('e-mail', { email: at(10).email }),
      dup('name + phone + e-mail', { name: company(11).name, phone: national(at(11).phone), email: at(11).email }),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Import and export

function importFile(parts: Parts, rows: number, seed: number): AsyncIterable<Record<string, CellValue>> & Iterable<Record<string, CellValue>> {
  const industries = new Map(DEFAULT_INDUSTRIES.map((i) => [i.code, i.nameZh]));
  const provinces = ['北京', '上海', '广东', '江苏', '浙江', '山东', '四川', '湖北'];
  function* gen() {
    for (let i = 0; i < rows; i++) {
      const n = seed * 7919 + i;
      const city = parts.cities.name[(n * 31) % parts.cities.name.length] ?? '';
      // Three-character brands do not occur in the generated data: these are new customers, and
      // (brand, third character) differs on every row up to 8 × the brands (48,000).
      const brand = `${parts.brands.name[n % parts.brands.name.length] ?? ''}${'鑫泰宏瑞祥鼎盛和'[Math.floor(i / parts.brands.name.length) % 8] ?? ''}`;
      // Every business word in turn, as in the generated names (an industry word stays in ~5 % of
      // the names after the import): `n * 7` with 70 words took only every seventh, none of them
      // with 技术, so the search right after an import met 100,000 new customers without the word.
      const w = (n * 13) % parts.business.name.length;
      yield {
        name: `${city}${brand}${parts.business.name[w] ?? ''}${parts.legal.name[i % parts.legal.name.length] ?? ''}`,
        kind: CUSTOMER_KIND_LABELS.company['zh-CN'],
        industry: industries.get(parts.business.industry[w] ?? '') ?? null,
        size: 20 + (i % 900),
        province: provinces[i % provinces.length] ?? null,
        address: `${city}市人民路${1 + (i % 500)}号`,
        channel: LEAD_CHANNEL_LABELS[LEAD_CHANNELS[i % LEAD_CHANNELS.length] ?? 'website']['zh-CN'],
        stage: LIFECYCLE_STAGE_LABELS.potential['zh-CN'],
        grade: 'ABC'[i % 3] ?? null,
        tags: i % 4 === 0 ? `${TAG_NAMES[i % TAG_NAMES.length]}, ${TAG_NAMES[(i + 5) % TAG_NAMES.length]}` : null,
        needs: i % 5 === 0 ? '希望提升生产排程效率' : null,
        // The primary contact in the same row, as 客户基本信息表 keeps it: a person and a mobile,
        // named from the generated contacts' surnames and given names (and formula), so that a
        // contact name searched for is among the new customers as often as among the old: with
        // 64 names of their own, none was, and right after the import the search walked 5,000
        // new customers without a match before reading every match by id (111–148 ms at 1M).
        contactName: `${parts.surnames.name[(n * 7 + 3) % parts.surnames.name.length] ?? '王'}${parts.given.name[(n * 13 + 5) % parts.given.name.length] ?? '伟'}`,
        contactPhone: `13${String(n % 1_000_000_000).padStart(9, '0')}`,
      };
    }
  }
  return Object.assign(gen(), { [Symbol.asyncIterator]: async function* () { yield* gen(); } }) as never;
}

const IMPORT_COLUMNS: ExportColumn[] = [
  { key: 'name', header: '客户名称' },
  { key: 'kind', header: '客户类型' },
  { key: 'industry', header: '所属行业' },
  { key: 'size', header: '员工人数' },
  { key: 'province', header: '省份' },
  { key: 'address', header: '详细地址' },
  { key: 'channel', header: '来源渠道' },
  { key: 'stage', header: '生命周期阶段' },
  { key: 'grade', header: '意向等级' },
  { key: 'tags', header: '标签' },
  { key: 'needs', header: '客户需求' },
  { key: 'contactName', header: '联系人姓名' },
  { key: 'contactPhone', header: '联系电话' },
];

async function fileBytes(format: 'xlsx' | 'csv', rows: AsyncIterable<Record<string, CellValue>>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => sink.on('end', resolve));
  await (format === 'xlsx' ? writeXlsx : writeCsv)(sink, IMPORT_COLUMNS, rows as never, { timeZone: 'Asia/Shanghai' });
  sink.end();
  await done;
  return Buffer.concat(chunks);
}

interface ImportResult {
  format: string;
  /** Customers and their contacts written. */
  rows: number;
  created: number;
  contacts: number;
  seconds: number;
  /** Tables the import's job analyzed (pg_stat_user_tables.analyze_count went up). */
  analyzed: string[];
  /** Where the seconds went: upload (read to the header, stored), mapping, queued (until the job started), job (read, write, commit), refresh (VACUUM (ANALYZE) after the commit, and the bench's polling). */
  phases: { upload: number; mapping: number; queued: number; job: number; refresh: number };
  /** CPU seconds of this process (the API and the job: reading, checking, the pg driver) during the import; PostgreSQL's are apart. */
  nodeCpu: number;
}

/** Manual ANALYZE runs per table so far (the import's own; autovacuum's are counted apart). */
async function analyzeCounts(db: pg.Client): Promise<Map<string, number>> {
  const { rows } = await db.query<{ relname: string; n: number }>(`select relname, analyze_count::int as n from pg_stat_user_tables where relname in ('customers', 'contacts', 'customer_tags')`);
  return new Map(rows.map((r) => [r.relname, r.n]));
}

/** With BENCH_DETAIL: autovacuum's and autoanalyze's runs so far on the imported tables, to see whether one ran beside a measurement. */
async function autovacuumRuns(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ relname: string; v: number; a: number }>(
    `select relname, autovacuum_count::int as v, autoanalyze_count::int as a from pg_stat_user_tables where relname in ('customers', 'contacts', 'customer_tags') order by relname`,
  );
  return rows.map((r) => `${r.relname} ${r.v}/${r.a}`).join(', ');
}

/**
 * Times one import (upload → mapping → run → job done); `rightAfter` runs once the job is done,
 * before the imported rows are removed again.
 */
async function measureImport(
  app: FastifyInstance,
  db: pg.Client,
  admin: Role,
  parts: Parts,
  format: 'xlsx' | 'csv',
  seed: number,
  rightAfter?: () => Promise<void>,
): Promise<ImportResult> {
  const file = await fileBytes(format, importFile(parts, IMPORT_ROWS, seed));
  const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
  const analyzedBefore = await analyzeCounts(db);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const up = await app.inject({ method: 'POST', url: `/api/v1/imports?entity=customer&fileName=bench.${format}`, payload: file, headers: { ...headers, 'content-type': 'application/octet-stream' } });
  if (up.statusCode !== 201) throw new Error(`import upload: ${up.statusCode} ${up.body.slice(0, 300)}`);
  const body = JSON.parse(up.body) as { job: { id: string }; proposedMapping: Record<string, string | null> };
  const id = body.job.id;
  const tUploaded = performance.now();
  const mapped = await app.inject({ method: 'PUT', url: `/api/v1/imports/${id}/mapping`, payload: { mapping: body.proposedMapping, duplicatePolicy: 'skip' }, headers });
  if (mapped.statusCode !== 200) throw new Error(`import mapping: ${mapped.statusCode} ${mapped.body.slice(0, 300)}`);
  const run = await app.inject({ method: 'POST', url: `/api/v1/imports/${id}/run`, payload: {}, headers });
  if (run.statusCode !== 202) throw new Error(`import run: ${run.statusCode} ${run.body.slice(0, 300)}`);
  const tQueued = performance.now();
  const wallQueued = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const res = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers });
    const job = JSON.parse(res.body) as { status: string; counts: { created: number }; errors: unknown[]; startedAt: string | null; finishedAt: string | null };
    if (job.status === 'failed') throw new Error(`import failed: ${JSON.stringify(job.errors.slice(0, 5))}`);
    if (job.status === 'succeeded') {
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const nodeCpu = (cpu.user + cpu.system) / 1e6;
      const jobSeconds = (Date.parse(job.finishedAt ?? '') - Date.parse(job.startedAt ?? '')) / 1000;
      const queued = Math.max(0, (Date.parse(job.startedAt ?? '') - wallQueued) / 1000);
      const phases = { upload: (tUploaded - t0) / 1000, mapping: (tQueued - tUploaded) / 1000, queued, job: jobSeconds, refresh: 0 };
      phases.refresh = Math.max(0, seconds - phases.upload - phases.mapping - queued - jobSeconds);
      if (DETAIL) process.stderr.write(`    autovacuum / autoanalyze runs when the import was done: ${await autovacuumRuns(db)}\n`);
      if (rightAfter) await rightAfter();
      if (DETAIL) process.stderr.write(`    … after the searches right after it: ${await autovacuumRuns(db)}\n`);
      // BENCH_KEEP_IMPORT=1: stop here, the imported rows kept, to study the state right after an import.
      if (process.env.BENCH_KEEP_IMPORT && rightAfter) process.exit(0);
      const analyzedAfter = await analyzeCounts(db);
      const analyzed = [...analyzedAfter].filter(([t, n]) => n > (analyzedBefore.get(t) ?? 0)).map(([t]) => t);
      const contacts = Number(
        (await db.query<{ n: string }>('select count(*) n from contacts where customer_id in (select unnest(created_ids) from import_jobs where id = $1)', [id])).rows[0]?.n,
      );
      // Leave the sizes as generated: the imported customers go again. Without the foreign-key
      // triggers (nothing refers to them but their tags and contacts): several referencing columns have no
      // index usable by the checks (partial or none), which makes a bulk hard delete quadratic.
      // In one transaction whose write counts reach the statistics at its commit
      // (pg_stat_force_next_flush): a backend sends them at most once a second, so those of
      // statements in a row arrived after the VACUUM ANALYZE below, and autovacuum analyzed
      // customers again (2 s of a core) in the middle of the next measurement.
      await db.query('begin');
      await db.query('set local session_replication_role = replica');
      await db.query('delete from customer_tags where customer_id in (select unnest(created_ids) from import_jobs where id = $1)', [id]);
      await db.query('delete from contacts where customer_id in (select unnest(created_ids) from import_jobs where id = $1)', [id]);
      await db.query('delete from customers where id in (select unnest(created_ids) from import_jobs where id = $1)', [id]);
      await db.query('select pg_stat_force_next_flush()');
      await db.query('commit');
      // And their dead rows with them: the next timed import would otherwise run on tables and
      // indexes holding 100,000 dead entries of this one (and beside the autovacuum they set off),
      // which made whichever import came second 20–40 % slower, the xlsx one as it happened.
      await db.query('vacuum analyze customers, contacts, customer_tags');
      return { format, rows: job.counts.created + contacts, created: job.counts.created, contacts, seconds, analyzed, phases, nodeCpu };
    }
  }
}

interface ExportResult {
  format: string;
  rows: number;
  seconds: number;
  /** The statements the export ran, re-run back to back. */
  sqlSeconds: number;
  bytes: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Downloads an export over a real socket (inject would buffer the body) while sampling memory. */
async function measureExport(port: number, direct: pg.Client, admin: Role, format: 'xlsx' | 'csv', qs: string, rows: number): Promise<ExportResult> {
  // Retained memory: with --expose-gc, a full collection before each sample (every 0.5 s), so
  // garbage waiting for the collector does not count; RSS is sampled more often as it is.
  const retained = () => {
    gc?.();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const baseRss = process.memoryUsage().rss;
  const baseHeap = retained();
  let peakRss = baseRss;
  let peakHeap = baseHeap;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const heapTimer = setInterval(() => (peakHeap = Math.max(peakHeap, retained())), 500);
  const t0 = performance.now();
  startCapture();
  const bytes = await new Promise<number>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: `/api/v1/customers/export?format=${format}&${qs}`, headers: { cookie: admin.cookie } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`export: ${res.statusCode}`));
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => resolve(n));
        res.on('error', reject);
      })
      .on('error', reject);
  });
  clearInterval(rssTimer);
  clearInterval(heapTimer);
  const seconds = (performance.now() - t0) / 1000;
  const statements = stopCapture();
  const s0 = performance.now();
  for (const st of statements) await rerun(direct, st);
  const mb = (n: number) => n / 1024 / 1024;
  return { format, rows, seconds, sqlSeconds: (performance.now() - s0) / 1000, bytes, rssGrowthMb: mb(peakRss - baseRss), heapGrowthMb: mb(peakHeap - baseHeap) };
}

/** The query string of an export of about `rows` customers: those created since a day. */
async function exportFilter(db: pg.Client, rows: number, timeZone: string): Promise<{ qs: string; rows: number }> {
  const total = Number((await db.query<{ n: string }>('select count(*) n from customers where deleted_at is null and merged_into_id is null')).rows[0]?.n);
  if (rows >= total) return { qs: 'sort=-createdAt', rows: total };
  const day = (await db.query<{ d: string }>(`select to_char((created_at at time zone $2)::date, 'YYYY-MM-DD') d from customers where deleted_at is null order by created_at desc offset $1 limit 1`, [rows, timeZone])).rows[0]?.d;
  const n = Number((await db.query<{ n: string }>(`select count(*) n from customers where deleted_at is null and merged_into_id is null and created_at >= ($1::date)::timestamp at time zone $2`, [day, timeZone])).rows[0]?.n);
  return { qs: `sort=-createdAt&createdFrom=${day}`, rows: n };
}

// ---------------------------------------------------------------------------------------------

export async function customers(): Promise<void> {
  let dataDir: string | null = null;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    dataDir = path.join(os.tmpdir(), `kehu-bench-customers-${process.pid}`);
    const server = await startEmbeddedPostgres(dataDir, { debug: () => undefined, warn: () => undefined });
    url = server.url;
    stopEmbedded = () => server.stop();
  }
  const planDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kehu-bench-plans-'));
  const database = connect(url, { max: 10 });
  captureFrom(database.pool);
  const direct = new pg.Client({ connectionString: url, application_name: 'kehu-bench' });
  const results: Measured[] = [];
  const imports: (ImportResult & { scale: number })[] = [];
  const afterImport: { scale: number; role: string; times: number[] }[] = [];
  const analyzeSeconds: { scale: number; seconds: number; tables: string }[] = [];
  const pageSizes: { scale: number; role: string; items: number; bytes: number; sent: number; encoding: string; plainMs: number; sentMs: number }[] = [];
  const exports: (ExportResult & { scale: number })[] = [];
  const generation: { size: number; seconds: number; customers: number; contacts: number; leads: number }[] = [];
  let dealsGenerated = '';
  let app: FastifyInstance | null = null;
  let jobs: Awaited<ReturnType<typeof startJobs>> | null = null;
  try {
    // After the migrations: the direct connection re-runs statements with the database's settings as they now are (0033).
    await runMigrations(database.pool);
    await direct.connect();
    await ensureUuidv7(direct);
    const config = loadConfig({ ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', LOGIN_LIMIT_PER_IP: '1000000', PASSWORD_HASH_COST: BENCH_PASSWORD_HASH_COST });
    const { appSecret } = await bootstrap(database.db, config, systemClock, assembleApp());
    await direct.query('update users set must_change_password = false');

    process.stderr.write('checking name parts against pinyinKeys and normaliseCompanyName…\n');
    const parts = buildParts();
    checkParts(parts);
    // With DATABASE_URL, a database this suite filled before is measured again as it is (after a fix, say).
    let done = Number((await direct.query<{ n: string }>('select count(*) n from customers')).rows[0]?.n);
    const org: BenchOrg = done > 0 ? await loadOrg(direct) : await createOrg(direct, await hashPassword(PASSWORD, config.passwordHashCost));

    const deps: Deps = { db: database.db, clock: systemClock, config, appSecret, modules: assembleApp() };
    const silent = { info: () => undefined, warn: () => undefined, error: (o: object, m?: string) => console.error(m, o) };
    jobs = await startJobs(deps, url, [importRunJob], { log: silent, work: true, tickMs: 0, pollingIntervalSeconds: 0.5 });
    deps.jobs = jobs;
    app = await buildApp(deps, { webDir: null });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const theApp = app;
    async function login(username: string): Promise<Role> {
      const res = await theApp.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const body = JSON.parse(res.body) as { csrfToken: string; user: { id: string } };
      return { name: username, cookie: `kehu_session=${res.cookies.find((c) => c.name === 'kehu_session')?.value}`, csrf: body.csrfToken, userId: body.user.id };
    }

    for (const size of [...new Set([SMALL, FULL])].filter((s) => s >= done)) {
      if (done < size) {
        process.stderr.write(`generating customers ${done + 1}–${size}…\n`);
        const g = await generate(direct, parts, org, done + 1, size, config.timeZone);
        done = size;
        await verifySample(direct);
        generation.push({ size, ...g });
        process.stderr.write(`  ${g.customers} customers, ${g.contacts} contacts, ${g.leads} leads in ${g.seconds.toFixed(0)} s\n`);
      }
      if (ONLY.has('global') && DEALS > 0 && (await countSales(direct)).opportunities === 0) {
        const deals = Math.round(size * DEALS);
        process.stderr.write(`generating ${deals} opportunities, ${deals} orders, ${Math.round(deals * 0.3)} contracts…\n`);
        const d = await generateSales(direct, org, { opportunities: deals, orders: deals, contracts: Math.round(deals * 0.3), timeZone: config.timeZone });
        dealsGenerated = `${d.opportunities.toLocaleString('en')} opportunities / ${d.orders.toLocaleString('en')} orders / ${d.contracts.toLocaleString('en')} contracts in ${d.seconds.toFixed(0)} s`;
      }

      const roles: [Role, keyof typeof CUSTOMER_SCOPE_SQL, string][] = [
        [await login('admin'), 'all', 'admin (all)'],
        [await login(org.managerUsername), 'department', 'manager (department)'],
        [await login(org.salesUsername), 'own', 'sales (own)'],
      ];
      const vipTag = (await direct.query<{ id: string }>(`select id from tags where name = '重点客户'`)).rows[0]?.id ?? '';
      const planFile = path.join(planDir, `plans-${size}.txt`);
      for (const kind of (['list', 'search', 'global', 'duplicate'] as const).filter((x) => ONLY.has(x))) {
        for (const [role, scope, label] of roles) {
          const requests = (await requestsFor(direct, role, scope, vipTag))[kind];
          const title = { list: 'list: two filters + sort', search: 'search box', global: 'global search (header)', duplicate: 'duplicate check' }[kind];
          const m = await measureCase(theApp, direct, { kind, title, role: { ...role, name: label }, requests }, planFile);
          results.push({ scale: size, ...m });
          process.stderr.write(`  ${title} / ${label}: API p50/p95 ${fmt(m.api[0])}/${fmt(m.api[1])} ms, SQL ${fmt(m.sql[0])}/${fmt(m.sql[1])} ms, API ÷ SQL ${m.ratio[0].toFixed(2)}/${m.ratio[1].toFixed(2)}, main p95 ${fmt(m.main[1])} ms\n`);
          if (kind === 'list') {
            // Issue 16: a page of 50 customers in under 15 KB (list rows, not whole records), as
            // sent to a browser (it asks for compression); the plain JSON beside it, and what the
            // compression costs per request (p50 of 20 each way).
            const ask = (acceptEncoding?: string) =>
              theApp.inject({ method: 'GET', url: '/api/v1/customers?limit=50&sort=-createdAt', headers: { cookie: role.cookie, 'x-csrf-token': role.csrf, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) } });
            const plain = await ask();
            const sent = await ask(BROWSER_ENCODING);
            const items = (JSON.parse(plain.body) as { items: unknown[] }).items.length;
            const p50 = async (acceptEncoding?: string) => {
              const times: number[] = [];
              for (let i = 0; i < 20; i++) {
                const started = performance.now();
                await ask(acceptEncoding);
                times.push(performance.now() - started);
              }
              return percentile(times.sort((a, b) => a - b), 50);
            };
            const plainMs = await p50();
            const sentMs = await p50(BROWSER_ENCODING);
            pageSizes.push({ scale: size, role: label, items, bytes: plain.rawPayload.length, sent: sent.rawPayload.length, encoding: String(sent.headers['content-encoding'] ?? 'none'), plainMs, sentMs });
            process.stderr.write(`  list response / ${label}: ${items} customers, ${(plain.rawPayload.length / 1024).toFixed(1)} KB JSON, ${(sent.rawPayload.length / 1024).toFixed(1)} KB sent (${String(sent.headers['content-encoding'])}); ${fmt(plainMs)} / ${fmt(sentMs)} ms\n`);
          }
        }
      }

      const admin = roles[0]?.[0] as Role;
      if (ONLY.has('import')) {
        // A warm-up import first, untimed, as the requests above get warm-up rounds: right after
        // generation the indexes were just rebuilt and none of their pages are in shared buffers,
        // which made the first import at 1M take 4–5 s against 2.6–2.8 s for the ones after it.
        process.stderr.write('  import warm-up…\n');
        await measureImport(theApp, direct, admin, parts, 'csv', size + 3);
      }
      // Search right after the import, before anything warms up: the planner has only the
      // statistics the import left (its ANALYZE), as a user searching at once would find it. The
      // requests are chosen before the import: choosing them reads whole tables, which on a
      // server with small shared buffers (Debian's 128 MB) evicted what the searches then read.
      const cases: { role: Role; label: string; requests: Request[] }[] = [];
      if (ONLY.has('import')) for (const [role, scope, label] of roles) cases.push({ role, label, requests: (await requestsFor(direct, role, scope, vipTag)).search });
      const searchRightAfter = async () => {
        let slowestAfter: { ms: number; label: string; stmts: Statement[] } | undefined;
        // Twice: the first round also pays for touching the new rows first (hint bits, cold pages).
        for (const round of ['first', 'again'] as const) {
        for (const c of cases) {
          const times: number[] = [];
          for (const r of c.requests) {
            if (round === 'first') startCapture();
            const before = sideEffects();
            const start = performance.now();
            const res = await theApp.inject({ method: r.method, url: r.url, headers: { cookie: c.role.cookie, 'x-csrf-token': c.role.csrf } });
            const ms = performance.now() - start;
            const after = sideEffects();
            if (DETAIL) process.stderr.write(`    ${round} / ${c.label} / ${r.label}: ${fmt(ms)} ms, gc ${(after.gcMs - before.gcMs).toFixed(0)}, +${after.connections - before.connections} connections\n`);
            times.push(ms);
            if (round === 'first') {
              const stmts = readsOnly(stopCapture());
              if (DETAIL) process.stderr.write(`      ${stmts.map((st) => `${st.ms === undefined ? '?' : st.ms.toFixed(1)} ${/from "?(\w+)"?/i.exec(st.text)?.[1] ?? ''}`).join(', ')}\n`);
              if (!slowestAfter || ms > slowestAfter.ms) slowestAfter = { ms, label: `${c.label} / ${r.label}`, stmts };
            }
            if (res.statusCode !== 200) throw new Error(`search right after import (${r.label}) as ${c.label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
          }
          afterImport.push({ scale: size, role: `${c.label}${round === 'again' ? ', again' : ''}`, times });
          process.stderr.write(`  search right after import (${round}) / ${c.label}: ${times.map((t) => fmt(t)).join(', ')} ms\n`);
        }
        }
        // The plan of the slowest request's slowest statement, as PostgreSQL plans it now (before
        // autovacuum or anything else has run since the import).
        if (slowestAfter) {
          let worst: Statement | undefined;
          let worstMs = -1;
          for (const st of slowestAfter.stmts) {
            if (/^\s*explain\b/i.test(st.text)) continue;
            const t = performance.now();
            await rerun(direct, st);
            if (performance.now() - t > worstMs) [worstMs, worst] = [performance.now() - t, st];
          }
          if (worst) {
            const plan = await direct.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${worst.text}`, worst.values);
            const firstTimes = slowestAfter.stmts.map((st) => `${st.ms === undefined ? '?' : fmt(st.ms)} ms: ${st.text.slice(0, 60).replace(/\s+/g, ' ')}`).join('\n');
            const text = `\n\n######## right after import: ${slowestAfter.label} (${fmt(slowestAfter.ms)} ms the first time; its statements then:\n${firstTimes})\n${worst.text}\n${JSON.stringify(worst.values)}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`;
            await fs.appendFile(path.join(planDir, `plans-${size}.txt`), text);
          }
        }
        // What the import's ANALYZE costs, for the record: the same statement again, alone.
        // Table by table, to show which one it is worth making cheaper.
        const each: string[] = [];
        let total = 0;
        for (const table of ['customers', 'contacts', 'customer_tags']) {
          const t = performance.now();
          await direct.query(`analyze ${table}`);
          const seconds = (performance.now() - t) / 1000;
          total += seconds;
          each.push(`${table} ${seconds.toFixed(2)} s`);
        }
        analyzeSeconds.push({ scale: size, seconds: total, tables: each.join(', ') });
      };
      for (const format of ONLY.has('import') ? IMPORT_FORMATS : []) {
        const r = await measureImport(theApp, direct, admin, parts, format, size + (format === 'csv' ? 1 : 2), format === 'csv' ? searchRightAfter : undefined);
        imports.push({ scale: size, ...r });
        const ph = r.phases;
        process.stderr.write(
          `  import ${format}: ${r.created} customers + ${r.contacts} contacts in ${r.seconds.toFixed(1)} s — upload ${ph.upload.toFixed(1)}, mapping ${ph.mapping.toFixed(1)}, queued ${ph.queued.toFixed(1)}, job ${ph.job.toFixed(1)}, vacuum + analyze ${ph.refresh.toFixed(1)}; Node CPU ${r.nodeCpu.toFixed(1)} s (analyzed: ${r.analyzed.join(', ') || 'nothing'})\n`,
        );
      }
      await direct.query('vacuum analyze customers');
      for (const rows of ONLY.has('export') ? [Math.round(EXPORT_ROWS / 10), EXPORT_ROWS] : []) {
        const filter = await exportFilter(direct, rows, config.timeZone);
        for (const format of ['csv', 'xlsx'] as const) {
          const r = await measureExport(port, direct, admin, format, filter.qs, filter.rows);
          exports.push({ scale: size, ...r });
          process.stderr.write(`  export ${format} ${filter.rows} rows: ${r.seconds.toFixed(1)} s, RSS +${r.rssGrowthMb.toFixed(0)} MB\n`);
        }
      }
    }

    const version = (await direct.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v;
    const sharedBuffers = (await direct.query<{ v: string }>(`select current_setting('shared_buffers') as v`)).rows[0]?.v;
    const scales = [...new Set(results.map((r) => r.scale))];
    const k = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${Math.round(n / 1000)}k`);
    const lines: string[] = [];
    lines.push(
      `\nKehu customer benchmark — ${generation.map((g) => `${g.customers.toLocaleString('en')} customers / ${g.contacts.toLocaleString('en')} contacts / ${g.leads.toLocaleString('en')} leads`).join(', then ')}; ` +
        `200 owners in 5 divisions × 3 teams; PostgreSQL ${version} (${process.env.DATABASE_URL ? 'external' : `embedded, shared_buffers ${sharedBuffers}`}), Node ${process.version}, ` +
        `${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB; ${RUNS} timed requests per row (cycling through the row's parameter sets) after ${WARMUPS} warm-up rounds.`,
      `Generation: ${generation.map((g) => `${k(g.size)} in ${g.seconds.toFixed(0)} s`).join(', ')}${dealsGenerated ? `; deals (for the global search): ${dealsGenerated}` : ''}.\n`,
      `API = through HTTP inject (auth, validation, service, serialisation), the requests one after the other; SQL = the statements that request ran, re-run directly back to back, each time right after the request ran through the API again; API ÷ SQL = of those two, at p50 and p95 (target ≤ 1.5); main = the slowest statement. ms.\n`,
      `| request | role | target p95 | ${scales.map((s) => `${k(s)} API p50 / p95 | ${k(s)} SQL p50 / p95 | ${k(s)} API ÷ SQL | ${k(s)} main p95`).join(' | ')} | met |`,
      `|---|---|---:|${scales.map(() => '---:|---:|---:|---:').join('|')}|---|`,
    );
    for (const r of results.filter((x) => x.scale === scales[0])) {
      const cells = scales.map((s) => {
        const m = results.find((x) => x.scale === s && x.title === r.title && x.role === r.role);
        return m ? `${fmt(m.api[0])} / ${fmt(m.api[1])} | ${fmt(m.sql[0])} / ${fmt(m.sql[1])} | ${m.ratio[0].toFixed(2)} / ${m.ratio[1].toFixed(2)} | ${fmt(m.main[1])}` : '| | |';
      });
      const met = scales.every((s) => (results.find((x) => x.scale === s && x.title === r.title && x.role === r.role)?.api[1] ?? Infinity) < targetAt(r.kind, s));
      lines.push(`| ${r.title} | ${r.role} | < ${[...new Set(scales.map((s) => targetAt(r.kind, s)))].join(' / ')} | ${cells.join(' | ')} | ${met ? 'yes' : '**no**'} |`);
    }
    if (pageSizes.length > 0) {
      lines.push('', `| list response (GET /customers?limit=50&sort=-createdAt) | data size | role | customers | KB JSON | KB sent (Accept-Encoding: ${BROWSER_ENCODING}) | ms p50 plain / compressed | target < 15 KB sent |`, '|---|---:|---|---:|---:|---:|---:|---|');
      for (const p of pageSizes) lines.push(`| list rows | ${k(p.scale)} | ${p.role} | ${p.items} | ${(p.bytes / 1024).toFixed(1)} | ${(p.sent / 1024).toFixed(1)} (${p.encoding}) | ${fmt(p.plainMs)} / ${fmt(p.sentMs)} | ${p.items === 50 ? (p.sent < 15 * 1024 ? 'yes' : '**no**') : '(fewer rows)'} |`);
    }
    lines.push(
      '',
      `| import (upload → job done with its ANALYZE, ${IMPORT_ROWS.toLocaleString('en')} new companies with their primary contacts) | data size | customers + contacts | seconds | rows/s | analyzed | target |`,
      '|---|---:|---:|---:|---:|---|---|',
    );
    for (const r of imports) {
      const rate = r.rows / r.seconds;
      lines.push(`| ${r.format} | ${k(r.scale)} | ${r.created.toLocaleString('en')} + ${r.contacts.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${Math.round(rate).toLocaleString('en')} | ${r.analyzed.join(', ') || '—'} | ≥ 7,000 ${rate >= 7000 ? 'yes' : '**no**'} |`);
    }
    for (const a of analyzeSeconds) lines.push(`\nANALYZE customers, contacts, customer_tags alone right after the CSV import (${k(a.scale)} + the import): ${a.seconds.toFixed(1)} s (${a.tables}).`);
    if (afterImport.length > 0) {
      lines.push('', '| search box right after the CSV import (each request once, no warm-up) | data size before the import | role | ms per request (6 search-box cases) | p50 / max | target p95 |', '|---|---:|---|---|---:|---|');
      for (const a of afterImport) {
        const sorted = [...a.times].sort((x, y) => x - y);
        lines.push(`| search box | ${k(a.scale)} | ${a.role} | ${a.times.map((t) => fmt(t)).join(', ')} | ${fmt(percentile(sorted, 50))} / ${fmt(sorted[sorted.length - 1] ?? 0)} | < ${targetAt('search', a.scale)} |`);
      }
    }
    lines.push('', '| export (streamed over HTTP) | data size | rows | seconds | its SQL re-run, s | file | peak RSS growth | peak retained heap growth |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of exports) lines.push(`| ${r.format} | ${k(r.scale)} | ${r.rows.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${r.sqlSeconds.toFixed(1)} | ${(r.bytes / 1024 / 1024).toFixed(1)} MB | ${r.rssGrowthMb.toFixed(0)} MB | ${r.heapGrowthMb.toFixed(0)} MB |`);
    process.stdout.write(`${lines.join('\n')}\n\nQuery plans: ${planDir}\n`);
  } finally {
    if (app) await app.close();
    if (jobs) await jobs.stop();
    await direct.end().catch(() => undefined);
    await database.close();
    if (stopEmbedded) await stopEmbedded();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  }
}
