import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, runMigrations } from '../../src/server/db/client.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/server/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection URL of a maintenance database on the test server (to create databases). */
    pgAdminUrl: string;
    /** A migrated database every test file clones its own database from. */
    pgTemplate: string;
    /** Prefix of the databases of this run (dropped at the end even if a file forgot). */
    pgRunPrefix: string;
  }
}

const quiet = { debug: () => undefined, warn: (m: string) => console.warn(m) };

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Starts one PostgreSQL for the whole run (embedded by default, or the server in DATABASE_URL)
 * and migrates a template database once. Each test file then clones the template into a
 * database of its own (test/helpers/harness.ts), so files never share state.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | null = null;
  let dataDir: string | null = null;
  let baseUrl = process.env.DATABASE_URL;
  if (process.env.KEHU_TEST_DB === 'external' && !baseUrl) {
    throw new Error('npm run test:pg needs DATABASE_URL (postgres://user:pass@host:port/db of a PostgreSQL 15+ with CREATEDB)');
  }
  if (!baseUrl) {
    dataDir = path.join(os.tmpdir(), `kehu-test-${process.pid}-${Date.now()}`);
    embedded = await startEmbeddedPostgres(dataDir, quiet);
    baseUrl = embedded.url;
  }
  const adminUrl = withDatabase(baseUrl, 'postgres');
  const runId = `${process.pid}_${Date.now()}`;
  const template = `kehu_tpl_${runId}`;
  const prefix = `kehu_t_${runId}_`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  await admin.end();

  const tpl = connect(withDatabase(baseUrl, template), { max: 1 });
  await runMigrations(tpl.pool);
  await tpl.close();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('pgRunPrefix', prefix);

  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const leftovers = await c.query<{ datname: string }>(
      `select datname from pg_database where datname = $1 or datname like $2`,
      [template, `${prefix}%`],
    );
    for (const { datname } of leftovers.rows) await c.query(`drop database if exists ${datname} with (force)`);
    await c.end();
    if (embedded) await embedded.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  };
}
