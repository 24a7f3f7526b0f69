import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  classifyPostmaster,
  DataDirLockedError,
  holderAlive,
  LOCK_FILE,
  parsePostmasterPid,
  takeDataDirLock,
  type LockRecord,
  type ProcessFacts,
} from './data-dir-lock.ts';

const BOOT = 'boot-1';

/** A machine whose live processes and their start times are listed. */
function machine(live: Record<number, string>, boot = BOOT): ProcessFacts {
  return {
    isAlive: (pid) => pid in live,
    startTicks: async (pid) => live[pid] ?? null,
    bootId: async () => boot,
  };
}

const lock = (over: Partial<LockRecord> = {}): LockRecord => ({ pid: 500, startTicks: '1000', bootId: BOOT, since: 1_700_000_000_000, ...over });

describe('holderAlive', () => {
  it('is true only for the very process that took the lock', async () => {
    expect(await holderAlive(lock(), machine({ 500: '1000' }))).toBe(true);
    expect(await holderAlive(lock(), machine({}))).toBe(false);
    // The pid was recycled by a process that started later.
    expect(await holderAlive(lock(), machine({ 500: '2000' }))).toBe(false);
    // A lock from before a reboot is never alive, whatever runs under its pid now.
    expect(await holderAlive(lock(), machine({ 500: '1000' }, 'boot-2'))).toBe(false);
  });

  it('trusts the pid alone where the start time is not known', async () => {
    expect(await holderAlive(lock({ startTicks: null, bootId: null }), machine({ 500: '1' }))).toBe(true);
  });
});

describe('classifyPostmaster', () => {
  const since = lock().since;
  const base = { stale: lock(), postmaster: { pid: 900, startedAt: since / 1000 + 2 }, alive: true, servesCluster: true, bootId: BOOT };

  it('calls a postmaster started while the dead Kehu held the directory its orphan', () => {
    expect(classifyPostmaster(base)).toBe('orphan');
    // Same second as the lock (postmaster.pid has whole seconds).
    expect(classifyPostmaster({ ...base, postmaster: { pid: 900, startedAt: Math.floor((since + 900) / 1000) } })).toBe('orphan');
    // Where /proc cannot tell, the lock and the start time decide.
    expect(classifyPostmaster({ ...base, servesCluster: null })).toBe('orphan');
  });

  it('finds nothing to stop when no postmaster runs', () => {
    expect(classifyPostmaster({ ...base, postmaster: null })).toBe('none');
    expect(classifyPostmaster({ ...base, alive: false })).toBe('none');
  });

  it('leaves alone a server Kehu cannot vouch for', () => {
    // No lock: started by hand, or by a Kehu older than the lock file.
    expect(classifyPostmaster({ ...base, stale: null })).toBe('foreign');
    // Started before the dead Kehu took the directory.
    expect(classifyPostmaster({ ...base, postmaster: { pid: 900, startedAt: since / 1000 - 60 } })).toBe('foreign');
    // The pid in postmaster.pid now runs something else.
    expect(classifyPostmaster({ ...base, servesCluster: false })).toBe('foreign');
    // The lock is from another boot.
    expect(classifyPostmaster({ ...base, bootId: 'boot-2' })).toBe('foreign');
  });
});

describe('parsePostmasterPid', () => {
  it('reads the pid and the start time', () => {
    expect(parsePostmasterPid('12312\n/tmp/d/pg\n1796528328\n38223\n\n127.0.0.1\n  1234  5\nready   \n')).toEqual({ pid: 12312, startedAt: 1796528328 });
    expect(parsePostmasterPid('')).toBeNull();
  });
});

describe('takeDataDirLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (record: LockRecord) => fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(record));

  it('takes a free directory, records this process, and removes the lock on release', async () => {
    const taken = await takeDataDirLock(dir, machine({ [process.pid]: '42' }));
    expect(taken.stale).toBeNull();
    const record = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as LockRecord;
    expect(record).toMatchObject({ pid: process.pid, startTicks: '42', bootId: BOOT });
    await taken.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses while the holder lives', async () => {
    write(lock());
    await expect(takeDataDirLock(dir, machine({ 500: '1000', [process.pid]: '42' }))).rejects.toBeInstanceOf(DataDirLockedError);
  });

  it('takes over from a dead holder and hands back its lock', async () => {
    write(lock());
    const taken = await takeDataDirLock(dir, machine({ 500: '9999', [process.pid]: '42' }));
    expect(taken.stale).toEqual(lock());
  });

  it('on release leaves the lock of a Kehu that took over', async () => {
    const taken = await takeDataDirLock(dir, machine({ [process.pid]: '42' }));
    write(lock({ pid: 777 }));
    await taken.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  });
});
