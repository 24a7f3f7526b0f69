import { MAX_SEGMENT_CONDITIONS, MAX_SEGMENT_DEPTH, OPERATORS_OF_TYPE, SEGMENT_FIELDS, type SegmentCondition, type SegmentEntity, type SegmentField, type SegmentGroup, type SegmentOperator } from '../../../contracts/segments.ts';
import { CHANNEL_KEY_PATTERN } from '../../../contracts/vocabulary.ts';

/**
 * The rules of segment definitions (客户分群), as pure functions: a condition tree is checked
 * field by field against the entity's catalogue before it is saved, counted or compiled, so the
 * query builder only ever sees known fields, operators and well-formed values.
 */

export interface DefinitionProblem {
  path: string;
  key: string;
  params?: Record<string, string | number>;
}

/** A condition whose field, operator and value were checked: what the query builder compiles. */
export type CheckedValue =
  | { kind: 'none' }
  | { kind: 'keys'; keys: string[] }
  | { kind: 'day'; day: string }
  | { kind: 'days'; from: string; to: string }
  | { kind: 'lastDays'; days: number }
  | { kind: 'int'; value: number }
  | { kind: 'range'; min: number; max: number }
  | { kind: 'bool'; value: boolean };

export interface CheckedCondition {
  field: SegmentField;
  op: SegmentOperator;
  value: CheckedValue;
}
export interface CheckedGroup {
  match: 'all' | 'any';
  conditions: (CheckedCondition | CheckedGroup)[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MAX_KEYS = 500;
/** 100 years of days and ten billion yuan in fen are beyond any real condition. */
const MAX_DAYS = 36_500;
const MAX_INT = 1_000_000_000_000_000;

const KEY_SHAPE: Partial<Record<SegmentField['type'], (k: string) => boolean>> = {
  industry: (k) => /^[A-Z]{2,8}$/.test(k),
  channel: (k) => CHANNEL_KEY_PATTERN.test(k),
  province: (k) => /^\d{2}0000$/.test(k),
  user: (k) => UUID.test(k),
  department: (k) => UUID.test(k),
  tags: (k) => UUID.test(k),
  campaign: (k) => UUID.test(k),
};

function validDay(text: unknown): text is string {
  if (typeof text !== 'string' || !DAY.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text && Number(text.slice(0, 4)) >= 1900 && Number(text.slice(0, 4)) <= 2200;
}

const isInt = (v: unknown, min = 0, max = MAX_INT): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** The value an operator needs on a field, checked; a problem key otherwise. */
export function checkValue(field: SegmentField, op: SegmentOperator, value: unknown): CheckedValue | { problem: string; params?: Record<string, string | number> } {
  switch (op) {
    case 'isEmpty':
    case 'isNotEmpty':
      return { kind: 'none' };
    case 'in':
    case 'notIn':
    case 'hasAny':
    case 'hasAll':
    case 'hasNone':
    case 'memberOf':
    case 'notMemberOf':
    case 'opened':
    case 'clicked':
    case 'responded': {
      const anyAllowed = field.type === 'campaign';
      if (!Array.isArray(value) || (!anyAllowed && value.length === 0)) return { problem: 'segment.valueList' };
      if (value.length > MAX_KEYS) return { problem: 'segment.valueTooMany', params: { max: MAX_KEYS } };
      const shape = KEY_SHAPE[field.type];
      for (const k of value) {
        if (typeof k !== 'string') return { problem: 'segment.valueList' };
        if (field.type === 'enum' ? !field.values?.includes(k) : shape && !shape(k)) return { problem: 'segment.valueUnknown', params: { value: String(k).slice(0, 40) } };
      }
      return { kind: 'keys', keys: [...new Set(value as string[])] };
    }
    case 'before':
    case 'after':
      return validDay(value) ? { kind: 'day', day: value } : { problem: 'segment.valueDay' };
    case 'withinLastDays':
    case 'notWithinLastDays':
      return isInt(value, 1, MAX_DAYS) ? { kind: 'lastDays', days: value } : { problem: 'segment.valueDays', params: { max: MAX_DAYS } };
    case 'between':
      if (!Array.isArray(value) || value.length !== 2) return { problem: field.type === 'date' ? 'segment.valueDayRange' : 'segment.valueRange' };
      if (field.type === 'date') {
        const [from, to] = value as unknown[];
        if (!validDay(from) || !validDay(to)) return { problem: 'segment.valueDayRange' };
        return from <= to ? { kind: 'days', from, to } : { problem: 'segment.rangeOrder' };
      } else {
        const [min, max] = value as unknown[];
        if (!isInt(min) || !isInt(max)) return { problem: 'segment.valueRange' };
        return min <= max ? { kind: 'range', min, max } : { problem: 'segment.rangeOrder' };
      }
    case 'eq':
    case 'gte':
    case 'lte':
      return isInt(value) ? { kind: 'int', value } : { problem: 'segment.valueInt' };
    case 'is':
      return typeof value === 'boolean' ? { kind: 'bool', value } : { problem: 'segment.valueBool' };
  }
}

const isGroup = (c: SegmentCondition | SegmentGroup): c is SegmentGroup => 'conditions' in c;

/**
 * Checks a definition against the entity's fields: known fields, operators of the field's type,
 * values of the right shape, at most MAX_SEGMENT_CONDITIONS conditions and MAX_SEGMENT_DEPTH
 * levels. Problems name the path in the request (`definition.conditions.1.value`).
 */
export function checkDefinition(entity: SegmentEntity, definition: SegmentGroup, path = 'definition'): { checked: CheckedGroup; problems: DefinitionProblem[] } {
  const fields = new Map(SEGMENT_FIELDS[entity].map((f) => [f.key, f]));
  const problems: DefinitionProblem[] = [];
  let count = 0;
  const walk = (group: SegmentGroup, at: string, depth: number): CheckedGroup => {
    if (depth > MAX_SEGMENT_DEPTH) problems.push({ path: at, key: 'segment.tooDeep', params: { max: MAX_SEGMENT_DEPTH } });
    const conditions: CheckedGroup['conditions'] = [];
    group.conditions.forEach((c, i) => {
      const here = `${at}.conditions.${i}`;
      if (isGroup(c)) {
        conditions.push(walk(c, here, depth + 1));
        return;
      }
      count++;
      const field = fields.get(c.field);
      if (!field) {
        problems.push({ path: `${here}.field`, key: 'segment.unknownField', params: { field: c.field.slice(0, 60) } });
        return;
      }
      if (!OPERATORS_OF_TYPE[field.type].includes(c.op)) {
        problems.push({ path: `${here}.op`, key: 'segment.operatorNotForField', params: { op: c.op, allowed: OPERATORS_OF_TYPE[field.type].join(', ') } });
        return;
      }
      const value = checkValue(field, c.op, c.value);
      if ('problem' in value) {
        problems.push({ path: `${here}.value`, key: value.problem, ...(value.params ? { params: value.params } : {}) });
        return;
      }
      conditions.push({ field, op: c.op, value });
    });
    return { match: group.match, conditions };
  };
  const checked = walk(definition, path, 1);
  if (count > MAX_SEGMENT_CONDITIONS) problems.push({ path, key: 'segment.tooManyConditions', params: { max: MAX_SEGMENT_CONDITIONS } });
  return { checked, problems };
}

/** The statuses a campaign fact counts: opened = opened or further along, clicked likewise, responded = signed up, came, answered or converted. */
export const CAMPAIGN_FACT_STATUSES: Record<'opened' | 'clicked' | 'responded', readonly string[]> = {
  opened: ['opened', 'clicked', 'registered', 'attended', 'responded', 'converted'],
  clicked: ['clicked', 'registered', 'attended', 'responded', 'converted'],
  responded: ['registered', 'attended', 'responded', 'converted'],
};
