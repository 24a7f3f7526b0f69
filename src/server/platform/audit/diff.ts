import type { AuditChanges } from '../../../contracts/audit.ts';

export const MASK = '***';

/** Bookkeeping columns that change on every write and say nothing to a reader of the log. */
const IGNORED = new Set(['id', 'createdAt', 'updatedAt', 'createdBy', 'version', 'passwordHash']);

type Row = Record<string, unknown>;

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/**
 * Field-level diff between two versions of a record: `{field: [before, after]}` for each field
 * that changed. A create has no `before`, a delete no `after`. Sensitive values are masked.
 */
export function diffRecords(before: Row | null, after: Row | null, sensitive: readonly string[] = []): AuditChanges {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: AuditChanges = {};
  for (const key of [...keys].sort()) {
    if (IGNORED.has(key)) continue;
    const a = before ? normalise(before[key]) : null;
    const b = after ? normalise(after[key]) : null;
    if (same(a, b)) continue;
    if (sensitive.includes(key)) changes[key] = [a === null ? null : MASK, b === null ? null : MASK];
    else changes[key] = [a, b];
  }
  return changes;
}
