/**
 * The foundation suite (`npm run bench -- foundation`): a large organisation and audit history,
 * then the API's hot reads through Fastify (in-process inject, real PostgreSQL). Prints a
 * markdown table for docs/benchmarks.md. Uses DATABASE_URL when set, otherwise a throwaway
 * embedded PostgreSQL.
 *
 *   BENCH_USERS (10000)  BENCH_AUDIT (1000000)  BENCH_RUNS (30)
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app.ts';
import { bootstrap } from '../src/server/bootstrap.ts';
import { assembleApp } from '../src/server/modules/index.ts';
import { loadConfig } from '../src/server/config.ts';
import { connect, runMigrations } from '../src/server/db/client.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { hashPassword } from '../src/server/platform/access/passwords.ts';
import { systemClock } from '../src/server/platform/clock.ts';

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const AUDIT = Number(process.env.BENCH_AUDIT ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PASSWORD = 'BenchPass2026';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function foundation(): Promise<void> {
  let dataDir: string | null = null;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    dataDir = path.join(os.tmpdir(), `kehu-bench-${process.pid}`);
    const pg = await startEmbeddedPostgres(dataDir, { debug: () => undefined, warn: () => undefined });
    url = pg.url;
    stopEmbedded = () => pg.stop();
  }
  const database = connect(url, { max: 10 });
  const db = database.db;
  try {
    await runMigrations(database.pool);
    // Production's password-hashing cost (the default): the login is one of the timed requests.
    const config = loadConfig({ ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', LOGIN_LIMIT_PER_IP: '1000000' });
    const { appSecret } = await bootstrap(db, config, systemClock, assembleApp());
    await db.execute(sql`update users set must_change_password = false`);

    const t0 = performance.now();
    const hash = await hashPassword(PASSWORD, config.passwordHashCost);
    // 20 regions × 10 teams below one root; users spread evenly, 1 in 10 a manager.
    await db.execute(sql`
      insert into departments (id, name, parent_id)
      select gen_random_uuid(), '销售中心', null where not exists (select 1 from departments where name = '销售中心')`);
    await db.execute(sql`
      insert into departments (id, name, parent_id)
      select gen_random_uuid(), '大区' || r, (select id from departments where name = '销售中心')
      from generate_series(1, 20) r on conflict do nothing`);
    await db.execute(sql`
      insert into departments (id, name, parent_id)
      select gen_random_uuid(), '团队' || r || '-' || t, d.id
      from generate_series(1, 20) r join departments d on d.name = '大区' || r, generate_series(1, 10) t
      on conflict do nothing`);
    await db.execute(sql`
      insert into users (id, username, display_name, email, phone, password_hash, role_id, department_id, created_at)
      select gen_random_uuid(), 'u' || i, (array['张','王','李','赵','刘','陈','杨','黄'])[1 + i % 8] || '同事' || i,
             'u' || i || '@bench.kehu.local', '+86138' || lpad(i::text, 8, '0'), ${hash},
             (select id from roles where key = case when i % 10 = 0 then 'manager' else 'sales' end),
             (select id from departments where name = '团队' || (1 + i % 20) || '-' || (1 + (i / 20) % 10)),
             now() - (i || ' minutes')::interval
      from generate_series(1, ${USERS}) i
      on conflict do nothing`);
    await db.execute(sql`
      insert into audit_log (id, at, actor_id, actor_name, ip, action, entity_type, entity_id, entity_label, changes)
      select gen_random_uuid(), now() - (i || ' seconds')::interval, u.id, u.display_name, '10.0.0.' || (i % 250),
             (array['create','update','delete','login'])[1 + i % 4], (array['user','department','role'])[1 + i % 3],
             u.id::text, u.username, jsonb_build_object('displayName', jsonb_build_array('旧名' || i, '新名' || i))
      from generate_series(1, ${AUDIT}) i
      join users u on u.username = 'u' || (1 + i % ${USERS})`);
    await db.execute(sql`analyze`);
    const genSeconds = (performance.now() - t0) / 1000;

    const app = await buildApp({ db, clock: systemClock, config, appSecret, modules: assembleApp() }, { webDir: null });
    async function login(username: string) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return `kehu_session=${res.cookies.find((c) => c.name === 'kehu_session')?.value}`;
    }
    const admin = await login('admin');
    const manager = await login('u10');
    const someUser = await db.execute<{ id: string }>(sql`select id from users where username = 'u777'`);
    const userId = someUser.rows[0]?.id;

    async function deepCursor(cookie: string, base: string, pages: number): Promise<string> {
      let cursor = '';
      for (let i = 0; i < pages; i++) {
        const res = await app.inject({ method: 'GET', url: `${base}${cursor ? `&cursor=${cursor}` : ''}`, headers: { cookie } });
        cursor = (JSON.parse(res.body) as { nextCursor: string }).nextCursor;
      }
      return cursor;
    }
    const auditDeep = await deepCursor(admin, '/api/v1/audit-log?limit=50', 100);
    const usersDeep = await deepCursor(admin, '/api/v1/users?limit=50&sort=username', 50);

    const cases: { name: string; url: string; cookie: string }[] = [
      { name: 'users: first page, scope all (admin)', url: '/api/v1/users?limit=50', cookie: admin },
      { name: 'users: page 51 by username (keyset)', url: `/api/v1/users?limit=50&sort=username&cursor=${usersDeep}`, cookie: admin },
      { name: 'users: first page, scope department (manager of a team)', url: '/api/v1/users?limit=50', cookie: manager },
      { name: 'users: search "同事77"', url: `/api/v1/users?limit=50&q=${encodeURIComponent('同事77')}`, cookie: admin },
      { name: 'departments: whole tree', url: '/api/v1/departments', cookie: admin },
      { name: 'audit log: newest 50', url: '/api/v1/audit-log?limit=50', cookie: admin },
      { name: 'audit log: page 101 (keyset)', url: `/api/v1/audit-log?limit=50&cursor=${auditDeep}`, cookie: admin },
      { name: 'audit log: one record’s history', url: `/api/v1/audit-log?limit=50&entityId=${userId}`, cookie: admin },
      { name: 'audit log: one actor, action=update', url: `/api/v1/audit-log?limit=50&actorId=${userId}&action=update`, cookie: admin },
      { name: 'audit log: text search "u4242"', url: '/api/v1/audit-log?limit=50&q=u4242', cookie: admin },
    ];
    const rows: string[] = [];
    for (const c of cases) {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 3; i++) {
        const start = performance.now();
        const res = await app.inject({ method: 'GET', url: c.url, headers: { cookie: c.cookie } });
        const ms = performance.now() - start;
        if (res.statusCode !== 200) throw new Error(`${c.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (i >= 3) times.push(ms); // the first runs warm caches and prepared plans
      }
      times.sort((a, b) => a - b);
      rows.push(`| ${c.name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`);
    }
    const loginTimes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      await login(`u${100 + i}`);
      loginTimes.push(performance.now() - start);
    }
    loginTimes.sort((a, b) => a - b);
    rows.push(`| login (scrypt N=2^15) | ${percentile(loginTimes, 50).toFixed(1)} | ${percentile(loginTimes, 95).toFixed(1)} |`);
    await app.close();

    const version = await db.execute<{ v: string }>(sql`select current_setting('server_version') as v`);
    process.stdout.write(
      `\nKehu benchmark — ${USERS.toLocaleString('en')} users in 221 departments, ${AUDIT.toLocaleString('en')} audit entries; ` +
        `PostgreSQL ${version.rows[0]?.v} (${process.env.DATABASE_URL ? 'external' : 'embedded'}), Node ${process.version}, ` +
        `${os.cpus().length} cores; data generated in ${genSeconds.toFixed(0)} s; ${RUNS} timed requests each after 3 warm-ups.\n\n` +
        `| request (through HTTP inject) | p50 ms | p95 ms |\n|---|---:|---:|\n${rows.join('\n')}\n`,
    );
  } finally {
    await database.close();
    if (stopEmbedded) await stopEmbedded();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  }
}
