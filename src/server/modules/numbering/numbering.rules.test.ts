import { describe, expect, it } from 'vitest';
import {
  checkNumberPattern,
  DEFAULT_CUSTOMER_NUMBER_PATTERN,
  DEFAULT_LEAD_NUMBER_PATTERN,
  mayOccurInNumber,
  numberDateParts,
  numberingProblems,
  parseNumberPattern,
  patternUsesIndustry,
  readNumber,
  renderNumber,
  sequenceScopeKey,
} from './numbering.rules.ts';

const MANU_2024 = { year: 2024, month: 3, industryCode: 'MANU' };

// ---------------------------------------------------------------------------------------------
describe('parseNumberPattern', () => {
  it('accepts the default customer and lead patterns and the later quote/contract ones', () => {
    for (const p of [DEFAULT_CUSTOMER_NUMBER_PATTERN, DEFAULT_LEAD_NUMBER_PATTERN, 'BJ{year}{month}{seq:4}', 'HT{year}{seq:3}', '{yy}/{seq}', 'C_{seq:10}']) {
      expect(parseNumberPattern(p).ok, p).toBe(true);
    }
  });

  it('splits a pattern into literal and token parts', () => {
    const r = parseNumberPattern('{year}-{industryCode}-{seq:3}');
    expect(r.ok && r.pattern.parts).toEqual([
      { kind: 'year' },
      { kind: 'literal', text: '-' },
      { kind: 'industryCode' },
      { kind: 'literal', text: '-' },
      { kind: 'seq', width: 3 },
    ]);
  });

  it.each([
    ['', { code: 'empty' }],
    ['{year}{seq:3}'.padEnd(41, 'X'), { code: 'too_long', max: 40 }],
    ['{year}', { code: 'missing_seq' }],
    ['LX2024', { code: 'missing_seq' }],
    ['{seq}{seq:3}', { code: 'multiple_seq', index: 5 }],
    ['{year}{seq:0}', { code: 'bad_seq_width', token: 'seq:0', index: 6 }],
    ['{year}{seq:11}', { code: 'bad_seq_width', token: 'seq:11', index: 6 }],
    ['{year}{seq:x}', { code: 'bad_seq_width', token: 'seq:x', index: 6 }],
    ['{year}{seq:-3}', { code: 'bad_seq_width', token: 'seq:-3', index: 6 }],
    ['{Year}{seq:3}', { code: 'unknown_token', token: 'Year', index: 0 }],
    ['{day}{seq:3}', { code: 'unknown_token', token: 'day', index: 0 }],
    ['{}{seq:3}', { code: 'unknown_token', token: '', index: 0 }],
    ['{year{seq:3}', { code: 'unbalanced_brace', index: 0 }],
    ['{year}}{seq}', { code: 'unbalanced_brace', index: 6 }],
    ['{seq:3', { code: 'unbalanced_brace', index: 0 }],
    ['KH {seq}', { code: 'invalid_character', char: ' ', index: 2 }],
    ['客户{seq}', { code: 'invalid_character', char: '客', index: 0 }],
    ['A.{seq}', { code: 'invalid_character', char: '.', index: 1 }],
    ['{seq}#', { code: 'invalid_character', char: '#', index: 5 }],
  ])('rejects %j', (pattern, error) => {
    expect(parseNumberPattern(pattern)).toEqual({ ok: false, error });
  });

  it('tells whether a pattern needs the industry', () => {
    const withIndustry = parseNumberPattern(DEFAULT_CUSTOMER_NUMBER_PATTERN);
    const without = parseNumberPattern(DEFAULT_LEAD_NUMBER_PATTERN);
    expect(withIndustry.ok && patternUsesIndustry(withIndustry.pattern)).toBe(true);
    expect(without.ok && patternUsesIndustry(without.pattern)).toBe(false);
  });
});

