/**
 * Pure business rules of customers (issue 4): the unified social credit code, company
 * name normalisation and similarity for the duplicate check, phone and email normalisation.
 * No I/O and no clock: callers pass `now`, the year, the time zone.
 */
import {
  type CountryCode,
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { placeNames } from './regions/regions.ts';
import { foldName } from './names/fold.ts';

// =============================================================================================
// 统一社会信用代码 (unified social credit code), GB 32100-2015
// =============================================================================================

/** The 31 characters of the code, in value order (no I, O, S, V, Z: they look like 1, 0, 5, U, 2). */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * 登记管理部门代码 (1st character) → the 机构类别代码 (2nd character) it may be followed by, per
 * GB 32100-2015 and the later allocations to 中央军委改革和编制办公室 (A) and 农业 (N):
 * 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商 (市场监管:
 * 1 企业, 2 个体工商户, 3 农民专业合作社), A 军队, N 农业 (集体经济组织), Y 其他.
 */
const CREDIT_AUTHORITY_TYPES: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

/**
 * First two digits allowed in the administrative-division part (characters 3–8): the mainland
 * provinces, and 10 for 100000, the code of registrations at national level. Only the province is
 * checked: a code keeps the division of its registration office for life, and county codes are
 * abolished and merged over the years, so a full lookup would reject valid old codes.
 */
const CREDIT_PROVINCES = new Set([
  '10', '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
]);

export type CreditCodeInvalidReason = 'empty' | 'length' | 'character' | 'authority' | 'institution_type' | 'division' | 'checksum';

export type CreditCodeResult =
  | {
      readonly ok: true;
      /** Normalised: 18 upper-case half-width characters. Store and compare this. */
      readonly code: string;
      readonly registrationAuthority: string;
      readonly institutionType: string;
      readonly divisionCode: string;
      /** Characters 9–17: the organisation code (主体标识码). */
      readonly organisationCode: string;
    }
  | {
      readonly ok: false;
      readonly reason: CreditCodeInvalidReason;
      /** The input after normalisation, so the UI can show what was checked. */
      readonly normalised: string;
      /** 0-based index of the offending character (for `character`, `authority`, `institution_type`, `division`, `checksum`). */
      readonly index?: number;
      /** For `checksum`: the check character the first 17 characters call for. */
      readonly expected?: string;
    };

/** Trim, full-width to half-width (NFKC), drop spaces and hyphens people type for readability, upper-case. */
export function normaliseCreditCode(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/gu, '').toUpperCase();
}

/** The check character for the first 17 characters (which must be valid code characters). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17.charAt(i)) * (CREDIT_WEIGHTS[i] ?? 0);
  return CREDIT_CHARS.charAt((31 - (sum % 31)) % 31);
}

/**
 * Validates a unified social credit code: 18 characters from `0-9A-HJ-NP-RTUW-Y`, a known
 * registration authority and institution type pair, six digits of a known province for the
 * division, and the GB 32100-2015 check character. `91350100M000100Y43` is valid.
 */
export function validateCreditCode(input: string): CreditCodeResult {
  const normalised = normaliseCreditCode(input);
  const fail = (reason: CreditCodeInvalidReason, extra: { index?: number; expected?: string } = {}): CreditCodeResult => ({
    ok: false,
    reason,
    normalised,
    ...extra,
  });
  if (normalised.length === 0) return fail('empty');
  if (normalised.length !== 18) return fail('length');
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CHARS.includes(normalised.charAt(i))) return fail('character', { index: i });
  }
  const authority = normalised.charAt(0);
  const type = normalised.charAt(1);
  const allowedTypes = CREDIT_AUTHORITY_TYPES[authority];
  if (allowedTypes === undefined) return fail('authority', { index: 0 });
  if (!allowedTypes.includes(type)) return fail('institution_type', { index: 1 });
  const division = normalised.slice(2, 8);
  if (!/^\d{6}$/.test(division)) return fail('division', { index: 2 + division.search(/\D/) });
  if (!CREDIT_PROVINCES.has(division.slice(0, 2)) || (division.startsWith('10') && division !== '100000')) {
    return fail('division', { index: 2 });
  }
  const expected = creditCodeCheckChar(normalised);
  if (normalised.charAt(17) !== expected) return fail('checksum', { index: 17, expected });
  return {
    ok: true,
    code: normalised,
    registrationAuthority: authority,
    institutionType: type,
    divisionCode: division,
    organisationCode: normalised.slice(8, 17),
  };
}

