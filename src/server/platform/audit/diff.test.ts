import { describe, expect, it } from 'vitest';
import { diffRecords, MASK } from './diff.ts';

describe('diffRecords', () => {
  it('records every non-null field of a create as [null, value], keys sorted', () => {
    const changes = diffRecords(null, { name: '华东大区', parentId: 'p1', managerId: null, sortOrder: 0 });
    expect(changes).toEqual({ name: [null, '华东大区'], parentId: [null, 'p1'], sortOrder: [null, 0] });
    expect(Object.keys(changes)).toEqual(['name', 'parentId', 'sortOrder']);
  });

  it('records only the fields that changed in an update', () => {
    const before = { name: '销售部', parentId: null, sortOrder: 1, tags: ['a', 'b'] };
    const after = { name: '销售一部', parentId: null, sortOrder: 2, tags: ['a', 'b'] };
    expect(diffRecords(before, after)).toEqual({ name: ['销售部', '销售一部'], sortOrder: [1, 2] });
  });

  it('compares arrays and objects by value', () => {
    expect(diffRecords({ permissions: ['user:read'] }, { permissions: ['user:read'] })).toEqual({});
    expect(diffRecords({ permissions: ['user:read'] }, { permissions: ['user:read', 'user:create'] })).toEqual({
      permissions: [['user:read'], ['user:read', 'user:create']],
    });
    expect(diffRecords({ meta: { a: 1 } }, { meta: { a: 2 } })).toEqual({ meta: [{ a: 1 }, { a: 2 }] });
  });

  it('records every non-null field of a delete as [value, null]', () => {
    expect(diffRecords({ username: 'lisi', email: null, status: 'active' }, null)).toEqual({ username: ['lisi', null], status: ['active', null] });
  });

  it('ignores bookkeeping columns and the password hash', () => {
    const before = { id: 'a', createdAt: new Date(1), updatedAt: new Date(1), createdBy: 'x', version: 1, passwordHash: 'h1', name: 'a' };
    const after = { id: 'b', createdAt: new Date(2), updatedAt: new Date(2), createdBy: 'y', version: 2, passwordHash: 'h2', name: 'a' };
    expect(diffRecords(before, after)).toEqual({});
    expect(diffRecords(null, after)).toEqual({ name: [null, 'a'] });
  });

  it('normalises dates to ISO strings and equal instants to no change', () => {
    const iso = '2026-01-05T01:00:00.000Z';
    expect(diffRecords({ lastLoginAt: new Date(iso) }, { lastLoginAt: new Date(iso) })).toEqual({});
    expect(diffRecords({ lastLoginAt: new Date(iso) }, { lastLoginAt: iso })).toEqual({});
    expect(diffRecords({ lastLoginAt: null }, { lastLoginAt: new Date(iso) })).toEqual({ lastLoginAt: [null, iso] });
  });

  it('treats undefined and missing as null', () => {
    expect(diffRecords({ email: undefined }, { email: null })).toEqual({});
    expect(diffRecords({}, { email: 'a@example.com' })).toEqual({ email: [null, 'a@example.com'] });
    expect(diffRecords({ email: 'a@example.com' }, {})).toEqual({ email: ['a@example.com', null] });
  });

  it('masks sensitive values but keeps whether they were set', () => {
    expect(diffRecords({ phone: '13800000000', name: 'a' }, { phone: '13900000000', name: 'b' }, ['phone'])).toEqual({
      phone: [MASK, MASK],
      name: ['a', 'b'],
    });
    expect(MASK).toBe('***');
    expect(diffRecords(null, { phone: '13800000000' }, ['phone'])).toEqual({ phone: [null, '***'] });
    expect(diffRecords({ phone: '13800000000' }, { phone: null }, ['phone'])).toEqual({ phone: ['***', null] });
    expect(diffRecords({ phone: '13800000000' }, null, ['phone'])).toEqual({ phone: ['***', null] });
  });

  it('does not report an unchanged sensitive value', () => {
    expect(diffRecords({ phone: '13800000000' }, { phone: '13800000000' }, ['phone'])).toEqual({});
  });

  it('never lets a sensitive value appear anywhere in the result', () => {
    const out = JSON.stringify(diffRecords({ phone: '13800000000' }, { phone: '13912345678' }, ['phone']));
    expect(out).not.toMatch(/138|139/);
  });
});
