import { describe, expect, it } from 'vitest';
import { colsParam, fromViewConfig, toViewConfig, visibleColumns } from '../../ui/listState.ts';
import { activeFilterCount, COLUMNS, DEFAULT_SORT, FILTER_KEYS, MORE_FILTER_KEYS, toListQuery, type UrlValues } from './customerListState.ts';

/** The saved-view config of a customer list URL, as the list page computes it. */
function viewOf(values: UrlValues) {
  const query = toListQuery(values);
  return toViewConfig(query, FILTER_KEYS, visibleColumns(COLUMNS, values.cols), query.sort, DEFAULT_SORT);
}

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

  it('takes an RFM class the API knows, as the 客户价值分层 page links to it', () => {
    expect(toListQuery({ rfmClass: 'important_value' }).rfmClass).toBe('important_value');
    expect(toListQuery({ rfmClass: 'vip' }).rfmClass).toBeUndefined();
    expect(activeFilterCount({ rfmClass: 'none' }, MORE_FILTER_KEYS)).toBe(1);
  });
});

describe('columns', () => {
  it('default when unset; the name column always shows; order is the list’s own', () => {
    expect(visibleColumns(COLUMNS, undefined)).toEqual([...COLUMNS.defaults]);
    expect(visibleColumns(COLUMNS, 'createdAt,grade,bogus')).toEqual(['name', 'grade', 'createdAt']);
    expect(colsParam(COLUMNS, [...COLUMNS.defaults].reverse())).toBeNull();
    expect(colsParam(COLUMNS, ['grade'])).toBe('name,grade');
  });
});

describe('saved views', () => {
  it('round-trip the filters, columns and sort, and clear filters the view does not set', () => {
    const values = { q: '科技', tagIds: `${TAG_A},${TAG_B}`, tagMatch: 'all', noFollowUpDays: '15', sort: 'name', cols: 'name,grade', size: '50' };
    const config = viewOf(values);
    expect(config).toEqual({ filters: { q: '科技', tagIds: `${TAG_A},${TAG_B}`, tagMatch: 'all', noFollowUpDays: 15 }, columns: ['name', 'grade'], sort: 'name' });
    const patch = fromViewConfig(config, FILTER_KEYS, { sorts: ['name', '-createdAt'], columns: COLUMNS });
    expect(patch).toMatchObject({ q: '科技', noFollowUpDays: '15', stage: null, sort: 'name', cols: 'name,grade' });
    // The page size is the reader's, not the view's: the patch leaves it alone.
    expect(patch).not.toHaveProperty('size');
    const restored = { size: '50', ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v ?? undefined])) };
    expect(viewOf(restored)).toEqual(config);
  });
  it('counts the active filters, e.g. for the "more filters" badge', () => {
    expect(activeFilterCount({ q: 'x', grade: 'A', tagMatch: 'all' })).toBe(2);
    expect(activeFilterCount({ grade: 'A', createdFrom: '2026-01-01', q: 'x' }, ['grade', 'createdFrom'])).toBe(2);
  });
});