// =============================================================================================
// Company names for the duplicate check (查重)
// =============================================================================================

/**
 * Legal-form suffixes (组织形式), longest first so 集团股份有限公司 is removed whole rather than
 * leaving 集团股份. Compared after NFKC, lower-casing and removal of spaces and punctuation.
 */
const CHINESE_LEGAL_FORMS = [
  '集团股份有限公司',
  '集团有限责任公司',
  '特殊普通合伙企业',
  '集团有限公司',
  '股份有限公司',
  '有限责任公司',
  '有限合伙企业',
  '普通合伙企业',
  '股份合作公司',
  '特殊普通合伙',
  '有限公司',
  '股份公司',
  '集团公司',
  '合伙企业',
  '有限合伙',
  '普通合伙',
  '总公司',
  '公司',
  '集团',
];

/** Legal forms that appear in brackets inside a name: 中国平安保险(集团)股份有限公司, XX律师事务所(特殊普通合伙). */
const BRACKETED_LEGAL_FORMS = new Set(['集团', '控股集团', '普通合伙', '有限合伙', '特殊普通合伙']);

/**
 * Latin legal forms, removed from the end when they stand as words: `Co., Ltd.`, `Co.,Ltd`,
 * `Company Limited`, `Inc.`, `Corp.`, `LLC`, `GmbH`, `AG`, `PLC`, `Pte. Ltd.`, `S.A.`, `B.V.`.
 * "As words" means preceded by a non-Latin character or the start, so `Disco` keeps its `co`.
 */
const LATIN_LEGAL_FORM =
  /(^|[^a-z0-9])(?:co|company|corp|corporation|inc|incorporated|ltd|limited|llc|l\.l\.c|gmbh|ag|plc|pte|pty|s\.?a|b\.?v)[\s.,&]*$/u;

/** Branch suffixes: the branch is a separate registration of the same company. */
const BRANCH_SUFFIX = /(分公司|分厂|分店|分部|办事处|营业部|分行|支行)$/u;

const BRACKETS = /[([【〔《<{]([^()[\]【】〔〕《》<>{}]*)[)\]】〕》>}]/gu;

/** Places that are not administrative divisions but are used like them in company names. */
const EXTRA_PLACES: ReadonlyMap<string, string> = new Map([
  ['中国', '中国'],
  ['中华', '中国'],
  ['china', '中国'],
  ['prc', '中国'],
]);

export type NormalisedCompanyName = {
  /**
   * The exact-match key: the name without spaces, punctuation, legal form, branch suffix and
   * place names, NFKC and lower-cased. `上海华信精密机械有限公司` and `华信精密机械(上海)有限公司`
   * both give `华信精密机械`. Store it (customers.name_key) with a btree index for exact lookups
   * and a trigram index for near names; rank the candidates with `compareCompanyNames`.
   */
  readonly key: string;
  /**
   * Place names found at the start (provinces and prefecture-level cities: 上海, 苏州) or in
   * brackets anywhere (any level: (昆山)), as canonical short names, in order. Kept apart from the
   * key because Chinese company names are 行政区划 + 字号 + 行业 + 组织形式: the same 字号 in two
   * places is often a different company (北京银行 / 南京银行) or a sister company, while the same
   * name written with the place in front or in brackets is the same company.
   */
  readonly places: readonly string[];
  /** The branch part, e.g. `苏州分公司` of `华信精密机械有限公司苏州分公司`, or null. */
  readonly branch: string | null;
  /** The removed legal form, e.g. `有限公司`, `co ltd`, or null. */
  readonly legalForm: string | null;
  /** Places followed by the key (`上海华信精密机械`): the whole name in one canonical order, for similarity. */
  readonly full: string;
};

const compact = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');

