import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { inject } from 'vitest';
import type { BuiltinRoleKey } from '../../src/contracts/access.ts';
import { buildApp, type AppOptions } from '../../src/server/app.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { connect, type Database } from '../../src/server/db/client.ts';
import { departments, roles, users } from '../../src/server/db/schema/index.ts';
import { hashPassword } from '../../src/server/platform/access/passwords.ts';
import { ManualClock } from '../../src/server/platform/clock.ts';
import type { Deps } from '../../src/server/platform/deps.ts';
import type { ModuleManifest } from '../../src/server/platform/modules/manifest.ts';
import { assembleApp } from '../../src/server/modules/index.ts';
import { LocalFileStorage } from '../../src/server/platform/storage/local.ts';
import { TEST_PASSWORD_HASH_COST } from './password-cost.ts';

export const ADMIN_PASSWORD = 'AdminPass2026';
/** Password given to users made by the factories (they do not have to change it). */
export const USER_PASSWORD = 'UserPass2026';

let counter = 0;

/** A fresh database cloned from the migrated template; dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${inject('pgRunPrefix')}${process.pid}_${++counter}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface Response {
  status: number;
  body: any;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** An HTTP client bound to one session cookie (or a Bearer token), like one browser tab. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  language = 'en';
  private readonly app: FastifyInstance;
  constructor(app: FastifyInstance) {
    this.app = app;
  }

  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { 'accept-language': this.language, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    const res = await this.app.inject({ method, url, headers: h, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const setCookie = res.cookies.find((c) => c.name === 'kehu_session');
    if (setCookie) this.cookie = setCookie.value ? `kehu_session=${setCookie.value}` : null;
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : null;
    } catch {
      body = res.body;
    }
    return { status: res.statusCode, body, headers: res.headers, raw: res };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload: unknown = {}, headers?: Record<string, string>) {
    return this.request('POST', url, payload, headers);
  }
  put(url: string, payload: unknown, headers?: Record<string, string>) {
    return this.request('PUT', url, payload, headers);
  }
  patch(url: string, payload: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', url, payload, headers);
  }
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers);
  }

  async login(username: string, password: string): Promise<Response> {
    const res = await this.post('/api/v1/auth/login', { username, password });
    if (res.status === 200) this.csrf = res.body.csrfToken;
    return res;
  }
}

export interface Harness {
  app: FastifyInstance;
  deps: Deps;
  database: Database;
  clock: ManualClock;
  config: Config;
  /** Uploaded files, in a temporary folder of this harness (removed by `close()`). */
  storage: LocalFileStorage;
  /** Role ids by built-in key. */
  roleIds: Record<BuiltinRoleKey, string>;
  client(): Client;
  /** A client logged in as the admin (whose first-login password change is already done). */
  admin(): Promise<Client>;
  /** Creates a user directly in the database (no audit entry) and returns a logged-in client. */
  createUser(opts: { role: string; departmentId?: string | null; username?: string; phone?: string }): Promise<{ id: string; username: string; client: Client }>;
  createDepartment(name: string, parentId?: string | null): Promise<string>;
  close(): Promise<void>;
}

/**
 * One app on one fresh database per test file, with a manual clock (and `appOptions`). Everything goes through
 * HTTP (`inject`) against real PostgreSQL; nothing of ours is mocked.
 */
export async function createHarness(
  env: Record<string, string> = {},
  { extraModules = [], ...appOptions }: Pick<AppOptions, 'streamHeartbeatMs' | 'webDir'> & { extraModules?: readonly ModuleManifest[] } = {},
): Promise<Harness> {
  const testDb = await createTestDatabase();
  const database = connect(testDb.url, { max: 5 });
  const clock = new ManualClock(new Date());
  // Every test logs in from 127.0.0.1 on a stopped clock: the per-address throttle would trip; its own tests lower it again.
  const config = loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'silent', LOGIN_LIMIT_PER_IP: '1000000', PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST, RESPONSE_CHECK: 'on', ...env });
  const modules = assembleApp(extraModules);
  const { appSecret } = await bootstrap(database.db, config, clock, modules);
  await database.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, 'admin'));
  const storage = new LocalFileStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-test-files-')));
  const deps: Deps = { db: database.db, clock, config, appSecret, modules, storage };
  // With the database URL the app listens for live notifications, as in production.
  const app = await buildApp(deps, { webDir: null, logger: process.env.KEHU_TEST_LOG ? { level: process.env.KEHU_TEST_LOG } : false, databaseUrl: testDb.url, ...appOptions });
  await app.ready();
  const roleRows = await database.db.select({ id: roles.id, key: roles.key }).from(roles);
  const roleIds = Object.fromEntries(roleRows.filter((r) => r.key).map((r) => [r.key, r.id])) as Record<BuiltinRoleKey, string>;
  const userHash = await hashPassword(USER_PASSWORD, config.passwordHashCost);
  let n = 0;

  const harness: Harness = {
    app,
    deps,
    database,
    clock,
    config,
    storage,
    roleIds,
    client: () => new Client(app),
    admin: async () => {
      const c = new Client(app);
      const res = await c.login('admin', ADMIN_PASSWORD);
      if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return c;
    },
    createUser: async ({ role, departmentId = null, username, phone }) => {
      const name = username ?? `${role}${++n}`;
      const roleId = (roleIds as Record<string, string>)[role] ?? role;
      const [row] = await database.db
        .insert(users)
        .values({ username: name, displayName: `${name} 用户`, email: `${name}@example.com`, phone: phone ?? null, passwordHash: userHash, roleId, departmentId })
        .returning({ id: users.id });
      if (!row) throw new Error('user insert failed');
      const client = new Client(app);
      const res = await client.login(name, USER_PASSWORD);
      if (res.status !== 200) throw new Error(`login of ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: row.id, username: name, client };
    },
    createDepartment: async (name, parentId = null) => {
      const [row] = await database.db.insert(departments).values({ name, parentId }).returning({ id: departments.id });
      if (!row) throw new Error('department insert failed');
      return row.id;
    },
    close: async () => {
      await app.close();
      await database.close();
      await testDb.drop();
      await fs.promises.rm(storage.root, { recursive: true, force: true });
    },
  };
  return harness;
}
