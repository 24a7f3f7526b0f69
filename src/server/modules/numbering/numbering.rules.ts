/**
 * Number patterns (编号规则), pure: the parser and renderer every numbered entity uses (customers,
 * leads, quotes, orders, contracts), and the check of the patterns admins save, which adds what
 * depends on the entity and turns a refusal into a field and a catalogue message. They lived
 * with the customer rules until quotes, orders and contracts were numbered too; here the
 * numbering module needs no business module and customers and leads import it.
 */
import { NUMBERED_ENTITIES, type NumberedEntity, type NumberingPatterns } from '../../../contracts/numbering.ts';
import type { ErrorDetail } from '../../platform/errors.ts';

// =============================================================================================
// Numbering: customer 2024-MANU-001, lead LX2024001, quotes BJ…, contracts HT…
// =============================================================================================

export const DEFAULT_CUSTOMER_NUMBER_PATTERN = '{year}-{industryCode}-{seq:3}';
export const DEFAULT_LEAD_NUMBER_PATTERN = 'LX{year}{seq:3}';

/** Longest pattern an admin may save; numbers are shown in narrow table columns. */
export const MAX_PATTERN_LENGTH = 40;
/** Widest `{seq:N}`: ten digits already allow ten billion records per scope. */
export const MAX_SEQ_WIDTH = 10;

export type PatternPart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'year' | 'yy' | 'month' | 'industryCode' }
  | { readonly kind: 'seq'; readonly width: number };

/** A validated pattern, ready to render. Obtain it from `parseNumberPattern`. */
export type NumberPattern = {
  readonly source: string;
  readonly parts: readonly PatternPart[];
};

export type PatternError =
  | { readonly code: 'empty' }
  | { readonly code: 'too_long'; readonly max: number }
  | { readonly code: 'invalid_character'; readonly char: string; readonly index: number }
  | { readonly code: 'unbalanced_brace'; readonly index: number }
  | { readonly code: 'unknown_token'; readonly token: string; readonly index: number }
  | { readonly code: 'bad_seq_width'; readonly token: string; readonly index: number }
  | { readonly code: 'missing_seq' }
  | { readonly code: 'multiple_seq'; readonly index: number };

export type PatternResult = { readonly ok: true; readonly pattern: NumberPattern } | { readonly ok: false; readonly error: PatternError };

/**
 * Literal characters allowed in a pattern. Letters, digits and `-_/` only: numbers are typed
 * into search boxes, printed on contracts and used in file names of exported PDFs, where spaces,
 * dots or Chinese characters cause trouble.
 */
const LITERAL = /^[A-Za-z0-9\-_/]$/;
const FIXED_TOKENS = new Set(['year', 'yy', 'month', 'industryCode']);

/**
 * Parses and validates a numbering pattern: tokens `{year}` (2024), `{yy}` (24), `{month}` (03),
 * `{industryCode}` (MANU) and exactly one `{seq}` / `{seq:N}` (sequence zero-padded to at least N
 * digits, 1 ≤ N ≤ 10; `{seq}` means no padding), with literal letters, digits and `-_/` between.
 */
export function parseNumberPattern(source: string): PatternResult {
  if (source.length === 0) return { ok: false, error: { code: 'empty' } };
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, error: { code: 'too_long', max: MAX_PATTERN_LENGTH } };
  const parts: PatternPart[] = [];
  let literal = '';
  let seqSeen = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charAt(i);
    if (ch === '}') return { ok: false, error: { code: 'unbalanced_brace', index: i } };
    if (ch !== '{') {
      if (!LITERAL.test(ch)) return { ok: false, error: { code: 'invalid_character', char: ch, index: i } };
      literal += ch;
      continue;
    }
    const close = source.indexOf('}', i + 1);
    const nextOpen = source.indexOf('{', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) return { ok: false, error: { code: 'unbalanced_brace', index: i } };
    const token = source.slice(i + 1, close);
    if (literal) parts.push({ kind: 'literal', text: literal });
    literal = '';
    if (token === 'seq' || token.startsWith('seq:')) {
      if (seqSeen) return { ok: false, error: { code: 'multiple_seq', index: i } };
      seqSeen = true;
      const width = token === 'seq' ? 1 : /^seq:(\d{1,2})$/.test(token) ? Number(token.slice(4)) : Number.NaN;
      if (!(width >= 1 && width <= MAX_SEQ_WIDTH)) return { ok: false, error: { code: 'bad_seq_width', token, index: i } };
      parts.push({ kind: 'seq', width });
    } else if (FIXED_TOKENS.has(token)) {
      parts.push({ kind: token as 'year' | 'yy' | 'month' | 'industryCode' });
    } else {
      return { ok: false, error: { code: 'unknown_token', token, index: i } };
    }
    i = close;
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  if (!seqSeen) return { ok: false, error: { code: 'missing_seq' } };
  return { ok: true, pattern: { source, parts } };
}