/** The canonical place for a whole string (bracket content), any level. */
function placeOf(text: string): string | undefined {
  return EXTRA_PLACES.get(text) ?? placeNames().all.get(text);
}

/** The longest province/prefecture place name `s` starts with, leaving at least 2 characters. */
function leadingPlace(s: string): { place: string; length: number } | undefined {
  const { major, maxLength } = placeNames();
  for (let len = Math.min(maxLength, s.length - 2); len >= 2; len--) {
    const prefix = s.slice(0, len);
    const place = EXTRA_PLACES.get(prefix) ?? major.get(prefix);
    if (place) return { place, length: len };
  }
  return undefined;
}

/** The longest place name (any level) `s` ends with, leaving at least 2 characters. */
function trailingPlace(s: string): { place: string; length: number } | undefined {
  const { all, maxLength } = placeNames();
  for (let len = Math.min(maxLength, s.length - 2); len >= 2; len--) {
    const place = all.get(s.slice(s.length - len));
    if (place) return { place, length: len };
  }
  return undefined;
}

function stripChineseLegalForm(s: string): { rest: string; form: string | null } {
  if (CHINESE_LEGAL_FORMS.includes(s)) return { rest: s, form: null }; // nothing but a legal form: keep it
  let rest = s;
  const removed: string[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const form of CHINESE_LEGAL_FORMS) {
      if (rest.endsWith(form) && rest.length - form.length >= 2) {
        rest = rest.slice(0, -form.length);
        removed.unshift(form);
        changed = true;
        break;
      }
    }
  }
  return { rest, form: removed.length ? removed.join('') : null };
}

/**
 * Normalises a company name for duplicate checks (see `NormalisedCompanyName` for the parts):
 * 1. `foldName`: NFKC (full-width letters, digits, brackets and spaces to half-width), Traditional
 *    Chinese to Simplified, Cyrillic/Greek look-alikes to Latin; then lower case. A change here
 *    changes stored keys: bump NAME_KEY_VERSION (names/fold.ts).
 * 2. Bracketed parts: a place name (any level, or 中国/China) is recorded as a place; a legal
 *    form such as (集团) or (普通合伙) is dropped; anything else stays as text.
 * 3. Latin legal forms at the end (Co., Ltd. / Inc. / GmbH …) are removed.
 * 4. Spaces and all punctuation, Chinese and ASCII (《》【】（）·、, .&…), are removed.
 * 5. A branch suffix (…有限公司苏州分公司, …北京分行) is split off into `branch`.
 * 6. Chinese legal forms at the end (有限公司, 股份有限公司, 集团有限公司, 集团, 公司 …) are removed.
 * 7. Up to three leading province or prefecture-level city names (江苏省苏州市…, 上海…) are moved to
 *    `places`, as long as two characters remain. County-level names count only in brackets: too
 *    many are ordinary words at the start of a name (长安, 东方, 新华).
 * Every step is the same for every name, so a wrong guess (a 字号 that is also a city) affects
 * both sides of a comparison alike.
 */
