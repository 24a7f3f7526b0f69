import { describe, expect, it } from 'vitest';
import { activeFilterCount, colsValue, DEFAULT_COLUMNS, fromViewConfig, toListQuery, toViewConfig, visibleColumns } from './customerListState.ts';

const TAG_A = '0190a1b2-0000-7000-8000-000000000001';
const TAG_B = '0190a1b2-0000-7000-8000-000000000002';

describe('toListQuery', () => {
  it('passes valid values and drops what a hand-edited URL got wrong', () => {
    expect(
      toListQuery({ q: '北京', stage: 'intent', grade: 'Z', industryCode: 'manu', tagIds: `${TAG_A},nope,${TAG_B}`, tagMatch: 'all', createdFrom: '2026-01-01', createdTo: '2026/01/31', noFollowUpDays: '30', sort: 'bogus' }),
    ).toEqual({
      q: '北京',
      kind: undefined,
      stage: 'intent',
      grade: undefined,
      industryCode: undefined,
      region: undefined,
      sourceChannel: undefined,
      tagIds: `${TAG_A},${TAG_B}`,
      tagMatch: 'all',
      ownerId: undefined,
      departmentId: undefined,
      createdFrom: '2026-01-01',
      createdTo: undefined,
      lastFollowUpFrom: undefined,
      lastFollowUpTo: undefined,
      noFollowUpDays: 30,
      sort: '-createdAt',
    });
  });
  it('sends tagMatch only when it can make a difference', () => {
    expect(toListQuery({ tagIds: TAG_A, tagMatch: 'all' }).tagMatch).toBeUndefined();
    expect(toListQuery({ noFollowUpDays: '0' }).noFollowUpDays).toBeUndefined();
  });
});

describe('columns', () => {
  it('default when unset; the name column always shows; order is the list’s own', () => {
    expect(visibleColumns({})).toEqual([...DEFAULT_COLUMNS]);
    expect(visibleColumns({ cols: 'createdAt,grade,bogus' })).toEqual(['name', 'grade', 'createdAt']);
    expect(colsValue([...DEFAULT_COLUMNS].reverse())).toBeNull();
    expect(colsValue(['grade'])).toBe('name,grade');
  });
});

describe('saved views', () => {
  it('round-trip the filters, columns and sort, and clear filters the view does not set', () => {
    const values = { q: '科技', tagIds: `${TAG_A},${TAG_B}`, tagMatch: 'all', noFollowUpDays: '15', sort: 'name', cols: 'name,grade', size: '50' };
    const config = toViewConfig(values);
    expect(config).toEqual({ filters: { q: '科技', tagIds: `${TAG_A},${TAG_B}`, tagMatch: 'all', noFollowUpDays: 15 }, columns: ['name', 'grade'], sort: 'name' });
    const restored = fromViewConfig(config, { stage: 'lost', size: '50' });
    expect(restored).toMatchObject({ q: '科技', noFollowUpDays: '15', stage: null, sort: 'name', cols: 'name,grade', size: '50' });
    expect(toViewConfig(Object.fromEntries(Object.entries(restored).map(([k, v]) => [k, v ?? undefined])))).toEqual(config);
  });
  it('counts the active filters, e.g. for the "more filters" badge', () => {
    expect(activeFilterCount({ q: 'x', grade: 'A', tagMatch: 'all' })).toBe(2);
    expect(activeFilterCount({ grade: 'A', createdFrom: '2026-01-01', q: 'x' }, ['grade', 'createdFrom'])).toBe(2);
  });
});
