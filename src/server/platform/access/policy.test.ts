import { describe, expect, it } from 'vitest';
import type { DataScope } from '../../../contracts/access.ts';
import type { Actor } from './actor.ts';
import { can } from './actor.ts';
import { canGrant, departmentInScope, ownerDepartmentInScope, requirePermission, requireSensitiveWrite, withoutSensitive, type GrantableRole } from './policy.ts';
import { AppError } from '../errors.ts';

function actor(over: Partial<Actor> = {}): Actor {
  return {
    userId: 'u1',
    username: 'u1',
    displayName: 'U1',
    roleId: 'r1',
    roleKey: null,
    permissions: new Set<string>(),
    dataScope: 'own',
    canViewSensitive: false,
    departmentId: null,
    departmentIds: [],
    mustChangePassword: false,
    via: 'session',
    sessionId: 's1',
    tokenId: null,
    ...over,
  };
}

const role = (over: Partial<GrantableRole> = {}): GrantableRole => ({ key: null, permissions: [], dataScope: 'own', canViewSensitive: false, ...over });

describe('canGrant', () => {
  const hr = actor({ permissions: new Set(['user:read', 'user:create', 'role:read']), dataScope: 'department', canViewSensitive: false });

  it('lets an admin grant anything, including the admin role', () => {
    const admin = actor({ roleKey: 'admin' });
    expect(canGrant(admin, role({ key: 'admin', permissions: ['audit:export'], dataScope: 'all', canViewSensitive: true }))).toBe(true);
  });

  it('never lets a non-admin grant the admin role, even one with every right', () => {
    const strong = actor({ permissions: new Set(['user:read']), dataScope: 'all', canViewSensitive: true });
    expect(canGrant(strong, role({ key: 'admin', permissions: [] }))).toBe(false);
  });

  it('allows a subset of the caller’s permissions, an equal or narrower scope', () => {
    expect(canGrant(hr, role())).toBe(true);
    expect(canGrant(hr, role({ permissions: ['user:read', 'user:create', 'role:read'], dataScope: 'department' }))).toBe(true);
    expect(canGrant(hr, role({ permissions: ['user:read'], dataScope: 'own' }))).toBe(true);
    expect(canGrant(hr, role({ key: 'sales', permissions: [], dataScope: 'own' }))).toBe(true);
  });

  it('refuses one permission the caller lacks', () => {
    expect(canGrant(hr, role({ permissions: ['user:read', 'user:delete'] }))).toBe(false);
  });

  it('refuses a wider data scope', () => {
    const scopes: [DataScope, DataScope, boolean][] = [
      ['own', 'own', true],
      ['own', 'department', false],
      ['own', 'all', false],
      ['department', 'own', true],
      ['department', 'department', true],
      ['department', 'all', false],
      ['all', 'own', true],
      ['all', 'department', true],
      ['all', 'all', true],
    ];
    for (const [mine, theirs, ok] of scopes) {
      expect(canGrant(actor({ dataScope: mine }), role({ dataScope: theirs })), `${mine} → ${theirs}`).toBe(ok);
    }
  });

  it('refuses the sensitive-field right to a caller without it, allows it to one with it', () => {
    expect(canGrant(hr, role({ canViewSensitive: true }))).toBe(false);
    expect(canGrant(actor({ canViewSensitive: true }), role({ canViewSensitive: true }))).toBe(true);
  });
});

describe('departmentInScope', () => {
  it('scope all: any department and none', () => {
    const a = actor({ dataScope: 'all', departmentId: 'd1', departmentIds: ['d1'] });
    expect(departmentInScope(a, 'elsewhere')).toBe(true);
    expect(departmentInScope(a, null)).toBe(true);
  });

  it('scope department: the subtree only, never "no department"', () => {
    const a = actor({ dataScope: 'department', departmentId: 'sales', departmentIds: ['sales', 'east'] });
    expect(departmentInScope(a, 'sales')).toBe(true);
    expect(departmentInScope(a, 'east')).toBe(true);
    expect(departmentInScope(a, 'marketing')).toBe(false);
    expect(departmentInScope(a, null)).toBe(false);
  });

  it('scope department without a department: nothing', () => {
    const a = actor({ dataScope: 'department' });
    expect(departmentInScope(a, 'sales')).toBe(false);
    expect(departmentInScope(a, null)).toBe(false);
  });

  it('scope own: the own department only, not its sub-departments', () => {
    const a = actor({ dataScope: 'own', departmentId: 'sales', departmentIds: ['sales'] });
    expect(departmentInScope(a, 'sales')).toBe(true);
    expect(departmentInScope(a, 'east')).toBe(false);
    expect(departmentInScope(a, null)).toBe(false);
    expect(departmentInScope(actor({ dataScope: 'own' }), null)).toBe(false);
  });
});

