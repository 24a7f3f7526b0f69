import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Who holds a DATA_DIR, and whether a PostgreSQL still running on its cluster was left behind by
 * a Kehu that is gone (docs/decisions/0007-orphaned-postgres.md).
 *
 * PostgreSQL's own postmaster.pid says that *a* postmaster runs on the cluster, not whether the
 * Kehu that started it is still alive: after a kill -9 of Kehu (the OOM killer) the postmaster
 * runs on, orphaned, and refused every later start. So Kehu keeps its own lock file beside the
 * cluster with its pid, and — because pids are recycled — the process's start time and the boot
 * it belongs to.
 */

export const LOCK_FILE = 'kehu.lock';

export interface LockRecord {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot); null where there is no /proc. */
  startTicks: string | null;
  /** /proc/sys/kernel/random/boot_id; null where there is none. */
  bootId: string | null;
  /** When the lock was taken, in epoch milliseconds. */
  since: number;
}

/** What a running PostgreSQL's postmaster.pid says: its pid and start time (epoch seconds). */
export interface PostmasterRecord {
  pid: number;
  startedAt: number;
}

export interface ProcessFacts {
  isAlive(pid: number): boolean;
  /** The start time of a live process as LockRecord.startTicks has it; null when unknown. */
  startTicks(pid: number): Promise<string | null>;
  bootId(): Promise<string | null>;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user (e.g. the postgres user).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

export const linuxProcessFacts: ProcessFacts = {
  isAlive,
  async startTicks(pid) {
    const stat = await readOrNull(`/proc/${pid}/stat`);
    // The command name (field 2) is in parentheses and may contain spaces: count after the last ')'.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields?.[19] ?? null;
  },
  async bootId() {
    return (await readOrNull('/proc/sys/kernel/random/boot_id'))?.trim() || null;
  },
};

/** True when the process that wrote `lock` is still running (not merely a process with its pid). */
export async function holderAlive(lock: LockRecord, facts: ProcessFacts): Promise<boolean> {
  const boot = await facts.bootId();
  if (lock.bootId && boot && lock.bootId !== boot) return false;
  if (!facts.isAlive(lock.pid)) return false;
  if (lock.startTicks === null) return true;
  const now = await facts.startTicks(lock.pid);
  return now === null || now === lock.startTicks;
}

export type PostmasterState = 'none' | 'orphan' | 'foreign';

/**
 * Classifies the postmaster named in postmaster.pid, once no live Kehu holds the lock:
 * - `none`: no postmaster runs on the cluster (no file, or its process is gone);
 * - `orphan`: it was started while the Kehu of the stale lock held the directory, so that Kehu
 *   started it and died without stopping it — safe to stop;
 * - `foreign`: anything else (a PostgreSQL started by hand, by a Kehu older than the lock file,
 *   a pid we cannot vouch for): left alone, and the start is refused as before.
 *
 * `servesCluster` is whether the process's command line names this cluster (null when it cannot
 * be read), so that a recycled pid in a stale postmaster.pid is never signalled.
 */
export function classifyPostmaster(input: {
  stale: LockRecord | null;
  postmaster: PostmasterRecord | null;
  alive: boolean;
  servesCluster: boolean | null;
  bootId: string | null;
}): PostmasterState {
  const { stale, postmaster, alive, servesCluster, bootId } = input;
  if (!postmaster || !alive) return 'none';
  if (!stale || servesCluster === false) return 'foreign';
  if (stale.bootId && bootId && stale.bootId !== bootId) return 'foreign';
  // postmaster.pid has whole seconds; the lock has milliseconds.
  return postmaster.startedAt >= Math.floor(stale.since / 1000) ? 'orphan' : 'foreign';
}

/** Lines 1 and 3 of postmaster.pid: the postmaster's pid and its start time in epoch seconds. */
export function parsePostmasterPid(text: string): PostmasterRecord | null {
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const startedAt = Number.parseInt(lines[2] ?? '', 10);
  if (!Number.isFinite(pid) || pid <= 0) return null;
  return { pid, startedAt: Number.isFinite(startedAt) ? startedAt : 0 };
}

export async function readPostmaster(clusterDir: string): Promise<PostmasterRecord | null> {
  const text = await readOrNull(path.join(clusterDir, 'postmaster.pid'));
  return text === null ? null : parsePostmasterPid(text);
}

/** Whether `pid` runs with `clusterDir` on its command line; null when that cannot be read. */
export async function servesCluster(pid: number, clusterDir: string): Promise<boolean | null> {
  const cmdline = await readOrNull(`/proc/${pid}/cmdline`);
  return cmdline === null ? null : cmdline.split('\0').includes(clusterDir);
}

function parseLock(text: string | null): LockRecord | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.pid !== 'number' || typeof value.since !== 'number') return null;
    return { pid: value.pid, startTicks: value.startTicks ?? null, bootId: value.bootId ?? null, since: value.since };
  } catch {
    return null;
  }
}

export interface DataDirLock {
  /** The lock of an earlier Kehu that is no longer running, if it left one. */
  stale: LockRecord | null;
  release(): Promise<void>;
}

export class DataDirLockedError extends Error {
  readonly holder: LockRecord;
  constructor(holder: LockRecord) {
    super(`held by Kehu process ${holder.pid}`);
    this.holder = holder;
  }
}

/**
 * Takes DATA_DIR for this process, or throws DataDirLockedError when a live Kehu holds it.
 * Two Kehus starting at the very same moment could both take it; PostgreSQL's own lock on the
 * cluster still lets only one of them start its server.
 */
export async function takeDataDirLock(dataDir: string, facts: ProcessFacts = linuxProcessFacts): Promise<DataDirLock> {
  const file = path.join(dataDir, LOCK_FILE);
  const previous = parseLock(await readOrNull(file));
  // Our own pid in the lock is an earlier run that had it too (pid 1 in a restarted container).
  if (previous && previous.pid !== process.pid && (await holderAlive(previous, facts))) throw new DataDirLockedError(previous);

  const mine: LockRecord = { pid: process.pid, startTicks: await facts.startTicks(process.pid), bootId: await facts.bootId(), since: Date.now() };
  const tmp = `${file}.${process.pid}`;
  await fs.writeFile(tmp, JSON.stringify(mine) + '\n', { mode: 0o644 });
  await fs.rename(tmp, file);
  return {
    stale: previous,
    async release() {
      // Only our own lock: a later Kehu may have taken the directory after we were declared dead.
      const now = parseLock(await readOrNull(file));
      if (now?.pid === mine.pid && now.since === mine.since) await fs.rm(file, { force: true });
    },
  };
}
