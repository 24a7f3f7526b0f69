/**
 * The e-mail campaign part of the marketing suite (`npm run bench -- marketing`, run after the
 * RFM and segment parts on the same data; BENCH_MAILS=0 skips it):
 *  - sending BENCH_MAILS personalised mails (100,000 by default; at most a static list's 100,000)
 *    to an SMTP sink through runMailing — the mails per second (target ≥ 500), the sending
 *    process's peak RSS and its growth from start to end, and no Message-ID received twice;
 *  - the open pixel and a tracked link through the real HTTP server on 127.0.0.1 under an
 *    open-loop load (requests started on a schedule, not one after the other) of BENCH_TRACK_RPS
 *    (200) a second for BENCH_TRACK_SECONDS (20) each — p50/p95/p99 (target p95 < 10 ms).
 *
 *   BENCH_MAILS (100000)  BENCH_MAIL_CONCURRENCY (20)  BENCH_SINK (process | inline; process)
 *   BENCH_TRACK_RPS (200)  BENCH_TRACK_SECONDS (20)
 *
 * The contacts come from the customers suite's data; the chosen ones get addresses of their own
 * (generated addresses repeat, and a mailing sends once per address). The recipients go through
 * the API as a mailing's would: a static list, a mailing, its start (the snapshot).
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { pooledSmtpTransport, runMailing } from '../src/server/modules/mailings/mailings.sender.ts';
import { signToken } from '../src/server/modules/mailings/mailings.rules.ts';
import type { Deps } from '../src/server/platform/deps.ts';
import { fmt, percentile } from './capture.ts';
import { startSink, type Sink, type SinkStats } from './smtp-sink.ts';

const MAILS = Number(process.env.BENCH_MAILS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_MAIL_CONCURRENCY ?? 20);
const SINK = process.env.BENCH_SINK ?? 'process';
const TRACK_RPS = Number(process.env.BENCH_TRACK_RPS ?? 200);
const TRACK_SECONDS = Number(process.env.BENCH_TRACK_SECONDS ?? 20);
const SEND_TARGET = 500;
const TRACK_TARGET_MS = 10;
const LIST_CHUNK = 5000;
const HUMAN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

const int = (n: number) => n.toLocaleString('en');
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

export interface MailingsBenchInput {
  deps: Deps;
  app: FastifyInstance;
  direct: pg.Client;
  admin: { cookie: string; csrf: string };
}

/** The sink in a process of its own, through fork's IPC channel. */
async function forkedSink(): Promise<Sink> {
  const child = fork(new URL('./smtp-sink.ts', import.meta.url).pathname, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (msg: Record<string, unknown>) => {
        if (key in msg) {
          child.off('message', onMessage);
          resolve(msg[key] as T);
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the SMTP sink exited (${code})`)));
    });
  const port = await next<number>('port');
  return {
    port,
    stats: () => {
      const s = next<SinkStats>('stats');
      child.send('stats');
      return s;
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}

export async function mailingsBench({ deps, app, direct, admin }: MailingsBenchInput): Promise<string[]> {
  const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as { id: string; version: number; recipients: number };
  };

  // ---- The audience: MAILS contacts with addresses of their own, in a static list --------------
  let t = performance.now();
  const ids = (await direct.query<{ id: string }>('select id from contacts where deleted_at is null order by id limit $1', [MAILS])).rows.map((r) => r.id);
  // Fewer contacts than asked (BENCH_CUSTOMERS gives two a customer on average): send to all of them, and say so.
  if (ids.length < MAILS) process.stderr.write(`  only ${int(ids.length)} contacts for BENCH_MAILS=${int(MAILS)}: raise BENCH_CUSTOMERS\n`);
  await direct.query(
    `update contacts c set email = 'mail' || x.n || '@mailings.bench.kehu.local'
     from unnest($1::uuid[]) with ordinality as x(id, n)
     where c.id = x.id and c.email is distinct from 'mail' || x.n || '@mailings.bench.kehu.local'`,
    [ids],
  );
  const list = await api('POST', '/api/v1/segments', { name: `群发基准名单 ${new Date().toISOString()}`, entity: 'contact', kind: 'static' });
  for (let i = 0; i < ids.length; i += LIST_CHUNK) await api('POST', `/api/v1/segments/${list.id}/records`, { ids: ids.slice(i, i + LIST_CHUNK) });
  const campaign = await api('POST', '/api/v1/campaigns', { name: `群发基准 ${new Date().toISOString()}`, type: 'email' });
  const html =
    '<html><head><style>.cta{background:#1677ff;color:#ffffff;padding:8px 16px}</style></head><body>' +
    '<p>尊敬的{{contact.name|客户}}（{{contact.title|}}）：</p><p>诚邀 {{customer.name}} 参加{{campaign.name}}，' +
    '届时将发布新一代数控机床与智能产线方案，并安排现场演示与技术交流。</p>' +
    '<p><a class="cta" href="https://kehu.example/expo/register?from=mail">立即报名</a> · <a href="https://kehu.example/expo/agenda">会议日程</a></p>' +
    '<p>如有疑问，请联系您的客户经理 {{owner.name}}（{{owner.phone|}}）。</p>' +
    '<p style="color:#888">不想再收到此类邮件？<a href="{{unsubscribe_url}}">退订</a></p></body></html>';
  const draft = await api('POST', '/api/v1/mailings', { campaignId: campaign.id, name: '新品发布会邀请（基准）', subject: '{{contact.name|您好}}，诚邀 {{customer.name}} 参加新品发布会', html, segmentId: list.id, fromName: '客户 市场部' });
  const setupSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const start = await api('POST', `/api/v1/mailings/${draft.id}/send`, { version: draft.version });
  const startMs = performance.now() - t;
  const mailingId = draft.id;
  process.stderr.write(`  mailing started: ${int(start.recipients)} recipients, the snapshot took ${fmt(startMs)} ms\n`);

  // ---- Sending -----------------------------------------------------------------------------------
  const sink = SINK === 'inline' ? await startSink() : await forkedSink();
  const transport = pooledSmtpTransport(`smtp://127.0.0.1:${sink.port}`, CONCURRENCY);
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const samples: number[] = [];
  const heaps: number[] = [];
  const rssTimer = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    rssPeak = Math.max(rssPeak, rss);
    samples.push(rss);
    heaps.push(heapUsed);
  }, 100);
  const cpuStart = process.cpuUsage();
  const commitsOf = async () => Number((await direct.query<{ t: string }>(`select coalesce(sum(xact_commit), 0) t from pg_stat_database where datname = current_database()`)).rows[0]?.t ?? 0);
  const commitsStart = await commitsOf();
  t = performance.now();
  const outcome = await runMailing(deps, mailingId, transport, { settings: { ratePerSecond: 5000, concurrency: CONCURRENCY } });
  const sendSeconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const commits = (await commitsOf()) - commitsStart;
  clearInterval(rssTimer);
  const rssEnd = process.memoryUsage().rss;
  global.gc?.();
  const rssAfterGc = process.memoryUsage().rss;
  transport.close();
  const received = await sink.stats();
  await sink.close();
  const counts = Object.fromEntries((await direct.query<{ status: string; n: string }>('select status, count(*) n from mailing_recipients where mailing_id = $1 group by 1', [mailingId])).rows.map((r) => [r.status, Number(r.n)]));
  const sent = counts.sent ?? 0;
  const rate = sent / sendSeconds;
  // RSS over the run in tenths: is it flat?
  const tenth = (xs: number[]) => Array.from({ length: 10 }, (_, i) => ((xs[Math.min(xs.length - 1, Math.floor(((i + 1) * xs.length) / 10) - 1)] ?? 0) / 1024 ** 2).toFixed(0)).join(', ');
  process.stderr.write(`  sent ${int(sent)} in ${sendSeconds.toFixed(1)} s: ${rate.toFixed(0)} mails/s (${outcome}); received ${int(received.mails)}, ${int(received.duplicates)} duplicates; RSS ${mb(rssStart)} → peak ${mb(rssPeak)} → ${mb(rssEnd)}\n`);

  // ---- Tracking ------------------------------------------------------------------------------------
  const perPhase = TRACK_RPS * TRACK_SECONDS;
  const sample = (await direct.query<{ id: string }>(`select id from mailing_recipients where mailing_id = $1 and status = 'sent' order by random() limit $2`, [mailingId, 2 * perPhase + 50])).rows.map((r) => r.id);
  // Delivered an hour ago: an open or click seconds after delivery counts as a scanner's, and a
  // person's first open or click (the heavier path: it moves the campaign member on) is measured.
  await direct.query(`update mailing_recipients set sent_at = sent_at - interval '1 hour' where id = any($1::uuid[])`, [sample]);
  // The sending left garbage in the heap (see the heap figures): collect it now, so a major GC of
  // the sending phase does not land in the tracking figures.
  global.gc?.();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { 'user-agent': HUMAN } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });
  // Warm-up: connections and the code paths, on recipients the phases do not use.
  const warm = sample.splice(0, 50);
  for (const id of warm) await get(`/t/o/${signToken(deps.appSecret, 'track', id)}.gif`);
  async function phase(name: string, path: (token: string) => string, expect: number, ids: string[]) {
    const latencies: number[] = [];
    const lags: number[] = [];
    let bad = 0;
    const cpuBefore = process.cpuUsage();
    const began = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < ids.length; i++) {
      const due = began + (i * 1000) / TRACK_RPS;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const token = signToken(deps.appSecret, 'track', ids[i] ?? '');
      const sentAt = performance.now();
      lags.push(sentAt - due);
      pending.push(
        get(path(token)).then((status) => {
          // From the scheduled start: a request held back by a slow one counts its wait.
          latencies.push(performance.now() - due);
          if (status !== expect) bad++;
        }),
      );
    }
    await Promise.all(pending);
    const seconds = (performance.now() - began) / 1000;
    const cpuUsed = process.cpuUsage(cpuBefore);
    const cpuPerRequest = (cpuUsed.user + cpuUsed.system) / 1000 / ids.length;
    latencies.sort((a, b) => a - b);
    lags.sort((a, b) => a - b);
    const p95 = percentile(latencies, 95);
    process.stderr.write(`  ${name}: ${latencies.length} requests in ${seconds.toFixed(1)} s, p50/p95/p99 ${fmt(percentile(latencies, 50))}/${fmt(p95)}/${fmt(percentile(latencies, 99))} ms, ${bad} bad\n`);
    return `| ${name} | ${int(latencies.length)} in ${seconds.toFixed(1)} s | ${fmt(percentile(latencies, 50))} / ${fmt(p95)} / ${fmt(percentile(latencies, 99))} / ${fmt(latencies.at(-1) ?? 0)} | ${fmt(percentile(lags, 99))} | ${cpuPerRequest.toFixed(2)} | < ${TRACK_TARGET_MS} | ${bad} | ${p95 < TRACK_TARGET_MS && bad === 0 ? 'yes' : '**no**'} |`;
  }
  const opens = await phase('GET /t/o/<token>.gif (open pixel)', (token) => `/t/o/${token}.gif`, 200, sample.slice(0, perPhase));
  const clicks = await phase('GET /t/c/<token>/0 (tracked link, 302)', (token) => `/t/c/${token}/0`, 302, sample.slice(perPhase, 2 * perPhase));
  agent.destroy();
  const tracked = (await direct.query<{ opened: string; clicked: string }>(`select count(first_opened_at) opened, count(first_clicked_at) clicked from mailing_recipients where mailing_id = $1`, [mailingId])).rows[0];

  return [
    '',
    `Mailings: ${int(ids.length)} contacts given addresses of their own and put in a static list in ${setupSeconds.toFixed(0)} s; the start (audience snapshot, campaign members) took ${fmt(startMs)} ms for ${int(start.recipients)} recipients.`,
    `Sending through runMailing, concurrency ${CONCURRENCY} (a pooled SMTP transport of ${CONCURRENCY} connections), rate limit 5,000/s, to an SMTP sink ${SINK === 'inline' ? 'in the same process' : `in a process of its own (smtp-server, reads and discards; it used ${received.cpuSeconds.toFixed(1)} s of CPU)`}:`,
    '',
    '| mails | time | mails/s | target | met | received | distinct Message-IDs | duplicates | statuses |',
    '|---:|---:|---:|---:|---|---:|---:|---:|---|',
    `| ${int(sent)} | ${sendSeconds.toFixed(1)} s | ${rate.toFixed(0)} | ≥ ${SEND_TARGET} | ${rate >= SEND_TARGET ? 'yes' : '**no**'} | ${int(received.mails)} | ${int(received.distinct)} | ${received.duplicates + received.noId} | ${Object.entries(counts).map(([k, v]) => `${k} ${int(v)}`).join(', ')} |`,
    '',
    `Sending process: RSS ${mb(rssStart)} at the start, peak ${mb(rssPeak)}, ${mb(rssEnd)} at the end (${rssEnd >= rssStart ? '+' : ''}${mb(rssEnd - rssStart)}; ${mb(rssAfterGc)} after a GC); at the end of each tenth of the run: RSS ${tenth(samples)} MB, V8 heap used ${tenth(heaps)} MB (peak ${mb(Math.max(...heaps))}). CPU of the process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${(((cpu.user + cpu.system) / 1e6 / sendSeconds) * 100).toFixed(0)} % of one core); ${int(commits)} transactions committed in the database (${(commits / Math.max(1, sent / CONCURRENCY)).toFixed(1)} a group).`,
    '',
    `Tracking through the HTTP server (app.listen on 127.0.0.1, keep-alive connections), open loop: ${TRACK_RPS} requests a second for ${TRACK_SECONDS} s per endpoint, each a person's first open or click of a different recipient (sent an hour before, so not taken for a scanner; the campaign member moves on). Latency from each request's scheduled start, ms; lag p99 is how late the load generator itself started requests.`,
    '',
    '| request | requests | p50 / p95 / p99 / max | lag p99 | CPU ms a request (server and load generator) | target p95 | bad | met |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    opens,
    clicks,
    '',
    `Recorded: ${int(Number(tracked?.opened ?? 0))} first opens, ${int(Number(tracked?.clicked ?? 0))} first clicks.`,
  ];
}
