import { describe, expect, it } from 'vitest';
import { DEFAULT_CUSTOMER_NUMBER_PATTERN, DEFAULT_LEAD_NUMBER_PATTERN } from '../customers/customers.rules.ts';
import { checkNumberPattern, numberingProblems } from './numbering.rules.ts';

describe('checkNumberPattern', () => {
  it('accepts the defaults and other patterns made of the allowed placeholders', () => {
    expect(checkNumberPattern('customer', DEFAULT_CUSTOMER_NUMBER_PATTERN).ok).toBe(true);
    expect(checkNumberPattern('lead', DEFAULT_LEAD_NUMBER_PATTERN).ok).toBe(true);
    expect(checkNumberPattern('customer', 'KH{yy}{month}-{seq:5}').ok).toBe(true);
    expect(checkNumberPattern('lead', 'XS/{year}/{seq}').ok).toBe(true);
  });

  it.each([
    ['customer', '', { key: 'numbering.empty' }],
    ['customer', '{year}-{industryCode}', { key: 'numbering.missing_seq' }],
    ['customer', '{seq:3}{seq:3}', { key: 'numbering.multiple_seq', params: { position: 8 } }],
    ['customer', '{year}{day}{seq:3}', { key: 'numbering.unknown_token', params: { token: '{day}', allowed: '{year} {yy} {month} {industryCode} {seq:N}' } }],
    ['customer', '{year}{seq:12}', { key: 'numbering.bad_seq_width', params: { token: '{seq:12}', max: 10 } }],
    ['customer', 'KH {seq:3}', { key: 'numbering.invalid_character', params: { char: ' ', position: 3 } }],
    ['customer', '客户{seq:3}', { key: 'numbering.invalid_character', params: { char: '客', position: 1 } }],
    ['customer', '{year-{seq:3}', { key: 'numbering.unbalanced_brace', params: { position: 1 } }],
    ['customer', `{seq:3}${'X'.repeat(40)}`, { key: 'numbering.too_long', params: { max: 40 } }],
    ['lead', 'LX{industryCode}{seq:3}', { key: 'numbering.industryCodeNotForLeads', params: { allowed: '{year} {yy} {month} {seq:N}' } }],
    ['lead', 'LX{year}{foo}{seq:3}', { key: 'numbering.unknown_token', params: { token: '{foo}', allowed: '{year} {yy} {month} {seq:N}' } }],
  ] as const)('refuses %s pattern %j', (entity, source, problem) => {
    expect(checkNumberPattern(entity, source)).toEqual({ ok: false, problem });
  });
});

describe('numberingProblems', () => {
  it('names each field at fault, and nothing when both are good', () => {
    expect(numberingProblems({ customer: DEFAULT_CUSTOMER_NUMBER_PATTERN, lead: DEFAULT_LEAD_NUMBER_PATTERN })).toEqual([]);
    expect(numberingProblems({ customer: 'KH{year}', lead: 'LX{seq:3}' })).toEqual([{ path: 'customer', key: 'numbering.missing_seq' }]);
    expect(numberingProblems({ customer: 'KH{year}', lead: '' }).map((p) => p.path)).toEqual(['customer', 'lead']);
  });
});