export function normaliseCompanyName(name: string): NormalisedCompanyName {
  const places: string[] = [];
  const legalForms: string[] = [];
  let s = foldName(name).toLowerCase().trim();

  s = s.replace(BRACKETS, (_whole, inner: string) => {
    const content = compact(inner);
    const place = placeOf(content);
    if (place) {
      places.push(place);
      return ' ';
    }
    if (BRACKETED_LEGAL_FORMS.has(content)) {
      legalForms.push(content);
      return ' ';
    }
    return ` ${inner} `;
  });

  for (let m = LATIN_LEGAL_FORM.exec(s); m && compact(s.slice(0, m.index + (m[1]?.length ?? 0))); m = LATIN_LEGAL_FORM.exec(s)) {
    legalForms.unshift(compact(s.slice(m.index + (m[1]?.length ?? 0))));
    s = s.slice(0, m.index + (m[1]?.length ?? 0)).trimEnd();
  }

  s = compact(s);

  let branch: string | null = null;
  const branchMatch = BRANCH_SUFFIX.exec(s);
  if (branchMatch && s.length > branchMatch[0].length) {
    const suffix = branchMatch[0];
    const rest = s.slice(0, -suffix.length);
    const companyEnd = rest.lastIndexOf('公司');
    if (companyEnd >= 0) {
      branch = rest.slice(companyEnd + 2) + suffix;
      s = rest.slice(0, companyEnd + 2);
    } else {
      const place = trailingPlace(rest);
      branch = place ? rest.slice(rest.length - place.length) + suffix : suffix;
      s = place ? rest.slice(0, rest.length - place.length) : rest;
    }
  }

  const stripped = stripChineseLegalForm(s);
  s = stripped.rest;
  if (stripped.form) legalForms.push(stripped.form);

  const leading: string[] = [];
  for (let i = 0; i < 3; i++) {
    const found = leadingPlace(s);
    if (!found) break;
    leading.push(found.place);
    s = s.slice(found.length);
  }
  places.unshift(...leading);

  const uniquePlaces = [...new Set(places)];
  return {
    key: s,
    places: uniquePlaces,
    branch,
    legalForm: legalForms.length ? legalForms.join('') : null,
    full: uniquePlaces.join('') + s,
  };
}