/** Whether the pattern needs an industry code (so the service can require the industry first). */
export function patternUsesIndustry(pattern: NumberPattern): boolean {
  return pattern.parts.some((p) => p.kind === 'industryCode');
}

/** The values a number is rendered from, except the sequence. */
export type NumberValues = {
  /** Four-digit calendar year in the business time zone (see `numberDateParts`). */
  readonly year: number;
  /** 1–12, in the business time zone. */
  readonly month: number;
  /** Required when the pattern has `{industryCode}`: 2–8 upper-case letters. */
  readonly industryCode?: string | null;
};

/**
 * Year and month of `now` in `timeZone` (the server's configured zone, Asia/Shanghai by default).
 * Why not `now.getFullYear()`: that reads the process's zone, often UTC on servers, and at 00:30
 * on 1 January 2025 in Beijing it is still 31 December 2024 in UTC; the number must carry the
 * year the user sees, 2025.
 */
export function numberDateParts(now: Date, timeZone: string): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month') };
}

/**
 * Whether `text` can be part of a number rendered from any pattern: numbers are made of the
 * pattern's literals (LITERAL), digits and upper-case industry codes only, so a search for
 * anything else (a Chinese name part) need not look at numbers at all.
 */
export function mayOccurInNumber(text: string): boolean {
  return text.length > 0 && [...text].every((c) => LITERAL.test(c));
}

function fixedValue(kind: 'year' | 'yy' | 'month' | 'industryCode', values: NumberValues): string {
  switch (kind) {
    case 'year':
      if (!Number.isInteger(values.year) || values.year < 1000 || values.year > 9999) throw new RangeError(`year must have four digits: ${values.year}`);
      return String(values.year);
    case 'yy':
      return fixedValue('year', values).slice(2);
    case 'month':
      if (!Number.isInteger(values.month) || values.month < 1 || values.month > 12) throw new RangeError(`month must be 1–12: ${values.month}`);
      return String(values.month).padStart(2, '0');
    case 'industryCode':
      if (!values.industryCode || !/^[A-Z]{2,8}$/.test(values.industryCode)) {
        throw new RangeError(`the pattern needs an industry code (2–8 upper-case letters), got ${String(values.industryCode)}`);
      }
      return values.industryCode;
  }
}

function asPattern(pattern: NumberPattern | string): NumberPattern {
  if (typeof pattern !== 'string') return pattern;
  const parsed = parseNumberPattern(pattern);
  if (!parsed.ok) throw new RangeError(`invalid number pattern ${JSON.stringify(pattern)}: ${parsed.error.code}`);
  return parsed.pattern;
}

/**
 * Renders a number: `renderNumber('{year}-{industryCode}-{seq:3}', {year: 2024, month: 3,
 * industryCode: 'MANU'}, 1)` → `2024-MANU-001`; sequence 1234 → `2024-MANU-1234` (the padding is
 * a minimum, numbers never wrap). Throws RangeError for an invalid pattern, missing values or a
 * sequence that is not a positive safe integer: those are programming errors, since patterns are
 * validated when saved and the service supplies the values.
 */
export function renderNumber(pattern: NumberPattern | string, values: NumberValues, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`sequence must be a positive integer: ${seq}`);
  return asPattern(pattern)
    .parts.map((p) => {
      if (p.kind === 'literal') return p.text;
      if (p.kind === 'seq') return String(seq).padStart(p.width, '0');
      return fixedValue(p.kind, values);
    })
    .join('');
}

/**
 * The key of the counter row a number's sequence is drawn from: the entity, then the value of
 * every token other than `{seq}`, in pattern order. `customer:2024:MANU` for the default customer
 * pattern, `lead:2024` for `LX{year}{seq:3}`; so sequences restart per year and industry, and a
 * pattern without `{month}` does not restart monthly.
 *
 * Literals are deliberately not part of the key: an admin who changes `KH{year}…` to `C{year}…`
 * keeps counting in the same scope rather than starting again at 001, so a sequence value is
 * never handed out twice within a scope. The rendered number must still be unique in the table
 * (unique index): if a changed pattern ever renders a number that exists, the service draws the
 * next value.
 */
export function sequenceScopeKey(entity: string, pattern: NumberPattern | string, values: NumberValues): string {
  if (!/^[a-z][a-z_]*$/.test(entity)) throw new RangeError(`entity must be a lower-case word: ${entity}`);
  const tokenValues = asPattern(pattern)
    .parts.filter((p) => p.kind !== 'literal' && p.kind !== 'seq')
    .map((p) => fixedValue(p.kind, values));
  return [entity, ...tokenValues].join(':');
}

