import { describe, expect, it } from 'vitest';
import { AppError, businessRule, invalid, notFound, versionConflict } from '../../platform/errors.ts';
import { batchesOf, countSkip, MAX_TAGS, nextTagIds, skipOf, uniqueIds } from './bulk.rules.ts';

describe('skipOf', () => {
  it('skips what one record’s action refuses, with the reason', () => {
    expect(skipOf(notFound('customer'))).toEqual({ key: 'bulk.outOfScope' });
    expect(skipOf(new AppError('FORBIDDEN'))).toEqual({ key: 'bulk.forbidden' });
    expect(skipOf(versionConflict())).toEqual({ key: 'bulk.conflict' });
    expect(skipOf(businessRule('lead.converted'))).toEqual({ key: 'lead.converted' });
    expect(skipOf(businessRule('lead.transition', { from: 'assigned', to: 'qualified' }))).toEqual({ key: 'lead.transition', params: { from: 'assigned', to: 'qualified' } });
  });
  it('stops on bad input shared by every record and on faults', () => {
    expect(skipOf(invalid([{ path: 'ownerId', key: 'NOT_FOUND' }]))).toBeNull();
    expect(skipOf(new Error('connection lost'))).toBeNull();
  });
});

describe('countSkip', () => {
  it('counts records with the same reason and parameters together', () => {
    let reasons = countSkip([], { key: 'bulk.outOfScope' });
    reasons = countSkip(reasons, { key: 'bulk.outOfScope' });
    reasons = countSkip(reasons, { key: 'lead.transition', params: { from: 'new' } });
    reasons = countSkip(reasons, { key: 'lead.transition', params: { from: 'contacted' } });
    expect(reasons).toEqual([
      { key: 'bulk.outOfScope', count: 2 },
      { key: 'lead.transition', params: { from: 'new' }, count: 1 },
      { key: 'lead.transition', params: { from: 'contacted' }, count: 1 },
    ]);
  });
});

describe('nextTagIds', () => {
  it('adds or removes one tag, or says nothing changes', () => {
    expect(nextTagIds(['a'], 'b', 'add')).toEqual(['a', 'b']);
    expect(nextTagIds(['a', 'b'], 'b', 'add')).toEqual({ key: 'bulk.unchanged' });
    expect(nextTagIds(['a', 'b'], 'a', 'remove')).toEqual(['b']);
    expect(nextTagIds(['a'], 'b', 'remove')).toEqual({ key: 'bulk.unchanged' });
  });
  it('keeps a customer within the tag limit', () => {
    const full = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`);
    expect(nextTagIds(full, 'new', 'add')).toEqual({ key: 'bulk.tooManyTags', params: { max: MAX_TAGS } });
  });
});

describe('selection helpers', () => {
  it('keeps each id once in order and splits into batches', () => {
    expect(uniqueIds(['x', 'y', 'x', 'z'])).toEqual(['x', 'y', 'z']);
    expect(batchesOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batchesOf([], 100)).toEqual([]);
  });
});