/** Character bigrams of a string (a single character counts as one gram), as a multiset. */
function bigrams(s: string): Map<string, number> {
  const chars = [...s];
  const grams = new Map<string, number>();
  if (chars.length === 1) grams.set(s, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = `${chars[i]}${chars[i + 1]}`;
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/**
 * Sørensen–Dice coefficient over character bigrams, 0..1. Bigrams rather than trigrams because
 * most Chinese words are two characters: 华信精密机械 and 华信机械 share 华信 and 机械, which
 * trigrams would not see.
 */
export function bigramSimilarity(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  for (const [g, n] of ga) shared += Math.min(n, gb.get(g) ?? 0);
  return total === 0 ? 0 : (2 * shared) / total;
}

export type NameMatchReason =
  /** Same key, same places (or neither has one), same branch. */
  | 'exact'
  /** Same key and branch; one side names a place the other does not mention (or they share one). */
  | 'exact_place_differs_in_detail'
  /** Same key and places, different branch (or branch vs head office). */
  | 'branch'
  /** Same key in different places: often a different company (北京银行 / 南京银行). */
  | 'same_name_other_place'
  | 'similar'
  | 'none';

export type NameMatch = { readonly score: number; readonly reason: NameMatchReason };

/** Scores are capped by reason so an exact match always outranks a merely similar name. */
export const NAME_SCORE = {
  exact: 1,
  exactPlaceDiffers: 0.95,
  branch: 0.85,
  maxOtherPlace: 0.8,
  maxSimilar: 0.9,
} as const;

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function placesCompatible(a: readonly string[], b: readonly string[]): boolean {
  return a.length === 0 || b.length === 0 || a.some((p) => b.includes(p));
}

/**
 * Compares two company names, 0..1 with the reason (see `NameMatchReason` and `NAME_SCORE`):
 * exact normalised matches score 1 / 0.95 / 0.85; otherwise the bigram similarity of the keys
 * (when the places do not contradict each other) or of the whole canonical names, capped at 0.9.
 * Deterministic, rounded to three decimals.
 */
export function compareCompanyNames(a: string | NormalisedCompanyName, b: string | NormalisedCompanyName): NameMatch {
  const na = typeof a === 'string' ? normaliseCompanyName(a) : a;
  const nb = typeof b === 'string' ? normaliseCompanyName(b) : b;
  if (!na.key || !nb.key) return { score: 0, reason: 'none' };
  const compatible = placesCompatible(na.places, nb.places);
  if (na.key === nb.key && compatible) {
    if (na.branch !== nb.branch) return { score: NAME_SCORE.branch, reason: 'branch' };
    const samePlaces = na.places.length === nb.places.length && na.places.every((p) => nb.places.includes(p));
    return samePlaces ? { score: NAME_SCORE.exact, reason: 'exact' } : { score: NAME_SCORE.exactPlaceDiffers, reason: 'exact_place_differs_in_detail' };
  }
  if (na.key === nb.key) {
    return { score: round3(Math.min(NAME_SCORE.maxOtherPlace, bigramSimilarity(na.full, nb.full))), reason: 'same_name_other_place' };
  }
  const similarity = Math.max(compatible ? bigramSimilarity(na.key, nb.key) : 0, bigramSimilarity(na.full, nb.full));
  const score = round3(Math.min(NAME_SCORE.maxSimilar, similarity));
  return { score, reason: score > 0 ? 'similar' : 'none' };
}

/** `compareCompanyNames(a, b).score`. */
export function nameMatchScore(a: string | NormalisedCompanyName, b: string | NormalisedCompanyName): number {
  return compareCompanyNames(a, b).score;
}

// =============================================================================================
// Phones
// =============================================================================================

export type PhoneInvalidReason = 'empty' | 'not_a_number' | 'invalid_country' | 'too_short' | 'too_long' | 'invalid';

export type PhoneResult =
  | {
      readonly ok: true;
      /** E.164, e.g. +8613912345678: store and compare this. */
      readonly e164: string;
      /** Extension (分机), if one was given: E.164 has no place for it. */
      readonly extension: string | null;
      readonly country: string | null;
      readonly type: 'mobile' | 'fixed_line' | 'other';
    }
  | { readonly ok: false; readonly reason: PhoneInvalidReason };

/** Chinese ways of writing an extension, rewritten to one libphonenumber understands. */
const CHINESE_EXTENSION = /\s*(?:转|分机|分机号|ext\.?|x)\s*[:：]?\s*(\d{1,6})\s*$/iu;

function parseOrNull(input: string, region: CountryCode): PhoneNumber | null {
  try {
    return parsePhoneNumberWithError(input, region);
  } catch (e) {
    if (e instanceof ParseError) return null;
    throw e;
  }
}

function lengthReason(input: string, region: CountryCode): PhoneInvalidReason {
  switch (validatePhoneNumberLength(input, region)) {
    case 'NOT_A_NUMBER':
      return 'not_a_number';
    case 'INVALID_COUNTRY':
      return 'invalid_country';
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    case 'INVALID_LENGTH':
    case undefined:
      return 'invalid';
  }
}

/**
 * Validates a phone number and normalises it to E.164. Numbers without a country code are read
 * in `defaultRegion` (China). Accepts what people type: spaces, dashes, brackets, full-width
 * digits, a leading 86 / 0086, `(0)`, and extensions written `转 123`, `分机123`, `ext. 123` or
 * as a dash after a valid landline (`021-68888888-123`). Uses the full metadata of
 * libphonenumber-js ("max"), so a number must match the number plan, not only have the right
 * length: 12345678901 is rejected.
 */
export function normalisePhone(input: string, defaultRegion: CountryCode = 'CN'): PhoneResult {
  const text = input.normalize('NFKC').trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (defaultRegion === 'CN' && CHINESE_MOBILE_TYPED.test(text)) return mobileAsTyped(text);
  return parsePhone(text, defaultRegion);
}

/** A mobile as most people type it: eleven digits from 13 to 19, nothing else. */
const CHINESE_MOBILE_TYPED = /^1[3-9]\d{9}$/;

/**
 * What the number plan says of eleven digits from 13 to 19 depends on their first five only
 * (the mobile ranges in libphonenumber's metadata go down to 1740[0-5]; no carrier prefix starts
 * there), so each five-digit prefix is parsed once and its outcome reused: an import of 100,000
 * contacts spent 2.5 s of its 14 s of Node's CPU parsing their mobiles (~25 µs each). A prefix
 * whose number did not come out as +86 and the same digits is parsed every time.
 */
const mobilePrefixes = new Map<string, { ok: true; type: 'mobile' | 'fixed_line' | 'other' } | { ok: false; reason: PhoneInvalidReason } | null>();

function mobileAsTyped(digits: string): PhoneResult {
  const prefix = digits.slice(0, 5);
  const known = mobilePrefixes.get(prefix);
  if (known) return known.ok ? { ok: true, e164: `+86${digits}`, extension: null, country: 'CN', type: known.type } : known;
  const parsed = parsePhone(digits, 'CN');
  if (known === undefined) {
    const plain = parsed.ok ? parsed.e164 === `+86${digits}` && parsed.country === 'CN' && parsed.extension === null : true;
    mobilePrefixes.set(prefix, plain ? (parsed.ok ? { ok: true, type: parsed.type } : parsed) : null);
  }
  return parsed;
}

function parsePhone(input: string, defaultRegion: CountryCode): PhoneResult {
  const text = input.replace(CHINESE_EXTENSION, ' ext. $1');
  let parsed = parseOrNull(text, defaultRegion);
  if (!parsed?.isValid()) {
    // 021-68888888-123: a valid number followed by a dash and a short extension
    const dashed = /^(.*\d)\s*-\s*(\d{1,6})$/u.exec(text);
    const head = dashed?.[1] ? parseOrNull(dashed[1], defaultRegion) : null;
    if (head?.isValid() && !head.ext && dashed?.[2]) {
      parsed = head;
      parsed.ext = dashed[2];
    }
  }
  if (!parsed) return { ok: false, reason: lengthReason(text, defaultRegion) };
  if (!parsed.isValid()) {
    const reason = lengthReason(text, defaultRegion);
    return { ok: false, reason };
  }
  const type = parsed.getType();
  return {
    ok: true,
    e164: parsed.number,
    extension: parsed.ext ?? null,
    country: parsed.country ?? null,
    type: type === 'MOBILE' ? 'mobile' : type === 'FIXED_LINE' ? 'fixed_line' : 'other',
  };
}

const E164_CHINESE_MOBILE = /^\+861[3-9]\d{9}$/;

function parseE164(e164: string): PhoneNumber | null {
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) return null;
  return parseOrNull(e164, 'CN');
}

/**
 * Display form of a stored E.164 number: national format for Chinese numbers, as Chinese users
 * write them (`139 1234 5678`, `021 6888 8888`), international otherwise (`+852 2123 4567`).
 * The extension, when given, is appended as ` 转 123`. Unparseable input is returned unchanged,
 * so a bad stored value is still shown rather than hidden.
 */
export function formatPhone(e164: string, extension?: string | null): string {
  const parsed = parseE164(e164);
  if (!parsed) return e164;
  const main = parsed.countryCallingCode === '86' ? parsed.formatNational() : parsed.formatInternational();
  return extension ? `${main} 转 ${extension}` : main;
}

/**
 * The digits a phone is found by in the search box ("any 4+ consecutive digits"): the E.164
 * digits, and, when different, a space and the national digits with trunk prefix, because
 * people search a landline as they dial it: +862168888888 → `862168888888 02168888888`, so
 * `0216888` and `8621` both match. A Chinese mobile gives `8613912345678` (which contains the
 * national number). Store it in a column with a trigram index and search with `like '%digits%'`;
 * the space keeps a query from matching across the two forms.
 */
export function phoneDigitsForSearch(e164: string): string {
  // A Chinese mobile: its national digits are the international ones without 86 (see normalisePhone).
  if (E164_CHINESE_MOBILE.test(e164) && mobilePrefixes.get(e164.slice(3, 8))?.ok) return e164.slice(1);
  const parsed = parseE164(e164);
  const international = e164.replace(/\D/g, '');
  if (!parsed) return international;
  const national = parsed.formatNational().replace(/\D/g, '');
  return international.includes(national) ? international : `${international} ${national}`;
}

/** The digits of a search box input if it is a phone search (4 or more digits, nothing but separators), else null. */
export function phoneSearchDigits(query: string): string | null {
  const text = query.normalize('NFKC').trim();
  if (!/^[\d\s\-+()]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length >= 4 ? digits : null;
}

// =============================================================================================
// Email
// =============================================================================================

/**
 * The form emails are matched by: NFKC (full-width ＠ and letters typed with a Chinese input
 * method), trimmed, lower-cased. Nothing provider-specific (no Gmail dot or plus folding): most
 * Chinese providers (qq.com, 163.com, corporate mail) treat those as different addresses.
 */
export function normaliseEmail(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}
