import {
  MAX_SEGMENT_CONDITIONS,
  MAX_SEGMENT_DEPTH,
  OPERATORS_OF_TYPE,
  SEGMENT_FIELDS,
  type FieldType,
  type SegmentCondition,
  type SegmentEntity,
  type SegmentField,
  type SegmentGroup,
  type SegmentOperator,
} from '../../../contracts/segments.ts';
import { formatFen, parseYuan } from '../../../contracts/money.ts';

/**
 * The segment editor's condition tree and how it becomes the API's definition, pure so it is
 * unit-tested. A node is addressed by its path of indexes from the root group ([] is the root,
 * [1, 0] the first node of the second node's group). Values are kept as the inputs show them —
 * amounts in yuan (元) as typed text, dates as YYYY-MM-DD — and turned into what the API takes
 * (fen, integers) only by `toDefinition`, which also says which conditions are not complete yet.
 */

/** How an operator's value is entered. */
export type ValueKind = 'list' | 'none' | 'date' | 'dateRange' | 'days' | 'integer' | 'integerRange' | 'money' | 'moneyRange' | 'boolean';

export type EditorValue = string[] | string | number | boolean | [string | number | null, string | number | null] | null;

export type EditorCondition = { kind: 'condition'; field: string; op: SegmentOperator; value: EditorValue };
export type EditorGroup = { kind: 'group'; match: 'all' | 'any'; nodes: EditorNode[] };
export type EditorNode = EditorCondition | EditorGroup;
export type NodePath = readonly number[];

const LIST_OPS: readonly SegmentOperator[] = ['in', 'notIn', 'hasAny', 'hasAll', 'hasNone', 'memberOf', 'notMemberOf', 'opened', 'clicked', 'responded'];
const CAMPAIGN_OPS: readonly SegmentOperator[] = ['memberOf', 'notMemberOf', 'opened', 'clicked', 'responded'];

export function fieldsOf(entity: SegmentEntity): readonly SegmentField[] {
  return SEGMENT_FIELDS[entity];
}

export function fieldOf(entity: SegmentEntity, key: string): SegmentField | undefined {
  return SEGMENT_FIELDS[entity].find((f) => f.key === key);
}

/** What an operator on a field of this type needs as its value. */
export function valueKindOf(type: FieldType, op: SegmentOperator): ValueKind {
  if (LIST_OPS.includes(op)) return 'list';
  switch (op) {
    case 'isEmpty':
    case 'isNotEmpty':
      return 'none';
    case 'before':
    case 'after':
      return 'date';
    case 'withinLastDays':
    case 'notWithinLastDays':
      return 'days';
    case 'is':
      return 'boolean';
    case 'between':
      return type === 'date' ? 'dateRange' : type === 'money' ? 'moneyRange' : 'integerRange';
    default:
      return type === 'money' ? 'money' : 'integer';
  }
}

/** The value a new condition (or one whose field or operator changed) starts with. */
export function defaultValue(kind: ValueKind): EditorValue {
  switch (kind) {
    case 'list':
      return [];
    case 'boolean':
      return true;
    case 'dateRange':
    case 'integerRange':
    case 'moneyRange':
      return [null, null];
    case 'days':
      return 30;
    case 'integer':
      return 0;
    default:
      return null;
  }
}

export function newCondition(entity: SegmentEntity, fieldKey?: string): EditorCondition {
  const field = (fieldKey ? fieldOf(entity, fieldKey) : undefined) ?? SEGMENT_FIELDS[entity][0];
  if (!field) throw new Error(`no fields for ${entity}`);
  const op = OPERATORS_OF_TYPE[field.type][0] ?? 'in';
  return { kind: 'condition', field: field.key, op, value: defaultValue(valueKindOf(field.type, op)) };
}

export function emptyGroup(match: 'all' | 'any' = 'all'): EditorGroup {
  return { kind: 'group', match, nodes: [] };
}

/** Another field: its first operator and that operator's empty value. */
export function withField(entity: SegmentEntity, condition: EditorCondition, fieldKey: string): EditorCondition {
  if (fieldKey === condition.field) return condition;
  return newCondition(entity, fieldKey);
}

/** Another operator: the value is kept when it is entered the same way, else it starts empty. */
export function withOperator(entity: SegmentEntity, condition: EditorCondition, op: SegmentOperator): EditorCondition {
  const field = fieldOf(entity, condition.field);
  if (!field) return { ...condition, op };
  const before = valueKindOf(field.type, condition.op);
  const after = valueKindOf(field.type, op);
  return { ...condition, op, value: before === after ? condition.value : defaultValue(after) };
}

// ---- the tree ----

