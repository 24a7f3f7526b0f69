/**
 * Checking the numbering patterns admins save (编号规则). Pure: the parser and renderer live with
 * the customer rules (`parseNumberPattern`), this adds what depends on the entity and turns a
 * refusal into a field and a catalogue message.
 */
import { NUMBERED_ENTITIES, type NumberedEntity, type NumberingPatterns } from '../../../contracts/numbering.ts';
import type { ErrorDetail } from '../../platform/errors.ts';
import { MAX_SEQ_WIDTH, parseNumberPattern, patternUsesIndustry, type NumberPattern, type PatternError } from '../customers/customers.rules.ts';

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
