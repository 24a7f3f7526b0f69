import { describe, expect, it } from 'vitest';
import { MAX_SEGMENT_CONDITIONS } from '../../../contracts/segments.ts';
import {
  addCondition,
  addGroup,
  apiValue,
  changeCondition,
  conditionCount,
  emptyGroup,
  fenToYuan,
  fromDefinition,
  issuesByNode,
  mayAddGroup,
  newCondition,
  nodeAt,
  nodeKeyOfIssue,
  removeAt,
  setMatch,
  toDefinition,
  valueKindOf,
  withField,
  withOperator,
  yuanToFen,
  type EditorGroup,
} from './segmentEditor.ts';

describe('conditions', () => {
  it('start with the field’s first operator and an empty value of its kind', () => {
    expect(newCondition('customer', 'industryCode')).toEqual({ kind: 'condition', field: 'industryCode', op: 'in', value: [] });
    expect(newCondition('customer', 'paidOrderCount')).toEqual({ kind: 'condition', field: 'paidOrderCount', op: 'eq', value: 0 });
    expect(newCondition('customer', 'repurchase')).toEqual({ kind: 'condition', field: 'repurchase', op: 'is', value: true });
    expect(newCondition('customer', 'createdAt')).toEqual({ kind: 'condition', field: 'createdAt', op: 'before', value: null });
    expect(newCondition('lead').field).toBe('status');
    expect(newCondition('customer', 'nope').field).toBe('kind');
  });

  it('know how each operator’s value is entered', () => {
    expect(valueKindOf('date', 'between')).toBe('dateRange');
    expect(valueKindOf('money', 'between')).toBe('moneyRange');
    expect(valueKindOf('number', 'between')).toBe('integerRange');
    expect(valueKindOf('money', 'gte')).toBe('money');
    expect(valueKindOf('date', 'withinLastDays')).toBe('days');
    expect(valueKindOf('enum', 'isEmpty')).toBe('none');
    expect(valueKindOf('campaign', 'opened')).toBe('list');
    expect(valueKindOf('tags', 'hasAll')).toBe('list');
  });

  it('reset the operator and value on another field, and the value only when the operator takes another kind', () => {
    const stage = { ...newCondition('customer', 'stage'), value: ['won'] };
    expect(withField('customer', stage, 'stage')).toBe(stage);
    expect(withField('customer', stage, 'lifetimeValueFen')).toEqual({ kind: 'condition', field: 'lifetimeValueFen', op: 'gte', value: null });
    expect(withOperator('customer', stage, 'notIn').value).toEqual(['won']);
    expect(withOperator('customer', stage, 'isEmpty').value).toBeNull();
    const money = { kind: 'condition' as const, field: 'lifetimeValueFen', op: 'gte' as const, value: '100' };
    expect(withOperator('customer', money, 'lte').value).toBe('100');
    expect(withOperator('customer', money, 'between').value).toEqual([null, null]);
  });
});

describe('the tree', () => {
  it('adds, changes and removes conditions and groups by path', () => {
    let root = emptyGroup();
    root = addCondition(root, [], 'customer', 'industryCode');
    root = addGroup(root, [], 'customer');
    root = addCondition(root, [1], 'customer', 'repurchase');
    expect(conditionCount(root)).toBe(3);
    expect(nodeAt(root, [1])).toMatchObject({ kind: 'group', match: 'any' });
    root = changeCondition(root, [0], (c) => ({ ...c, value: ['C'] }));
    expect(nodeAt(root, [0])).toMatchObject({ value: ['C'] });
    root = setMatch(root, [1], 'all');
    expect(nodeAt(root, [1])).toMatchObject({ match: 'all' });
    root = removeAt(root, [1, 0]);
    expect(conditionCount(root)).toBe(2);
    expect(nodeAt(root, [1, 0])).toMatchObject({ field: 'repurchase' });
    expect(removeAt(root, [])).toBe(root);
  });

  it('nests groups to four levels and stops at 50 conditions', () => {
    let root = emptyGroup();
    root = addGroup(root, [], 'customer');
    root = addGroup(root, [0], 'customer');
    root = addGroup(root, [0, 1], 'customer');
    expect(nodeAt(root, [0, 1, 1])).toMatchObject({ kind: 'group' });
    expect(mayAddGroup(root, [0, 1, 1])).toBe(false);
    expect(addGroup(root, [0, 1, 1], 'customer')).toBe(root);
    let full: EditorGroup = emptyGroup();
    for (let i = 0; i < MAX_SEGMENT_CONDITIONS + 3; i++) full = addCondition(full, [], 'customer');
    expect(conditionCount(full)).toBe(MAX_SEGMENT_CONDITIONS);
  });
});