export function nodeAt(root: EditorGroup, path: NodePath): EditorNode | undefined {
  let node: EditorNode = root;
  for (const i of path) {
    if (node.kind !== 'group') return undefined;
    const next: EditorNode | undefined = node.nodes[i];
    if (!next) return undefined;
    node = next;
  }
  return node;
}

/** The tree with the node at `path` replaced by what `change` makes of it. */
export function updateAt(root: EditorGroup, path: NodePath, change: (node: EditorNode) => EditorNode): EditorGroup {
  const walk = (node: EditorNode, rest: NodePath): EditorNode => {
    if (rest.length === 0) return change(node);
    if (node.kind !== 'group') return node;
    const [i, ...tail] = rest;
    return { ...node, nodes: node.nodes.map((n, j) => (j === i ? walk(n, tail) : n)) };
  };
  const next = walk(root, path);
  return next.kind === 'group' ? next : root;
}

/** How deep the group at `path` is: the root is 1. */
export function depthOf(path: NodePath): number {
  return path.length + 1;
}

export function conditionCount(node: EditorNode): number {
  return node.kind === 'condition' ? 1 : node.nodes.reduce((n, child) => n + conditionCount(child), 0);
}

export function mayAddCondition(root: EditorGroup): boolean {
  return conditionCount(root) < MAX_SEGMENT_CONDITIONS;
}

/** A group inside the group at `path` stays within the levels the API takes. */
export function mayAddGroup(root: EditorGroup, path: NodePath): boolean {
  return depthOf(path) < MAX_SEGMENT_DEPTH && mayAddCondition(root);
}

export function addCondition(root: EditorGroup, path: NodePath, entity: SegmentEntity, fieldKey?: string): EditorGroup {
  if (!mayAddCondition(root)) return root;
  return updateAt(root, path, (g) => (g.kind === 'group' ? { ...g, nodes: [...g.nodes, newCondition(entity, fieldKey)] } : g));
}

/** A nested group with one condition in it, of the other match than its parent's (AND within OR, OR within AND). */
export function addGroup(root: EditorGroup, path: NodePath, entity: SegmentEntity): EditorGroup {
  if (!mayAddGroup(root, path)) return root;
  return updateAt(root, path, (g) =>
    g.kind === 'group' ? { ...g, nodes: [...g.nodes, { kind: 'group', match: g.match === 'all' ? 'any' : 'all', nodes: [newCondition(entity)] }] } : g,
  );
}

export function removeAt(root: EditorGroup, path: NodePath): EditorGroup {
  if (path.length === 0) return root;
  const parent = path.slice(0, -1);
  const index = path[path.length - 1];
  return updateAt(root, parent, (g) => (g.kind === 'group' ? { ...g, nodes: g.nodes.filter((_n, i) => i !== index) } : g));
}

export function setMatch(root: EditorGroup, path: NodePath, match: 'all' | 'any'): EditorGroup {
  return updateAt(root, path, (g) => (g.kind === 'group' ? { ...g, match } : g));
}

export function changeCondition(root: EditorGroup, path: NodePath, change: (c: EditorCondition) => EditorCondition): EditorGroup {
  return updateAt(root, path, (n) => (n.kind === 'condition' ? change(n) : n));
}

// ---- money ----

/** Typed yuan (up to 2 decimals) → fen; null when it is not such an amount. */
export function yuanToFen(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  return parseYuan(String(value));
}

/** Fen → the yuan an input shows ("1234.50"). */
export function fenToYuan(fen: number): string {
  return formatFen(fen).replaceAll(',', '');
}

// ---- to and from the API ----

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function integer(value: unknown, min = 0): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min ? n : null;
}

/** The API's value of a condition, or undefined when what is entered is not complete or valid. */
export function apiValue(type: FieldType, op: SegmentOperator, value: EditorValue): { value?: unknown } | undefined {
  const kind = valueKindOf(type, op);
  switch (kind) {
    case 'none':
      return {};
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const items = value.filter((v): v is string => typeof v === 'string' && v !== '');
      // Campaign facts take [] for "any campaign"; the other lists need at least one value.
      if (items.length === 0 && !CAMPAIGN_OPS.includes(op)) return undefined;
      return { value: items };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { value } : undefined;
    case 'date':
      return typeof value === 'string' && DAY.test(value) ? { value } : undefined;
    case 'dateRange': {
      if (!Array.isArray(value)) return undefined;
      const [from, to] = value;
      return typeof from === 'string' && typeof to === 'string' && DAY.test(from) && DAY.test(to) && from <= to ? { value: [from, to] } : undefined;
    }
    case 'days': {
      const n = integer(value, 1);
      return n === null ? undefined : { value: n };
    }
    case 'integer': {
      const n = integer(value);
      return n === null ? undefined : { value: n };
    }
    case 'money': {
      const fen = yuanToFen(typeof value === 'string' || typeof value === 'number' ? value : null);
      return fen === null ? undefined : { value: fen };
    }
    case 'integerRange':
    case 'moneyRange': {
      if (!Array.isArray(value)) return undefined;
      const read = (v: unknown) => (kind === 'moneyRange' ? yuanToFen(typeof v === 'string' || typeof v === 'number' ? v : null) : integer(v));
      const min = read(value[0]);
      const max = read(value[1]);
      return min === null || max === null || min > max ? undefined : { value: [min, max] };
    }
  }
}

