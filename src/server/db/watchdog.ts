import { spawn } from 'node:child_process';
import type net from 'node:net';
import path from 'node:path';

/**
 * A PostgreSQL that dies with the Kehu that started it (docs/decisions/0007-orphaned-postgres.md).
 *
 * The postmaster does not notice its parent's death, and Node cannot ask the kernel to signal it
 * (prctl PR_SET_PDEATHSIG needs native code). So a tiny shell process waits on a pipe whose only
 * writer is Kehu: the kernel closes it when Kehu ends, however it ends (kill -9, the OOM killer,
 * a crash), and the shell then asks the postmaster for a fast shutdown (SIGINT). It runs in its
 * own session, so a Ctrl-C or a hang-up of the terminal reaches Kehu, which stops in order and
 * disarms the watchdog first.
 *
 * Arguments: $1 the postmaster's pid, $2 its postmaster.pid file, $3 the cluster directory.
 */
const SCRIPT = [
  // Returns at end of input, i.e. when Kehu is gone.
  'read _',
  // A postmaster that stopped cleanly removed its postmaster.pid: nothing to do.
  '[ "$(head -n 1 "$2" 2>/dev/null)" = "$1" ] || exit 0',
  // Where /proc shows it, the pid must still run this cluster (never signal a recycled pid).
  'if [ -r "/proc/$1/cmdline" ]; then tr "\\000" "\\n" < "/proc/$1/cmdline" | grep -qxF -- "$3" || exit 0; fi',
  'kill -INT "$1"',
].join('\n');

/** The name the watchdog shows in `ps` ($0 of its shell). */
export const WATCHDOG_NAME = 'kehu-postgres-watchdog';

export interface Watchdog {
  /** Ends the watchdog without touching PostgreSQL, before Kehu stops PostgreSQL itself. */
  disarm(): void;
}

/** Starts the watchdog of a running postmaster; none on Windows (no POSIX shell or signals). */
export function watchPostmaster(postmasterPid: number, clusterDir: string): Watchdog {
  if (process.platform === 'win32') return { disarm: () => undefined };
  const child = spawn('/bin/sh', ['-c', SCRIPT, WATCHDOG_NAME, String(postmasterPid), path.join(clusterDir, 'postmaster.pid'), clusterDir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  // Without it (no /bin/sh) the next start still finds and stops an orphan (data-dir-lock.ts).
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  // Neither the process nor the open pipe keeps Kehu's event loop alive.
  child.unref();
  (child.stdin as net.Socket | null)?.unref();
  return {
    disarm: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
