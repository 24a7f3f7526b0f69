import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/server/db/data-dir-lock.ts';
import { freePort } from '../../src/server/db/embedded.ts';
import { WATCHDOG_NAME } from '../../src/server/db/watchdog.ts';
import { ADMIN_PASSWORD } from '../helpers/harness.ts';
import { buildWebOnce, cleanUpServers, killAll, postmasterPidOf, reportOutputOnFailure, spawnNode, waitFor, waitReady, type NodeProcess } from '../helpers/processes.ts';

/**
 * The real server killed as the OOM killer kills it (SIGKILL to the Node process only), then
 * started again on the same DATA_DIR; a second server refused on a DATA_DIR in use; a clean stop;
 * and, as root, started where the postgres user cannot go. The tests wait for what the processes
 * do (a line printed, an exit), never for a fixed time: a start (loading the app, initdb) takes
 * any time on a loaded machine. Each test's timeout only catches a hang, and then every process's
 * output is printed.
 */

const MAIN = 'src/server/main.ts';

beforeAll(buildWebOnce, 130_000);
afterAll(async () => killAll());
beforeEach(({ onTestFailed }) => reportOutputOnFailure(onTestFailed));

/** Running, as opposed to gone or a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The watchdog process guarding the postmaster of `clusterDir`, found through /proc. */
function watchdogOf(clusterDir: string): number | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(WATCHDOG_NAME) && args.includes(clusterDir)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

describe.runIf(process.platform === 'linux')('a Kehu killed with SIGKILL', () => {
  // Made with mode 0755 under os.tmpdir(): as root, PostgreSQL runs as the `postgres` user.
  const dataDir = path.join(os.tmpdir(), `kehu-restart-test-${process.pid}-${Date.now()}`);
  const clusterDir = path.join(dataDir, 'pg');
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const postmasterPid = () => postmasterPidOf(pidFile);
  const env = { DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_PASSWORD };
  let server: NodeProcess;

  let port = 0;
  async function start(): Promise<NodeProcess> {
    port = await freePort();
    const p = spawnNode([MAIN], { ...env, PORT: String(port) });
    await waitReady(port, p);
    return p;
  }

  async function kill9(p: NodeProcess): Promise<void> {
    p.child.kill('SIGKILL');
    expect(await p.waitForExit()).toBe('SIGKILL');
  }

  afterAll(async () => cleanUpServers(dataDir, pidFile));

  it('is refused a second time while alive; killed, its PostgreSQL stops with it and the next start comes up', { timeout: 300_000 }, async () => {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    // The first start creates the cluster (initdb), which takes a while.
    const first = await start();
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: first.child.pid });

    const second = spawnNode([MAIN], { ...env, PORT: String(await freePort()) });
    expect(await second.waitForExit()).toBe(3);
    expect(second.output()).toMatch(/already in use/);
    expect(second.output()).toContain(dataDir);
    expect(second.output()).not.toMatch(/^\s+at /m);
    // The refused server did not disturb the first.
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const pid = postmasterPid();
    await kill9(first);
    // The watchdog asks the orphan for a fast shutdown; it removes postmaster.pid as it ends.
    await waitFor('the orphaned PostgreSQL to stop', async () => !running(pid) && !fs.existsSync(pidFile), 120_000, 50);
    expect(watchdogOf(clusterDir)).toBeNull();

    server = await start();
    expect(server.output()).not.toMatch(/left running/);
  });

  it('stops at the next start the PostgreSQL it left when its watchdog was killed too', { timeout: 240_000 }, async () => {
    const pid = postmasterPid();
    const watchdog = watchdogOf(clusterDir);
    expect(watchdog).not.toBeNull();
    process.kill(watchdog!, 'SIGKILL');
    await kill9(server);
    expect(running(pid)).toBe(true);

    server = await start();
    expect(server.output()).toContain(`stopping the PostgreSQL (pid ${pid}) left running`);
    expect(running(pid)).toBe(false);
    expect(postmasterPid()).not.toBe(pid);

    // A clean stop takes PostgreSQL, the watchdog and the lock with it.
    const current = postmasterPid();
    server.child.kill('SIGTERM');
    expect(await server.waitForExit(), server.output()).toBe(0);
    expect(running(current)).toBe(false);
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    expect(watchdogOf(clusterDir)).toBeNull();
  });
});

describe('started as root where the postgres user cannot go', () => {
  it.runIf(process.getuid?.() === 0)('stops with one message naming the ways out, before creating anything', { timeout: 120_000 }, async () => {
    // Like a checkout in /root: a 0700 directory owned by root.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-home-'));
    try {
      expect(fs.statSync(home).mode & 0o777).toBe(0o700);
      const dataDir = path.join(home, 'data');
      const p = spawnNode([MAIN], { DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_PASSWORD, PORT: String(await freePort()) });
      expect(await p.waitForExit()).toBe(3);
      expect(p.output()).toContain(`"postgres", which cannot enter ${home} (mode 0700, owner uid 0)`);
      expect(p.output()).toMatch(/run Kehu as a normal user/);
      expect(p.output()).toMatch(/set DATA_DIR/);
      expect(p.output()).not.toMatch(/^\s+at /m);
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