describe('ownerDepartmentInScope (what scopeWhere selects, for one row)', () => {
  const own = { ownerId: 'u1', departmentId: 'marketing' };
  const team = { ownerId: 'u2', departmentId: 'east' };
  const unassigned = { ownerId: null, departmentId: 'sales' };
  const nowhere = { ownerId: null, departmentId: null };

  it('scope all: every row', () => {
    const a = actor({ dataScope: 'all' });
    expect([own, team, unassigned, nowhere].map((r) => ownerDepartmentInScope(a, r))).toEqual([true, true, true, true]);
  });

  it('scope department: one’s own rows and the rows of the subtree, not rows without a department', () => {
    const a = actor({ dataScope: 'department', departmentId: 'sales', departmentIds: ['sales', 'east'] });
    expect([own, team, unassigned, nowhere].map((r) => ownerDepartmentInScope(a, r))).toEqual([true, true, true, false]);
    // Without a department: only one's own rows, as scopeWhere falls back to `own`.
    expect([own, team, unassigned].map((r) => ownerDepartmentInScope(actor({ dataScope: 'department' }), r))).toEqual([true, false, false]);
  });

  it('scope own: one’s own rows only, whatever the department', () => {
    const a = actor({ dataScope: 'own', departmentId: 'sales', departmentIds: ['sales'] });
    expect([own, team, unassigned, nowhere].map((r) => ownerDepartmentInScope(a, r))).toEqual([true, false, false, false]);
  });
});

describe('requirePermission and can', () => {
  it('passes with the permission, throws FORBIDDEN without; admins pass always', () => {
    const a = actor({ permissions: new Set(['user:read']) });
    expect(() => requirePermission(a, 'user', 'read')).not.toThrow();
    expect(() => requirePermission(a, 'user', 'update')).toThrow(AppError);
    try {
      requirePermission(a, 'role', 'read');
    } catch (err) {
      expect((err as AppError).code).toBe('FORBIDDEN');
      expect((err as AppError).status).toBe(403);
    }
    expect(can(actor({ roleKey: 'admin' }), 'audit', 'export')).toBe(true);
  });
});

describe('withoutSensitive', () => {
  it('removes the fields for a role without the right and keeps the original intact', () => {
    const record = { id: '1', phone: '13800000000' };
    const out = withoutSensitive(actor(), record, ['phone']);
    expect(out).toEqual({ id: '1' });
    expect('phone' in out).toBe(false);
    expect(record.phone).toBe('13800000000');
  });

  it('keeps them for a role with the right', () => {
    expect(withoutSensitive(actor({ canViewSensitive: true }), { id: '1', phone: '138' }, ['phone'])).toEqual({ id: '1', phone: '138' });
  });
});

describe('requireSensitiveWrite', () => {
  const fields = ['budgetNotes', 'decisionNotes'] as const;
  it('refuses a sent field (null too: it clears the value) without the right, naming each', () => {
    const input = { name: 'x', budgetNotes: null as string | null, decisionNotes: 'y' as string | undefined };
    try {
      requireSensitiveWrite(actor(), input, [...fields], (f) => `take.${f}`);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('FORBIDDEN');
      expect((e as AppError).details.map((d) => d.path)).toEqual(['take.budgetNotes', 'take.decisionNotes']);
    }
  });
  it('lets through fields not sent, and anything from a role with the right', () => {
    expect(() => requireSensitiveWrite(actor(), { name: 'x', budgetNotes: undefined }, ['budgetNotes'])).not.toThrow();
    expect(() => requireSensitiveWrite(actor({ canViewSensitive: true }), { budgetNotes: 'x' }, ['budgetNotes'])).not.toThrow();
  });
});
