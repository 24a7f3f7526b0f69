import { sql } from 'drizzle-orm';
import { PgBoss } from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/server/config.ts';
import { connect, type Database } from '../../src/server/db/client.ts';
import { ManualClock, systemClock, type Clock } from '../../src/server/platform/clock.ts';
import type { Deps } from '../../src/server/platform/deps.ts';
import { assembleModules } from '../../src/server/platform/modules/manifest.ts';
import { defineJob, type JobDefinition } from '../../src/server/platform/jobs/define.ts';
import { purgeJobRunsJob } from '../../src/server/platform/jobs/runs.jobs.ts';
import { startJobs, type JobRunner } from '../../src/server/platform/jobs/runner.ts';
import { createTestDatabase } from '../helpers/harness.ts';
import { killAll, sleep, spawnNode, waitFor } from '../helpers/processes.ts';

/**
 * The job runner against a real PostgreSQL: two worker processes racing for the same schedule,
 * retries and dead letters, catch-up and redelivery. Each describe block has a database of its own.
 */

/** What the in-process runners logged at error level (the runner logs, it does not throw, there). */
const errors: { msg?: string; obj: object }[] = [];
const quietLog = { info: () => undefined, warn: () => undefined, error: (obj: object, msg?: string) => errors.push({ obj, ...(msg ? { msg } : {}) }) };

interface Env {
  url: string;
  database: Database;
  deps(clock?: Clock): Deps;
  /** A plain pg-boss client to look into queues and to send raw payloads. */
  boss(): Promise<PgBoss>;
  runner(jobs: JobDefinition<any>[], opts?: { work?: boolean; clock?: Clock; name?: string; pollingIntervalSeconds?: number }): Promise<JobRunner>;
  close(): Promise<void>;
}

async function createEnv(): Promise<Env> {
  const testDb = await createTestDatabase();
  const database = connect(testDb.url, { max: 5 });
  const config = loadConfig({ DATABASE_URL: testDb.url, LOG_LEVEL: 'silent' });
  const runners: JobRunner[] = [];
  let boss: PgBoss | null = null;
  const deps = (clock: Clock = systemClock): Deps => ({ db: database.db, clock, config, appSecret: 'not-used-by-these-jobs', modules: assembleModules([]) });
  return {
    url: testDb.url,
    database,
    deps,
    boss: async () => {
      if (!boss) {
        boss = new PgBoss({ connectionString: testDb.url, schema: 'pgboss', supervise: false, schedule: false, max: 2 });
        boss.on('error', () => undefined);
        await boss.start();
      }
      return boss;
    },
    runner: async (jobs, opts = {}) => {
      const r = await startJobs(deps(opts.clock), testDb.url, jobs, {
        log: quietLog,
        work: opts.work ?? true,
        tickMs: 0,
        pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5,
        stopGraceMs: 5_000,
        ...(opts.name ? { workerName: opts.name } : {}),
      });
      runners.push(r);
      return r;
    },
    close: async () => {
      await Promise.allSettled(runners.map((r) => r.stop()));
      await boss?.stop({ graceful: false });
      await database.close();
      await testDb.drop();
    },
  };
}

afterAll(async () => killAll());