describe('yuan and fen', () => {
  it('turns typed yuan into fen on the digits, and back', () => {
    expect(yuanToFen('1000')).toBe(100_000);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen(12.5)).toBe(1250);
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('')).toBeNull();
    expect(fenToYuan(123_450)).toBe('1234.50');
  });
});

describe('the API value', () => {
  it('takes what each operator needs and refuses what is incomplete', () => {
    expect(apiValue('industry', 'in', ['C'])).toEqual({ value: ['C'] });
    expect(apiValue('industry', 'in', [])).toBeUndefined();
    expect(apiValue('campaign', 'memberOf', [])).toEqual({ value: [] });
    expect(apiValue('enum', 'isEmpty', null)).toEqual({});
    expect(apiValue('boolean', 'is', false)).toEqual({ value: false });
    expect(apiValue('date', 'after', '2026-01-31')).toEqual({ value: '2026-01-31' });
    expect(apiValue('date', 'after', null)).toBeUndefined();
    expect(apiValue('date', 'between', ['2026-01-01', '2026-03-31'])).toEqual({ value: ['2026-01-01', '2026-03-31'] });
    expect(apiValue('date', 'between', ['2026-03-31', '2026-01-01'])).toBeUndefined();
    expect(apiValue('date', 'withinLastDays', 30)).toEqual({ value: 30 });
    expect(apiValue('date', 'withinLastDays', 0)).toBeUndefined();
    expect(apiValue('number', 'gte', 0)).toEqual({ value: 0 });
    expect(apiValue('number', 'gte', 1.5)).toBeUndefined();
    expect(apiValue('number', 'between', [1, 3])).toEqual({ value: [1, 3] });
    expect(apiValue('number', 'between', [3, 1])).toBeUndefined();
    expect(apiValue('money', 'gte', '5000.5')).toEqual({ value: 500_050 });
    expect(apiValue('money', 'between', ['100', '200'])).toEqual({ value: [10_000, 20_000] });
    expect(apiValue('money', 'lte', null)).toBeUndefined();
  });
});

describe('the definition', () => {
  const tree: EditorGroup = {
    kind: 'group',
    match: 'all',
    nodes: [
      { kind: 'condition', field: 'industryCode', op: 'in', value: ['C'] },
      { kind: 'condition', field: 'lifetimeValueFen', op: 'gte', value: '1000' },
      { kind: 'group', match: 'any', nodes: [{ kind: 'condition', field: 'repurchase', op: 'is', value: false }, { kind: 'condition', field: 'createdAt', op: 'isEmpty', value: null }] },
    ],
  };

  it('is the tree with money in fen, and reads back with money in yuan', () => {
    const { definition, incomplete } = toDefinition('customer', tree);
    expect(incomplete).toEqual([]);
    expect(definition).toEqual({
      match: 'all',
      conditions: [
        { field: 'industryCode', op: 'in', value: ['C'] },
        { field: 'lifetimeValueFen', op: 'gte', value: 100_000 },
        { match: 'any', conditions: [{ field: 'repurchase', op: 'is', value: false }, { field: 'createdAt', op: 'isEmpty' }] },
      ],
    });
    expect(fromDefinition('customer', definition)).toEqual({ ...tree, nodes: [tree.nodes[0], { ...tree.nodes[1], value: '1000.00' }, tree.nodes[2]] });
    expect(fromDefinition('customer', null)).toEqual(emptyGroup());
  });

  it('names the conditions that are not complete, by path', () => {
    const half = changeCondition(changeCondition(tree, [0], (c) => ({ ...c, value: [] })), [2, 1], (c) => ({ ...c, op: 'after' }));
    expect(toDefinition('customer', half).incomplete).toEqual(['0', '2.1']);
    expect(toDefinition('lead', tree).incomplete).toEqual(['1', '2.0', '2.1']);
  });
});

describe('errors from the API', () => {
  it('land on the condition their path names', () => {
    expect(nodeKeyOfIssue('definition.conditions.1.value')).toBe('1');
    expect(nodeKeyOfIssue('body.definition.conditions.2.conditions.0.op')).toBe('2.0');
    expect(nodeKeyOfIssue('definition')).toBeNull();
    expect(nodeKeyOfIssue('name')).toBeNull();
    const { byNode, rest } = issuesByNode([
      { path: 'definition.conditions.1.value', message: '值无效' },
      { path: 'definition.conditions.1.op', message: '运算符无效' },
      { path: 'name', message: '必填' },
    ]);
    expect(byNode.get('1')).toEqual(['值无效', '运算符无效']);
    expect(rest).toEqual(['必填']);
  });
});
