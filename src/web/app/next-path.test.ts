import { describe, expect, it } from 'vitest';
import { safeNext } from './next-path.ts';

describe('safeNext', () => {
  it('follows a path on this site, with its query and hash', () => {
    expect(safeNext('/customers')).toBe('/customers');
    expect(safeNext('/customers/0f8e?tab=contacts#notes')).toBe('/customers/0f8e?tab=contacts#notes');
    expect(safeNext('/customers?q=%E4%B8%8A%E6%B5%B7')).toBe('/customers?q=%E4%B8%8A%E6%B5%B7');
  });

  it('goes home without a next, or to the login page itself', () => {
    expect(safeNext(null)).toBe('/');
    expect(safeNext('')).toBe('/');
    expect(safeNext('/login')).toBe('/');
    expect(safeNext('/login?next=/x')).toBe('/');
  });

  it('refuses every spelling of another origin', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/%5Cevil.example',
      '/%5cevil.example',
      '/%2F%2Fevil.example',
      '/%252F%252Fevil.example',
      '%2F%2Fevil.example',
      'https://evil.example/',
      'http:evil.example',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'evil.example',
      ' /customers',
      '/customers\\..\\..\\evil',
      '/%E4%B8%8',
    ]) {
      expect(safeNext(next), JSON.stringify(next)).toBe('/');
    }
  });
});