export type ToDefinition = { definition: SegmentGroup; incomplete: string[] };

/**
 * The API's definition of the tree. `incomplete` lists the node keys (`pathKey`) of the
 * conditions whose value is missing or invalid (they are left out of the definition); the
 * editor counts and saves only when it is empty.
 */
export function toDefinition(entity: SegmentEntity, root: EditorGroup): ToDefinition {
  const incomplete: string[] = [];
  const walk = (group: EditorGroup, path: number[]): SegmentGroup => ({
    match: group.match,
    conditions: group.nodes.flatMap((node, i): (SegmentCondition | SegmentGroup)[] => {
      const here = [...path, i];
      if (node.kind === 'group') return [walk(node, here)];
      const field = fieldOf(entity, node.field);
      const value = field ? apiValue(field.type, node.op, node.value) : undefined;
      if (!field || !value) {
        incomplete.push(pathKey(here));
        return [];
      }
      return [{ field: node.field, op: node.op, ...value }];
    }),
  });
  return { definition: walk(root, []), incomplete };
}

function editorValue(type: FieldType, op: SegmentOperator, value: unknown): EditorValue {
  const kind = valueKindOf(type, op);
  switch (kind) {
    case 'none':
      return null;
    case 'list':
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    case 'boolean':
      return typeof value === 'boolean' ? value : true;
    case 'date':
      return typeof value === 'string' ? value : null;
    case 'days':
    case 'integer':
      return typeof value === 'number' ? value : null;
    case 'money':
      return typeof value === 'number' ? fenToYuan(value) : null;
    case 'dateRange':
    case 'integerRange':
    case 'moneyRange': {
      if (!Array.isArray(value) || value.length !== 2) return [null, null];
      const side = (v: unknown): string | number | null =>
        kind === 'moneyRange' ? (typeof v === 'number' ? fenToYuan(v) : null) : typeof v === 'number' || typeof v === 'string' ? v : null;
      return [side(value[0]), side(value[1])];
    }
  }
}

/** A saved definition as the editor holds it (money back in yuan). */
export function fromDefinition(entity: SegmentEntity, definition: SegmentGroup | null | undefined): EditorGroup {
  if (!definition) return emptyGroup();
  const walk = (group: SegmentGroup): EditorGroup => ({
    kind: 'group',
    match: group.match,
    nodes: group.conditions.map((c): EditorNode => {
      if ('conditions' in c) return walk(c);
      const field = fieldOf(entity, c.field);
      return { kind: 'condition', field: c.field, op: c.op, value: field ? editorValue(field.type, c.op, c.value) : null };
    }),
  });
  return walk(definition);
}

// ---- errors from the API ----

/** "1.0": the key a node's path is known by (the root is ""). */
export function pathKey(path: NodePath): string {
  return path.join('.');
}

/**
 * The node an API issue names: `definition.conditions.1.conditions.0.value` → "1.0"; null
 * when the issue is not about a node of the definition (the name, the whole definition).
 */
export function nodeKeyOfIssue(issuePath: string): string | null {
  const parts = issuePath.split(/[./]/).filter(Boolean);
  const start = parts[0] === 'body' ? 1 : 0;
  if (parts[start] !== 'definition') return null;
  const indexes: string[] = [];
  for (let i = start + 1; i + 1 < parts.length; i += 2) {
    if (parts[i] !== 'conditions') break;
    const index = parts[i + 1];
    if (index === undefined || !/^\d+$/.test(index)) break;
    indexes.push(index);
  }
  return indexes.length ? indexes.join('.') : null;
}

/** The API issues by the node they name; those about nothing in the tree are `rest`. */
export function issuesByNode(issues: readonly { path: string; message: string }[]): { byNode: Map<string, string[]>; rest: string[] } {
  const byNode = new Map<string, string[]>();
  const rest: string[] = [];
  for (const issue of issues) {
    const key = nodeKeyOfIssue(issue.path);
    if (key === null) rest.push(issue.message);
    else byNode.set(key, [...(byNode.get(key) ?? []), issue.message]);
  }
  return { byNode, rest };
}