describe('two worker processes on one schedule', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv();
    await env.database.db.execute(sql`create table test_job_hits (run_key text, worker text not null, at timestamptz not null default now())`);
  });
  afterAll(async () => {
    await killAll();
    await env.close();
  });

  it('runs every occurrence exactly once, with no gaps, and both processes take part', { timeout: 90_000 }, async () => {
    // Different tick periods, so which process sees an occurrence first varies from one to the next.
    const workers = [
      spawnNode(['test/helpers/job-worker.ts'], { DATABASE_URL: env.url, WORKER_NAME: 'w1', TICK_MS: '230' }),
      spawnNode(['test/helpers/job-worker.ts'], { DATABASE_URL: env.url, WORKER_NAME: 'w2', TICK_MS: '310' }),
    ];
    // Both start at once on a database without the pg-boss schema: installing it and creating the
    // queues race too.
    await Promise.all(workers.map((w) => w.waitForOutput(/^ready$/m, 30_000)));
    await sleep(16_000);
    const stoppedAt = Date.now();
    for (const w of workers) w.child.kill('SIGTERM');
    const codes = await Promise.all(workers.map((w) => w.waitForExit(20_000)));
    expect(codes, workers.map((w) => w.output()).join('\n')).toEqual([0, 0]);

    const runs = (
      await env.database.db.execute<{ run_key: string; scheduled_by: string; worker: string | null; executions: number; finished_at: Date | null }>(
        sql`select run_key, scheduled_by, worker, executions, finished_at from job_runs where job = 'test.every-2s' order by run_key`,
      )
    ).rows;
    const hits = (await env.database.db.execute<{ run_key: string; n: number }>(sql`select run_key, count(*)::int as n from test_job_hits group by run_key`)).rows;
    const hitsByRun = new Map(hits.map((h) => [h.run_key, h.n]));

    // ~16 s at one occurrence per 2 s.
    expect(runs.length).toBeGreaterThanOrEqual(7);
    // No gaps: consecutive occurrences are exactly one period apart.
    const times = runs.map((r) => new Date(r.run_key).getTime());
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(2000);
    // Never twice: not claimed twice (primary key), not executed twice, no second hit row.
    for (const r of runs) {
      expect(r.executions).toBeLessThanOrEqual(1);
      expect(hitsByRun.get(r.run_key) ?? 0).toBe(r.executions);
    }
    expect([...hitsByRun.keys()].every((k) => runs.some((r) => r.run_key === k))).toBe(true);
    // Exactly once: every occurrence older than the shutdown by a margin (a job claimed in the
    // last moments may still be queued when both stop: it then runs after the next start) ran.
    const settled = runs.filter((r) => new Date(r.run_key).getTime() < stoppedAt - 2_000);
    expect(settled.length).toBeGreaterThanOrEqual(6);
    for (const r of settled) {
      expect(r.executions, r.run_key).toBe(1);
      expect(r.finished_at, r.run_key).not.toBeNull();
      expect(['w1', 'w2']).toContain(r.worker);
    }
    // They really raced: each process won some occurrences.
    expect(new Set(runs.map((r) => r.scheduled_by))).toEqual(new Set(['w1', 'w2']));
  });
});

