import { describe, expect, it } from 'vitest';
import { chooseEncoding } from './compression.ts';

describe('chooseEncoding', () => {
  it('takes gzip from what browsers send', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('gzip');
    expect(chooseEncoding('br, gzip')).toBe('gzip');
  });

  it('takes brotli when gzip is not accepted', () => {
    expect(chooseEncoding('br')).toBe('br');
    expect(chooseEncoding('gzip;q=0, br;q=0.5')).toBe('br');
    expect(chooseEncoding('BR ; Q=1')).toBe('br');
  });

  it('sends nothing compressed without a header, for identity, or when every encoding is refused', () => {
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('')).toBeNull();
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('gzip;q=0, br;q=0')).toBeNull();
    expect(chooseEncoding('*;q=0')).toBeNull();
    expect(chooseEncoding('deflate')).toBeNull();
  });

  it('reads the wildcard as any encoding not named', () => {
    expect(chooseEncoding('*')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0, *')).toBe('br');
    expect(chooseEncoding('gzip;q=nonsense')).toBe(null);
  });
});
