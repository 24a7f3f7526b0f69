import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_PASSWORD_HASH_COST } from './password-cost.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The Node the project runs on (the `node` npm package), not whatever is first on PATH. */
export const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

export interface NodeProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /**
   * Resolves when the output matches; rejects when the process exits first, showing the output.
   * Without `timeoutMs` it waits for one of those events however long a loaded machine takes (the
   * test's own timeout is the limit; `reportOutputOnFailure` then shows what every process printed).
   */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal name); without `timeoutMs`, whenever it exits. */
  waitForExit(timeoutMs?: number): Promise<number | string>;
}

const started = new Set<ChildProcess>();
/** Every process of this test file, for reportOutputOnFailure. */
const spawned: { args: string[]; pid: number | undefined; output: () => string }[] = [];

/**
 * Runs `node <args>` in the repository root with `env` added to a minimal environment (so the
 * developer's own DATABASE_URL, PORT… never leak in) and the tests' low password-hashing cost.
 * Every process is remembered for killAll().
 */
export function spawnNode(args: string[], env: Record<string, string>): NodeProcess {
  const child = spawn(NODE, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  spawned.push({ args, pid: child.pid, output: () => out });
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      started.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    child,
    output: () => out,
    waitForOutput: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out)) {
            cleanup();
            resolve();
          }
        };
        const timer =
          timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                cleanup();
                reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} in:\n${out}`));
              }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((code) => {
          if (!pattern.test(out)) {
            cleanup();
            reject(new Error(`process exited (${code}) before printing ${pattern}:\n${out}`));
          }
        });
        check();
      }),
    waitForExit: (timeoutMs) =>
      timeoutMs === undefined
        ? exited
        : Promise.race([
            exited,
            new Promise<never>((_, reject) => {
              const timer = setTimeout(() => reject(new Error(`process ${child.pid} did not exit within ${timeoutMs} ms:\n${out}`)), timeoutMs);
              void exited.finally(() => clearTimeout(timer));
            }),
          ]),
  };
}

/**
 * Ends every process spawnNode started that is still running, for afterAll: SIGTERM first, so a
 * server can stop the PostgreSQL it started, then SIGKILL after `graceMs`.
 */
export async function killAll(graceMs = 10_000): Promise<void> {
  const waits = [...started].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(waits);
}

/** Polls `check` until it returns a truthy value; rejects with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** main.ts builds the web UI on first start when dist/web is missing; do it once, up front. */
export async function buildWebOnce(): Promise<void> {
  if (fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) return;
  const build = spawnNode(['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], {});
  // A failing build (the UI is work in progress) is tolerated, as main.ts tolerates it.
  await build.waitForExit(120_000).catch(() => undefined);
}

/**
 * Waits for the server's "Kehu is running at" line (printed once it listens) and checks that
 * GET /readyz answers 200; fails at once, with its output, if it exits first. No deadline of its
 * own: a first start runs initdb, which on a loaded machine takes any time (the test's timeout
 * is the limit).
 */
export async function waitReady(port: number, server: NodeProcess): Promise<void> {
  await server.waitForOutput(/Kehu is running at /);
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  if (res.status !== 200) throw new Error(`GET /readyz on port ${port}: ${res.status} ${await res.text()}\n${server.output()}`);
}

/**
 * For a test of processes: when it fails, prints what every process this file started printed
 * (a test timeout says nothing about why a server did not come up). Call it in beforeEach.
 */
export function reportOutputOnFailure(onTestFailed: (fn: () => void) => void): void {
  const from = spawned.length;
  onTestFailed(() => {
    for (const p of spawned.slice(from)) console.error(`--- node ${p.args.join(' ')} (pid ${p.pid}) printed:\n${p.output()}`);
  });
}

/** The postmaster's pid from a cluster's postmaster.pid. */
export function postmasterPidOf(pidFile: string): number {
  return Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
}

/**
 * After a process test: stops every server it started and, should a test have failed half-way
 * (or killed a server hard on purpose), the PostgreSQL left running on its cluster, then removes
 * its DATA_DIR.
 */
export async function cleanUpServers(dataDir: string, pidFile: string): Promise<void> {
  await killAll();
  if (fs.existsSync(pidFile)) {
    try {
      process.kill(postmasterPidOf(pidFile), 'SIGQUIT');
    } catch {
      // already gone
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