describe('retries and dead letters', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv();
  });
  afterAll(async () => env.close());

  it('retries a failing job with backoff until it succeeds', { timeout: 40_000 }, async () => {
    const attempts: { attempt: number; at: number }[] = [];
    const flaky = defineJob({
      name: 'test.flaky',
      schema: z.object({ failTimes: z.number() }),
      retryLimit: 3,
      retryDelaySeconds: 1,
      handler: async (_deps, data, job) => {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        if (job.attempt <= data.failTimes) throw new Error(`failing attempt ${job.attempt}`);
      },
    });
    const runner = await env.runner([flaky]);
    const id = await runner.send(flaky, { failTimes: 2 });
    const boss = await env.boss();
    const done = await waitFor('the flaky job to complete', async () => {
      const [job] = await boss.findJobs('test.flaky', { id: id ?? '' });
      return job?.state === 'completed' ? job : null;
    }, 30_000);
    expect(done.retryCount).toBe(2);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Backoff: the first retry waits 1–2 s, the second 2–4 s.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(1_900);
    expect(await boss.findJobs('test.flaky.dead')).toHaveLength(0);
  });

  it('wakes its own worker when it sends a job due now, instead of leaving it to the next poll', { timeout: 40_000 }, async () => {
    const ran: number[] = [];
    const prompt = defineJob({ name: 'test.prompt', schema: z.object({}), handler: async () => void ran.push(Date.now()) });
    // Polling once a minute: without the wake-up the job would wait for the next poll.
    const runner = await env.runner([prompt], { pollingIntervalSeconds: 60 });
    await sleep(1_500); // past the worker's first poll, which found nothing
    await runner.send(prompt, {});
    await waitFor('the job to run before the next poll', async () => (ran.length > 0 ? true : null), 20_000);
    expect(ran).toHaveLength(1);
  });

  it('moves a job that always fails to its dead-letter queue after retryLimit retries', { timeout: 40_000 }, async () => {
    let calls = 0;
    const broken = defineJob({
      name: 'test.broken',
      schema: z.object({ customer: z.string() }),
      retryLimit: 2,
      retryDelaySeconds: 1,
      retryBackoff: false,
      handler: async () => {
        calls++;
        throw new Error('the mail server said no');
      },
    });
    const runner = await env.runner([broken]);
    const id = await runner.send(broken, { customer: 'c-1' });
    const boss = await env.boss();
    const [dead] = await waitFor('a dead letter', async () => boss.findJobs('test.broken.dead').then((jobs) => (jobs.length ? jobs : null)), 30_000);
    expect(calls).toBe(3);
    expect(dead!.sourceName).toBe('test.broken');
    expect(dead!.data).toEqual({ data: { customer: 'c-1' }, runKey: null });
    const [original] = await boss.findJobs('test.broken', { id: id ?? '' });
    expect(original!.state).toBe('failed');
    expect(original!.retryCount).toBe(2);
    expect(JSON.stringify(original!.output)).toContain('the mail server said no');
  });

  it('sends a payload that does not fit the schema straight to the dead-letter queue', { timeout: 20_000 }, async () => {
    let calls = 0;
    const typed = defineJob({
      name: 'test.typed',
      schema: z.object({ amountFen: z.number().int() }),
      retryLimit: 3,
      retryDelaySeconds: 1,
      handler: async () => {
        calls++;
      },
    });
    await env.runner([typed]);
    const boss = await env.boss();
    // Raw sends, as a caller with an outdated payload shape (or no envelope at all) would make.
    await boss.send('test.typed', { data: { amountFen: '12.50' }, runKey: null });
    await boss.send('test.typed', { amountFen: 1250 });
    const dead = await waitFor('two dead letters', async () => boss.findJobs('test.typed.dead').then((jobs) => (jobs.length === 2 ? jobs : null)), 15_000);
    expect(calls).toBe(0);
    for (const job of dead) expect(job.sourceRetryCount ?? 0).toBe(0);
    const failed = await boss.findJobs('test.typed');
    expect(failed.map((j) => j.state)).toEqual(['failed', 'failed']);
    expect(JSON.stringify(failed[0]!.output)).toContain('invalid payload');
    expect(errors.filter((e) => e.msg?.startsWith('invalid job payload'))).toHaveLength(2);
  });

  it('stop() waits for a running handler to finish', { timeout: 20_000 }, async () => {
    const events: string[] = [];
    const slow = defineJob({
      name: 'test.slow',
      schema: z.object({}),
      handler: async () => {
        events.push('handler started');
        await sleep(1_500);
        events.push('handler finished');
      },
    });
    const runner = await env.runner([slow]);
    const id = await runner.send(slow, {});
    await waitFor('the handler to start', async () => events.length > 0, 10_000, 50);
    await runner.stop();
    events.push('stopped');
    expect(events).toEqual(['handler started', 'handler finished', 'stopped']);
    const [job] = await (await env.boss()).findJobs('test.slow', { id: id ?? '' });
    expect(job!.state).toBe('completed');
  });

  it('starts cleanly when several runners create the same queues at once', async () => {
    const job = defineJob({ name: 'test.concurrent-start', schema: z.object({}), retryLimit: 5, handler: async () => undefined });
    await Promise.all([1, 2, 3].map(() => env.runner([job], { work: false })));
    const queue = await (await env.boss()).getQueue('test.concurrent-start');
    expect(queue?.retryLimit).toBe(5);
    expect(queue?.deadLetter).toBe('test.concurrent-start.dead');
    // A changed option reaches the existing queue at the next start.
    await env.runner([{ ...job, retryLimit: 1 }], { work: false });
    expect((await (await env.boss()).getQueue('test.concurrent-start'))?.retryLimit).toBe(1);
  });
});

