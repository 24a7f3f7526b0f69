import { describe, expect, it } from 'vitest';
import { SEGMENT_FIELDS } from '../../../contracts/segments.ts';
import { checkDefinition, checkValue } from './segments.rules.ts';

const field = (entity: 'customer' | 'lead' | 'contact', key: string) => {
  const f = SEGMENT_FIELDS[entity].find((x) => x.key === key);
  if (!f) throw new Error(key);
  return f;
};
const TAG = '0190a000-0000-7000-8000-000000000001';

describe('segment values', () => {
  it('lists of keys: known enum values, well-formed codes and ids, none empty but for "any campaign"', () => {
    expect(checkValue(field('customer', 'stage'), 'in', ['intent', 'customer', 'intent'])).toEqual({ kind: 'keys', keys: ['intent', 'customer'] });
    expect(checkValue(field('customer', 'stage'), 'in', ['vip'])).toEqual({ problem: 'segment.valueUnknown', params: { value: 'vip' } });
    expect(checkValue(field('customer', 'stage'), 'in', [])).toEqual({ problem: 'segment.valueList' });
    expect(checkValue(field('customer', 'industryCode'), 'in', ['MANU'])).toEqual({ kind: 'keys', keys: ['MANU'] });
    expect(checkValue(field('customer', 'industryCode'), 'in', ['制造业'])).toMatchObject({ problem: 'segment.valueUnknown' });
    expect(checkValue(field('customer', 'provinceCode'), 'in', ['320000'])).toEqual({ kind: 'keys', keys: ['320000'] });
    expect(checkValue(field('customer', 'tags'), 'hasAll', [TAG])).toEqual({ kind: 'keys', keys: [TAG] });
    expect(checkValue(field('customer', 'tags'), 'hasAll', ['重点'])).toMatchObject({ problem: 'segment.valueUnknown' });
    expect(checkValue(field('customer', 'campaign'), 'memberOf', [])).toEqual({ kind: 'keys', keys: [] });
    expect(checkValue(field('customer', 'ownerId'), 'in', 'someone')).toEqual({ problem: 'segment.valueList' });
    expect(checkValue(field('customer', 'ownerId'), 'isEmpty', undefined)).toEqual({ kind: 'none' });
  });

  it('dates: real days, ranges in order, a positive number of days', () => {
    expect(checkValue(field('customer', 'createdAt'), 'after', '2026-01-31')).toEqual({ kind: 'day', day: '2026-01-31' });
    expect(checkValue(field('customer', 'createdAt'), 'after', '2026-02-30')).toEqual({ problem: 'segment.valueDay' });
    expect(checkValue(field('customer', 'createdAt'), 'between', ['2026-03-01', '2026-03-31'])).toEqual({ kind: 'days', from: '2026-03-01', to: '2026-03-31' });
    expect(checkValue(field('customer', 'createdAt'), 'between', ['2026-03-31', '2026-03-01'])).toEqual({ problem: 'segment.rangeOrder' });
    expect(checkValue(field('customer', 'lastFollowUpAt'), 'notWithinLastDays', 30)).toEqual({ kind: 'lastDays', days: 30 });
    expect(checkValue(field('customer', 'lastFollowUpAt'), 'withinLastDays', 0)).toMatchObject({ problem: 'segment.valueDays' });
    expect(checkValue(field('customer', 'lastFollowUpAt'), 'withinLastDays', 1.5)).toMatchObject({ problem: 'segment.valueDays' });
  });

  it('numbers and money: whole, not negative, ranges in order; booleans', () => {
    expect(checkValue(field('customer', 'paidOrderCount'), 'gte', 2)).toEqual({ kind: 'int', value: 2 });
    expect(checkValue(field('customer', 'paidOrderCount'), 'gte', -1)).toEqual({ problem: 'segment.valueInt' });
    expect(checkValue(field('customer', 'lifetimeValueFen'), 'between', [100_000_00, 500_000_00])).toEqual({ kind: 'range', min: 100_000_00, max: 500_000_00 });
    expect(checkValue(field('customer', 'lifetimeValueFen'), 'between', [5, 1])).toEqual({ problem: 'segment.rangeOrder' });
    expect(checkValue(field('customer', 'repurchase'), 'is', true)).toEqual({ kind: 'bool', value: true });
    expect(checkValue(field('customer', 'repurchase'), 'is', 'yes')).toEqual({ problem: 'segment.valueBool' });
  });
});

describe('segment definitions', () => {
  it('names the path of each problem: unknown field, operator not for the field, bad value', () => {
    const { problems } = checkDefinition('customer', {
      match: 'all',
      conditions: [
        { field: 'stage', op: 'in', value: ['customer'] },
        { field: 'budget', op: 'in', value: ['x'] },
        { match: 'any', conditions: [{ field: 'tags', op: 'in', value: [TAG] }, { field: 'createdAt', op: 'after', value: 'yesterday' }] },
      ],
    });
    expect(problems).toEqual([
      { path: 'definition.conditions.1.field', key: 'segment.unknownField', params: { field: 'budget' } },
      { path: 'definition.conditions.2.conditions.0.op', key: 'segment.operatorNotForField', params: { op: 'in', allowed: 'hasAny, hasAll, hasNone' } },
      { path: 'definition.conditions.2.conditions.1.value', key: 'segment.valueDay' },
    ]);
  });

  it('checks each entity against its own fields: a contact tests its customer’s, a lead its own', () => {
    expect(checkDefinition('contact', { match: 'all', conditions: [{ field: 'customer.stage', op: 'in', value: ['customer'] }, { field: 'hasEmail', op: 'is', value: true }] }).problems).toEqual([]);
    expect(checkDefinition('lead', { match: 'all', conditions: [{ field: 'stage', op: 'in', value: ['customer'] }] }).problems[0]?.key).toBe('segment.unknownField');
    expect(checkDefinition('lead', { match: 'all', conditions: [{ field: 'status', op: 'notIn', value: ['converted', 'disqualified'] }, { field: 'campaign', op: 'responded', value: [] }] }).problems).toEqual([]);
  });

  it('keeps the tree: groups, their match and the checked values', () => {
    const { checked, problems } = checkDefinition('customer', { match: 'any', conditions: [{ match: 'all', conditions: [{ field: 'grade', op: 'in', value: ['A'] }] }, { field: 'repurchase', op: 'is', value: true }] });
    expect(problems).toEqual([]);
    expect(checked.match).toBe('any');
    expect(checked.conditions).toHaveLength(2);
    expect(checked.conditions[0]).toMatchObject({ match: 'all', conditions: [{ op: 'in', value: { kind: 'keys', keys: ['A'] } }] });
  });

  it('refuses more than 50 conditions and more than 4 levels', () => {
    const many = { match: 'all' as const, conditions: Array.from({ length: 26 }, () => ({ match: 'all' as const, conditions: [{ field: 'grade', op: 'in' as const, value: ['A'] }, { field: 'grade', op: 'in' as const, value: ['B'] }] })) };
    expect(checkDefinition('customer', many).problems).toEqual([{ path: 'definition', key: 'segment.tooManyConditions', params: { max: 50 } }]);
    const deep = { match: 'all' as const, conditions: [{ match: 'all' as const, conditions: [{ match: 'all' as const, conditions: [{ match: 'all' as const, conditions: [{ match: 'all' as const, conditions: [] }] }] }] }] };
    expect(checkDefinition('customer', deep).problems).toEqual([{ path: 'definition.conditions.0.conditions.0.conditions.0.conditions.0', key: 'segment.tooDeep', params: { max: 4 } }]);
  });
});