describe('renderNumber', () => {
  it('renders the examples of the requirements', () => {
    expect(renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, MANU_2024, 1)).toBe('2024-MANU-001');
    expect(renderNumber(DEFAULT_LEAD_NUMBER_PATTERN, { year: 2024, month: 3 }, 1)).toBe('LX2024001');
    expect(renderNumber(DEFAULT_LEAD_NUMBER_PATTERN, { year: 2024, month: 3 }, 2)).toBe('LX2024002');
  });

  it('pads to at least the width and grows beyond it instead of wrapping', () => {
    expect(renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, MANU_2024, 42)).toBe('2024-MANU-042');
    expect(renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, MANU_2024, 999)).toBe('2024-MANU-999');
    expect(renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, MANU_2024, 1000)).toBe('2024-MANU-1000');
    expect(renderNumber('{seq}', MANU_2024, 7)).toBe('7');
  });

  it('renders yy and a two-digit month', () => {
    expect(renderNumber('BJ{yy}{month}{seq:4}', { year: 2024, month: 3 }, 5)).toBe('BJ24030005');
    expect(renderNumber('HT{year}{month}-{seq:2}', { year: 2030, month: 12 }, 1)).toBe('HT203012-01');
    expect(renderNumber('{yy}{seq}', { year: 2005, month: 1 }, 1)).toBe('051');
  });

  it('accepts a parsed pattern', () => {
    const parsed = parseNumberPattern('KH-{industryCode}-{seq:5}');
    if (!parsed.ok) throw new Error('pattern');
    expect(renderNumber(parsed.pattern, { year: 2024, month: 1, industryCode: 'IT' }, 12)).toBe('KH-IT-00012');
  });

  it('throws on programming errors: bad pattern, missing industry, bad sequence or date', () => {
    expect(() => renderNumber('{year}', MANU_2024, 1)).toThrow(RangeError);
    expect(() => renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, { year: 2024, month: 3 }, 1)).toThrow(/industry code/);
    expect(() => renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, { ...MANU_2024, industryCode: 'manu' }, 1)).toThrow(RangeError);
    expect(() => renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, { ...MANU_2024, industryCode: 'MANU1' }, 1)).toThrow(RangeError);
    expect(() => renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, MANU_2024, 0)).toThrow(RangeError);
    expect(() => renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, MANU_2024, 1.5)).toThrow(RangeError);
    expect(() => renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, MANU_2024, Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => renderNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, { ...MANU_2024, year: 24 }, 1)).toThrow(RangeError);
    expect(() => renderNumber('{month}{seq}', { year: 2024, month: 13 }, 1)).toThrow(RangeError);
    expect(() => renderNumber('{month}{seq}', { year: 2024, month: 0 }, 1)).toThrow(RangeError);
  });

  it('does not need an industry when the pattern has none', () => {
    expect(renderNumber(DEFAULT_LEAD_NUMBER_PATTERN, { year: 2024, month: 3, industryCode: null }, 3)).toBe('LX2024003');
  });
});

describe('sequenceScopeKey', () => {
  it('keys the default customer counter by year and industry', () => {
    expect(sequenceScopeKey('customer', DEFAULT_CUSTOMER_NUMBER_PATTERN, MANU_2024)).toBe('customer:2024:MANU');
    expect(sequenceScopeKey('customer', DEFAULT_CUSTOMER_NUMBER_PATTERN, { ...MANU_2024, industryCode: 'RETL' })).toBe('customer:2024:RETL');
    expect(sequenceScopeKey('customer', DEFAULT_CUSTOMER_NUMBER_PATTERN, { ...MANU_2024, year: 2025 })).toBe('customer:2025:MANU');
  });

  it('does not restart monthly unless the pattern has {month}', () => {
    expect(sequenceScopeKey('customer', DEFAULT_CUSTOMER_NUMBER_PATTERN, { ...MANU_2024, month: 11 })).toBe('customer:2024:MANU');
    expect(sequenceScopeKey('quote', 'BJ{year}{month}{seq:4}', { year: 2024, month: 11 })).toBe('quote:2024:11');
  });

  it('keys leads by year only', () => {
    expect(sequenceScopeKey('lead', DEFAULT_LEAD_NUMBER_PATTERN, { year: 2024, month: 3, industryCode: 'MANU' })).toBe('lead:2024');
  });

  it('ignores literals and the sequence width, so changing them keeps counting', () => {
    const a = sequenceScopeKey('customer', 'KH{year}-{industryCode}{seq:3}', MANU_2024);
    const b = sequenceScopeKey('customer', 'C/{year}/{industryCode}/{seq:5}', MANU_2024);
    expect(a).toBe('customer:2024:MANU');
    expect(b).toBe(a);
    expect(sequenceScopeKey('contract', 'HT{seq:6}', MANU_2024)).toBe('contract');
  });

  it('rejects a bad entity name or missing values', () => {
    expect(() => sequenceScopeKey('Customer', DEFAULT_LEAD_NUMBER_PATTERN, MANU_2024)).toThrow(RangeError);
    expect(() => sequenceScopeKey('customer:x', DEFAULT_LEAD_NUMBER_PATTERN, MANU_2024)).toThrow(RangeError);
    expect(() => sequenceScopeKey('customer', DEFAULT_CUSTOMER_NUMBER_PATTERN, { year: 2024, month: 1 })).toThrow(RangeError);
  });
});

