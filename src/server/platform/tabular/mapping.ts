import { createHash } from 'node:crypto';

/** A target field of an import as the mapping step knows it: its key and the names users give it. */
export interface FieldLabels {
  key: string;
  zh: string;
  en: string;
  /** Other column names that mean this field: 企业名称, 客户名称, Company… */
  aliases?: readonly string[];
  /** A mapping that leaves it out is incomplete (see mappingProblems). */
  required?: boolean;
}

/** File header → field key, or null for a column that is not imported. */
export type ColumnMapping = Record<string, string | null>;

const PUNCTUATION = /[\s\p{P}\p{S}]+/gu;
const BRACKETED = /[([{【〔〖「『<《][^)\]}】〕〗」』>》]*[)\]}】〕〗」』>》]/g;

/**
 * A label reduced to what tells it apart: NFKC (full-width Ａ１（ to half-width A1(, the
 * ideographic space to a space), lower case, no spaces, punctuation or symbols (so `*客户名称`,
 * `客户 名称:` and `Company_Name` compare as their letters).
 */
export function normaliseLabel(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(PUNCTUATION, '');
}

/** The label without bracketed hints: `联系电话（必填）`, `成立日期(yyyy-mm-dd)` → `联系电话`, `成立日期`. */
function coreLabel(text: string): string {
  return normaliseLabel(text.normalize('NFKC').replace(BRACKETED, ''));
}

const HAS_NON_ASCII = /[^\p{ASCII}]/u;

/** Latin text as lower-case words: `Contact_Name`, `contactName`, `CONTACT NAME` → `contact name`. */
function words(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * How a label sits inside a longer header: Chinese labels by characters (at least 2 to end the
 * header, 3 anywhere in it), Latin labels by whole words only (`Nickname` holds no `name`).
 */
function partialMatch(header: string, label: string): 'suffix' | 'inside' | null {
  if (HAS_NON_ASCII.test(label)) {
    const core = coreLabel(header);
    const bare = normaliseLabel(label);
    if (bare.length >= 2 && core.endsWith(bare)) return 'suffix';
    if (bare.length >= 3 && core.includes(bare)) return 'inside';
    return null;
  }
  const headerWords = ` ${words(header.normalize('NFKC').replace(BRACKETED, ' '))} `;
  const labelWords = words(label);
  if (!labelWords) return null;
  if (headerWords.endsWith(` ${labelWords} `)) return 'suffix';
  if (headerWords.includes(` ${labelWords} `)) return 'inside';
  return null;
}

/**
 * How well a file header names a field: 100 same label, 90 same once bracketed hints are
 * dropped, 50+ the label ends the header (Chinese compounds put the head noun last: 联系人电话 is
 * a phone), 20+ the header contains the label; longer labels win among partial matches. 0: no match.
 */
function matchScore(header: string, field: FieldLabels): number {
  const full = normaliseLabel(header);
  const core = coreLabel(header);
  if (!full && !core) return 0;
  let best = 0;
  for (const raw of [field.key, field.zh, field.en, ...(field.aliases ?? [])]) {
    const label = normaliseLabel(raw);
    if (!label) continue;
    if (label === full) return 100;
    if (label === core) best = Math.max(best, 90);
    const partial = partialMatch(header, raw);
    if (partial === 'suffix') best = Math.max(best, 50 + label.length);
    else if (partial === 'inside') best = Math.max(best, 20 + label.length);
  }
  return best;
}

/**
 * Suggests which field each file header fills: best matches first, each field used once, ties
 * going to the earlier header and then the earlier field, so the same file always gets the same
 * suggestion. Unmatched headers map to null.
 */
export function suggestMapping(headers: readonly string[], fields: readonly FieldLabels[]): ColumnMapping {
  const candidates: { header: number; field: number; score: number }[] = [];
  headers.forEach((header, h) => {
    fields.forEach((field, f) => {
      const score = matchScore(header, field);
      if (score > 0) candidates.push({ header: h, field: f, score });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.header - b.header || a.field - b.field);
  const mapping: ColumnMapping = {};
  for (const header of headers) mapping[header] = null;
  const usedFields = new Set<number>();
  const usedHeaders = new Set<number>();
  for (const { header, field } of candidates) {
    if (usedHeaders.has(header) || usedFields.has(field)) continue;
    const name = headers[header];
    const key = fields[field]?.key;
    if (name === undefined || key === undefined) continue;
    mapping[name] = key;
    usedHeaders.add(header);
    usedFields.add(field);
  }
  return mapping;
}

export type MappingProblem =
  | { kind: 'unknownHeader'; header: string }
  | { kind: 'unknownField'; header: string; field: string }
  | { kind: 'duplicateField'; field: string; headers: string[] }
  | { kind: 'missingRequired'; field: string };

/**
 * What is wrong with a mapping (e.g. one sent back by the import wizard) for a file's headers and
 * the fields of an import: headers not in the file, fields that do not exist, a field filled from
 * two columns, required fields left out. Empty when it can be applied.
 */
export function mappingProblems(mapping: ColumnMapping, headers: readonly string[], fields: readonly FieldLabels[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const headerSet = new Set(headers);
  const fieldKeys = new Set(fields.map((f) => f.key));
  const byField = new Map<string, string[]>();
  for (const [header, field] of Object.entries(mapping)) {
    if (!headerSet.has(header)) problems.push({ kind: 'unknownHeader', header });
    if (field === null) continue;
    if (!fieldKeys.has(field)) {
      problems.push({ kind: 'unknownField', header, field });
      continue;
    }
    byField.set(field, [...(byField.get(field) ?? []), header]);
  }
  for (const [field, mapped] of byField) if (mapped.length > 1) problems.push({ kind: 'duplicateField', field, headers: mapped });
  for (const field of fields) if (field.required && !byField.has(field.key)) problems.push({ kind: 'missingRequired', field: field.key });
  return problems;
}

/**
 * A row's values by field key, trimmed; columns mapped to null are left out, a field whose column
 * is missing from the row is ''. Should two columns map to one field, the first non-empty wins
 * (mappingProblems reports that case before an import starts).
 */
export function applyMapping(values: Readonly<Record<string, string>>, mapping: ColumnMapping): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [header, field] of Object.entries(mapping)) {
    if (field === null) continue;
    const value = (Object.hasOwn(values, header) ? (values[header] ?? '') : '').trim();
    if (!record[field]) record[field] = value;
  }
  return record;
}

/**
 * A stable fingerprint of a file layout, to remember a user's mapping for the next file of the
 * same layout (the monthly export of the same system). The exact header names, in any order:
 * the mapping is by name, so a moved column still maps the same way. 32 hex characters.
 */
export function headerSignature(headers: readonly string[]): string {
  const names = [...new Set(headers)].sort();
  return createHash('sha256').update(JSON.stringify(['tabular-headers-v1', names])).digest('hex').slice(0, 32);
}
