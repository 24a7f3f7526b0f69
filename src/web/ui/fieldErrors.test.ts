import { describe, expect, it } from 'vitest';
import { fieldNameOf, matchFieldIssues } from './fieldErrors.ts';

describe('fieldNameOf', () => {
  it('takes the field a path starts with, whatever the notation', () => {
    expect(fieldNameOf('body.email')).toBe('email');
    expect(fieldNameOf('/email')).toBe('email');
    expect(fieldNameOf('email')).toBe('email');
    expect(fieldNameOf('permissions.3')).toBe('permissions');
    expect(fieldNameOf('query.limit')).toBe('limit');
    expect(fieldNameOf('')).toBe('');
    expect(fieldNameOf('body')).toBe('');
  });
});

describe('matchFieldIssues', () => {
  const known = new Set(['name', 'email', 'division']);

  it('groups the messages by field and keeps the first field first', () => {
    const out = matchFieldIssues(
      [
        { path: 'body.email', message: 'bad email' },
        { path: 'body.name', message: 'too long' },
        { path: 'body.email', message: 'taken' },
      ],
      known,
    );
    expect(out.byField).toEqual([
      ['email', ['bad email', 'taken']],
      ['name', ['too long']],
    ]);
    expect(out.unmatched).toEqual([]);
  });

  it('renames mapped fields and returns what matches no field', () => {
    const out = matchFieldIssues(
      [
        { path: 'body.cityCode', message: 'unknown city' },
        { path: 'body.version', message: 'stale' },
        { path: '', message: 'whole body' },
      ],
      known,
      { cityCode: 'division' },
    );
    expect(out.byField).toEqual([['division', ['unknown city']]]);
    expect(out.unmatched.map((i) => i.message)).toEqual(['stale', 'whole body']);
  });

  it('places issues inside a list with a path function, grouped per field', () => {
    const toField = (path: string) => {
      const m = /^body\.items\.(\d+)\.(\w+)$/.exec(path);
      if (m) return ['items', Number(m[1]), m[2] === 'unitPriceFen' ? 'unitPrice' : (m[2] ?? '')];
      return path === 'body.nope' ? null : fieldNameOf(path);
    };
    const out = matchFieldIssues(
      [
        { path: 'body.items.1.unitPriceFen', message: 'negative' },
        { path: 'body.name', message: 'too long' },
        { path: 'body.items.1.unitPriceFen', message: 'too big' },
        { path: 'body.nope', message: 'nowhere' },
        { path: 'body.lines.0.name', message: 'unknown list' },
      ],
      new Set(['name', 'items']),
      toField,
    );
    expect(out.byField).toEqual([
      [['items', 1, 'unitPrice'], ['negative', 'too big']],
      ['name', ['too long']],
    ]);
    expect(out.unmatched.map((i) => i.message)).toEqual(['nowhere', 'unknown list']);
  });
});