describe('numberDateParts', () => {
  it('reads the year and month in the business time zone, not UTC', () => {
    // 00:30 on 1 January 2025 in Beijing is still 2024 in UTC
    expect(numberDateParts(new Date('2024-12-31T16:30:00Z'), 'Asia/Shanghai')).toEqual({ year: 2025, month: 1 });
    expect(numberDateParts(new Date('2024-12-31T16:30:00Z'), 'UTC')).toEqual({ year: 2024, month: 12 });
    expect(numberDateParts(new Date('2024-12-31T15:59:59Z'), 'Asia/Shanghai')).toEqual({ year: 2024, month: 12 });
    expect(numberDateParts(new Date('2024-03-01T00:00:00+08:00'), 'Asia/Shanghai')).toEqual({ year: 2024, month: 3 });
  });
});


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

describe('readNumber', () => {
  it('reads back the values of a number that fits the pattern', () => {
    expect(readNumber(DEFAULT_LEAD_NUMBER_PATTERN, 'LX2024001')).toEqual({ values: { year: 2024, month: 1, industryCode: null }, seq: 1 });
    expect(readNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, '2024-MANU-001')).toEqual({ values: { year: 2024, month: 1, industryCode: 'MANU' }, seq: 1 });
    expect(readNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, '2024-MANU-1234')?.seq).toBe(1234);
    expect(readNumber('BJ{yy}{month}-{seq:4}', 'BJ2603-0042')).toEqual({ values: { year: 2026, month: 3, industryCode: null }, seq: 42 });
  });

  it('refuses what does not fit: another shape, a short sequence, a zero, a month 13', () => {
    expect(readNumber(DEFAULT_CUSTOMER_NUMBER_PATTERN, 'CU2024001')).toBeNull();
    expect(readNumber(DEFAULT_LEAD_NUMBER_PATTERN, 'LX202401')).toBeNull();
    expect(readNumber(DEFAULT_LEAD_NUMBER_PATTERN, 'LX2024000')).toBeNull();
    expect(readNumber('BJ{yy}{month}-{seq:4}', 'BJ2613-0042')).toBeNull();
    expect(readNumber(DEFAULT_LEAD_NUMBER_PATTERN, 'LX2024.001')).toBeNull();
  });
});

describe('mayOccurInNumber', () => {
  it('admits what numbers are made of: literals, digits, industry codes, in either case', () => {
    for (const text of ['2024-MANU-001', 'manu-006', 'LX2024', 'BJ/26_03', '-', '7']) expect(mayOccurInNumber(text), text).toBe(true);
    // Every number a pattern renders passes, whole and in part.
    const number = renderNumber('BJ/{yy}{month}_{industryCode}-{seq:4}', MANU_2024, 42);
    for (let i = 0; i < number.length; i++) expect(mayOccurInNumber(number.slice(i, i + 3)), number.slice(i, i + 3)).toBe(true);
  });

  it('refuses what no number contains: Chinese, spaces, dots, full-width letters, nothing', () => {
    for (const text of ['华信', '北京科技', '2024 MANU', 'LX2024.001', 'ＭＡＮＵ', '']) expect(mayOccurInNumber(text), text).toBe(false);
  });
});
