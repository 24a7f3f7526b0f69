import { describe, expect, it } from 'vitest';
import {
  clearedSearch,
  colsParam,
  countActiveFilters,
  fromViewConfig,
  hasActiveFilter,
  sizeParam,
  sortOfTable,
  sortParam,
  toViewConfig,
  toggleColumn,
  visibleColumns,
  type ColumnSpec,
} from './listState.ts';

const SORTS = ['name', '-name', 'createdAt', '-createdAt'] as const;
const COLUMNS: ColumnSpec<'number' | 'name' | 'stage' | 'tags' | 'createdAt'> = {
  keys: ['number', 'name', 'stage', 'tags', 'createdAt'],
  defaults: ['number', 'name', 'tags'],
  required: ['name'],
};

describe('sort and page size in the URL', () => {
  it('leaves the default out of the URL', () => {
    expect(sortParam('-createdAt', '-createdAt')).toBeNull();
    expect(sortParam(undefined, '-createdAt')).toBeNull();
    expect(sortParam('name', '-createdAt')).toBe('name');
    expect(sizeParam(20, 20)).toBeNull();
    expect(sizeParam(50, 20)).toBe('50');
  });
  it('turns the table’s column and direction into a sort the list offers, else nothing', () => {
    expect(sortOfTable(SORTS, 'name', 'ascend')).toBe('name');
    expect(sortOfTable(SORTS, 'createdAt', 'descend')).toBe('-createdAt');
    expect(sortOfTable(SORTS, 'stage', 'ascend')).toBeUndefined();
    expect(sortOfTable(SORTS, 'name', null)).toBeUndefined();
    expect(sortOfTable(SORTS, undefined, 'ascend')).toBeUndefined();
  });
});

describe('active filters', () => {
  it('counts the keys with a value, not empty or undefined ones', () => {
    const filter = { q: 'x', stage: undefined, ownerId: '', days: 0, sort: 'name' };
    expect(countActiveFilters(filter, ['q', 'stage', 'ownerId', 'days'])).toBe(2);
    expect(hasActiveFilter(filter, ['stage', 'ownerId'])).toBe(false);
  });
});

describe('clear filters', () => {
  it('keeps only the given keys, each with every value it had', () => {
    const params = new URLSearchParams('view=list&q=acme&stageId=s1&sort=amountFen&size=50&tag=a&tag=b');
    expect(clearedSearch(params, ['view', 'sort', 'size', 'tag']).toString()).toBe('view=list&sort=amountFen&size=50&tag=a&tag=b');
    expect(clearedSearch(params, []).toString()).toBe('');
    // The original is left alone: react-router hands over its current params.
    expect(params.get('q')).toBe('acme');
  });
});

describe('column settings', () => {
  it('shows the defaults when unset, always the required ones, in the list’s own order', () => {
    expect(visibleColumns(COLUMNS, undefined)).toEqual(['number', 'name', 'tags']);
    expect(visibleColumns(COLUMNS, 'createdAt,stage,bogus')).toEqual(['name', 'stage', 'createdAt']);
  });
  it('keeps the URL short when the choice is the default', () => {
    expect(colsParam(COLUMNS, ['tags', 'name', 'number'])).toBeNull();
    expect(colsParam(COLUMNS, ['stage'])).toBe('name,stage');
  });
  it('toggles one column from what is shown now', () => {
    expect(toggleColumn(COLUMNS, undefined, 'stage', true)).toBe('number,name,stage,tags');
    expect(toggleColumn(COLUMNS, 'number,name,stage,tags', 'stage', false)).toBeNull();
    // A required column cannot be hidden: hiding it leaves the default.
    expect(toggleColumn(COLUMNS, undefined, 'name', false)).toBeNull();
  });
});

describe('saved views', () => {
  const keys = ['q', 'stage', 'days'];
  it('keep the parsed filters, the columns and a sort other than the default', () => {
    expect(toViewConfig({ q: '科技', stage: undefined, days: 15, other: 'x' }, keys, ['name', 'stage'], 'name', '-createdAt')).toEqual({
      filters: { q: '科技', days: 15 },
      columns: ['name', 'stage'],
      sort: 'name',
    });
    expect(toViewConfig({}, keys, [], '-createdAt', '-createdAt').sort).toBeNull();
  });
  it('restore every filter key, clearing the ones the view does not set, and drop unknown sorts and columns', () => {
    const patch = fromViewConfig({ filters: { q: '科技', days: 15, tags: ['a', 'b'] }, columns: ['stage', 'bogus'], sort: 'bogus' }, [...keys, 'tags'], {
      sorts: SORTS,
      columns: COLUMNS,
    });
    expect(patch).toEqual({ q: '科技', stage: null, days: '15', tags: 'a,b', sort: null, cols: 'name,stage' });
  });
  it('round-trip', () => {
    const config = toViewConfig({ q: 'a', stage: 'intent' }, keys, ['number', 'name', 'stage'], 'name', '-createdAt');
    const patch = fromViewConfig(config, keys, { sorts: SORTS, columns: COLUMNS });
    expect(patch).toEqual({ q: 'a', stage: 'intent', days: null, sort: 'name', cols: 'number,name,stage' });
  });
});