describe('catch-up and idempotency of schedules', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv();
  });
  afterAll(async () => env.close());

  const handled: string[] = [];
  const every10 = defineJob({
    name: 'test.every-10-min',
    schema: z.object({ report: z.string() }),
    schedule: { cron: '*/10 * * * *', tz: 'Asia/Shanghai', data: { report: 'daily' } },
    handler: async (_deps, _data, job) => {
      handled.push(job.runKey ?? 'none');
    },
  });
  const noCatchUp = defineJob({
    name: 'test.no-catch-up',
    schema: z.object({}),
    schedule: { cron: '*/10 * * * *', data: {}, catchUpSeconds: 0 },
    handler: async () => undefined,
  });
  afterEach(() => {
    handled.length = 0;
  });

  const runKeys = async (job: string) =>
    (await env.database.db.execute<{ run_key: string; scheduled_by: string }>(sql`select run_key, scheduled_by from job_runs where job = ${job} order by run_key`)).rows;

  it('enqueues each occurrence once however often and by how many runners the window is evaluated', async () => {
    const clock = new ManualClock('2026-03-02T10:05:30+08:00');
    // work: false, so the queued jobs stay there to be counted.
    const a = await env.runner([every10, noCatchUp], { work: false, clock, name: 'a' });
    const b = await env.runner([every10, noCatchUp], { work: false, clock, name: 'b' });

    // First ticks: only the latest occurrence of the catch-up hour (10:00) is run, once.
    await Promise.all([a.tick(), b.tick()]);
    await b.tick();
    expect((await runKeys('test.every-10-min')).map((r) => r.run_key)).toEqual(['2026-03-02T02:00:00.000Z']);
    expect(await runKeys('test.no-catch-up')).toEqual([]);

    clock.set('2026-03-02T10:31:00+08:00');
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await a.tick();
    const runs = await runKeys('test.every-10-min');
    expect(runs.map((r) => r.run_key)).toEqual(['2026-03-02T02:00:00.000Z', '2026-03-02T02:10:00.000Z', '2026-03-02T02:20:00.000Z', '2026-03-02T02:30:00.000Z']);
    expect((await runKeys('test.no-catch-up')).map((r) => r.run_key)).toEqual(['2026-03-02T02:10:00.000Z', '2026-03-02T02:20:00.000Z', '2026-03-02T02:30:00.000Z']);

    const queued = await (await env.boss()).findJobs<{ runKey: string }>('test.every-10-min');
    expect(queued.map((j) => j.data.runKey).sort()).toEqual(runs.map((r) => r.run_key));
  });

  it('a worker restarting after a gap catches up the latest missed occurrence only, once', async () => {
    const clock = new ManualClock('2026-03-02T11:47:00+08:00');
    const late = await env.runner([every10], { work: false, clock, name: 'late' });
    await late.tick();
    await late.tick();
    const again = await env.runner([every10], { work: false, clock, name: 'restarted' });
    await again.tick();
    const runs = await runKeys('test.every-10-min');
    // 10:40 … 11:30 were missed while nobody ran; 11:40 is caught up, once.
    expect(runs.map((r) => r.run_key).slice(4)).toEqual(['2026-03-02T03:40:00.000Z']);
    expect(runs.at(-1)?.scheduled_by).toBe('late');
  });

  it('runs each queued occurrence once, and a redelivery of a finished run does nothing', { timeout: 30_000 }, async () => {
    const boss = await env.boss();
    const worker = await env.runner([every10], { work: true, name: 'worker' });
    const runs = await waitFor('every queued occurrence to finish', async () => {
      const rows = (await env.database.db.execute<{ run_key: string; executions: number; finished_at: Date | null }>(
        sql`select run_key, executions, finished_at from job_runs where job = 'test.every-10-min' order by run_key`,
      )).rows;
      return rows.every((r) => r.finished_at !== null) ? rows : null;
    }, 20_000);
    expect(runs).toHaveLength(5);
    expect(runs.every((r) => r.executions === 1)).toBe(true);
    expect([...handled].sort()).toEqual(runs.map((r) => r.run_key));

    const first = runs[0]!.run_key;
    const redelivered = await boss.send('test.every-10-min', { data: { report: 'daily' }, runKey: first });
    const job = await waitFor('the redelivered job to complete', async () => {
      const [j] = await boss.findJobs('test.every-10-min', { id: redelivered ?? '' });
      return j?.state === 'completed' ? j : null;
    }, 15_000);
    expect(job.output).toEqual({ skipped: 'run already finished' });
    expect(handled.filter((k) => k === first)).toHaveLength(1);
    const [row] = (await env.database.db.execute<{ executions: number }>(sql`select executions from job_runs where job = 'test.every-10-min' and run_key = ${first}`)).rows;
    expect(row?.executions).toBe(1);
    await worker.stop();
  });

  it('forgets occurrences after 30 days', async () => {
    const before = await runKeys('test.every-10-min');
    const clock = new ManualClock('2026-04-01T10:00:00+08:00'); // 30 days after 2026-03-02 10:00 +08:00 …
    await purgeJobRunsJob.handler(env.deps(clock), {}, { jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
    expect(await runKeys('test.every-10-min')).toHaveLength(before.length);
    clock.set('2026-04-02T10:00:00+08:00'); // … and a day later, when they are older than that
    await purgeJobRunsJob.handler(env.deps(clock), {}, { jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
    expect(await runKeys('test.every-10-min')).toEqual([]);
  });
});
