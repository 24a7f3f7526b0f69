import { describe, expect, it } from 'vitest';
import { exportQueryOf, filterOf, selectionOf } from './selection.ts';

const rows = [{ id: 'a' }, { id: 'b' }];
const filter = { stage: 'intent', q: undefined, ownerId: '', sort: '-createdAt', limit: 20, cursor: 'x' };

describe('bulk selection', () => {
  it('names the selected rows, or after "select all N matching" the list’s filter without paging or empty values', () => {
    expect(selectionOf(rows, null, filter)).toEqual({ ids: ['a', 'b'] });
    expect(selectionOf(rows, 137, filter)).toEqual({ filter: { stage: 'intent', sort: '-createdAt' } });
    expect(filterOf(filter)).not.toHaveProperty('limit');
  });
  it('exports the selected rows by id in the list’s order, or all matching by the filter', () => {
    expect(exportQueryOf(rows, null, filter)).toEqual({ ids: 'a,b', sort: '-createdAt' });
    expect(exportQueryOf(rows, 137, filter)).toMatchObject({ stage: 'intent', sort: '-createdAt' });
  });
});