/**
 * The values a number was rendered from, read back: `readNumber('LX{year}{seq:3}', 'LX2024001')`
 * → year 2024, sequence 1; null when the text does not fit the pattern (CU2024001 for customers).
 * An import keeps a number from the sheet only when it fits, so later numbers continue from it.
 */
export function readNumber(pattern: NumberPattern | string, text: string): { values: NumberValues; seq: number } | null {
  const parts = asPattern(pattern).parts;
  const groups: ('year' | 'yy' | 'month' | 'industryCode' | 'seq')[] = [];
  const source = parts
    .map((p) => {
      if (p.kind === 'literal') return p.text.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
      groups.push(p.kind);
      switch (p.kind) {
        case 'year':
          return '(\\d{4})';
        case 'yy':
        case 'month':
          return '(\\d{2})';
        case 'industryCode':
          return '([A-Z]{2,8})';
        case 'seq':
          return `(\\d{${p.width},})`;
      }
    })
    .join('');
  const m = new RegExp(`^${source}$`).exec(text);
  if (!m) return null;
  const got = (kind: (typeof groups)[number]) => (groups.includes(kind) ? m[groups.indexOf(kind) + 1] : undefined);
  const year = got('year') ? Number(got('year')) : got('yy') ? 2000 + Number(got('yy')) : NaN;
  const month = got('month') ? Number(got('month')) : 1;
  const seq = Number(got('seq'));
  if (!Number.isSafeInteger(seq) || seq < 1 || month < 1 || month > 12) return null;
  // A pattern without a year puts none in the scope; any year stands in for it then.
  const values: NumberValues = { year: Number.isNaN(year) ? 2000 : year, month, industryCode: got('industryCode') ?? null };
  // Only what renders back to the same text (no leading zeros beyond the padding).
  return renderNumber(pattern, values, seq) === text ? { values, seq } : null;
}

/** A customer without an industry is numbered under this code when the pattern needs one. */
export const NO_INDUSTRY_CODE = 'GEN';

// =============================================================================================
// The patterns admins save
// =============================================================================================

export type PatternCheck = { readonly ok: true; readonly pattern: NumberPattern } | { readonly ok: false; readonly problem: Omit<ErrorDetail, 'path'> };

const ALLOWED = '{year} {yy} {month} {industryCode} {seq:N}';
const ALLOWED_FOR_LEADS = '{year} {yy} {month} {seq:N}';

function reason(error: PatternError, entity: NumberedEntity): Omit<ErrorDetail, 'path'> {
  const allowed = entity === 'customer' ? ALLOWED : ALLOWED_FOR_LEADS;
  switch (error.code) {
    case 'empty':
      return { key: 'numbering.empty' };
    case 'too_long':
      return { key: 'numbering.too_long', params: { max: error.max } };
    case 'invalid_character':
      // Positions count from 1 for people.
      return { key: 'numbering.invalid_character', params: { char: error.char, position: error.index + 1 } };
    case 'unbalanced_brace':
      return { key: 'numbering.unbalanced_brace', params: { position: error.index + 1 } };
    case 'unknown_token':
      return { key: 'numbering.unknown_token', params: { token: `{${error.token}}`, allowed } };
    case 'bad_seq_width':
      return { key: 'numbering.bad_seq_width', params: { token: `{${error.token}}`, max: MAX_SEQ_WIDTH } };
    case 'missing_seq':
      return { key: 'numbering.missing_seq' };
    case 'multiple_seq':
      return { key: 'numbering.multiple_seq', params: { position: error.index + 1 } };
  }
}

/**
 * Checks one entity's pattern. Leads and sales documents have no industry, so `{industryCode}` is
 * refused in their patterns rather than rendered as a placeholder code on every one.
 */
export function checkNumberPattern(entity: NumberedEntity, source: string): PatternCheck {
  const parsed = parseNumberPattern(source);
  if (!parsed.ok) return { ok: false, problem: reason(parsed.error, entity) };
  if (entity !== 'customer' && patternUsesIndustry(parsed.pattern)) {
    return { ok: false, problem: { key: entity === 'lead' ? 'numbering.industryCodeNotForLeads' : 'numbering.industryCodeNotForDocuments', params: { allowed: ALLOWED_FOR_LEADS } } };
  }
  return { ok: true, pattern: parsed.pattern };
}

/** Every refusal of a save, one per field, in the shape of a 400's details (empty: all good). */
export function numberingProblems(patterns: NumberingPatterns): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const entity of NUMBERED_ENTITIES) {
    const source = patterns[entity];
    if (source === undefined) continue;
    const check = checkNumberPattern(entity, source);
    if (!check.ok) problems.push({ path: entity, ...check.problem });
  }
  return problems;
}
