import { AppError, type MessageParams } from '../../platform/errors.ts';

/** Why one record was left alone: a message key and its parameters. */
export interface Skip {
  key: string;
  params?: MessageParams;
}

/** Records skipped for one reason (stored with a job as bulk_jobs.reasons). */
export interface SkipCount extends Skip {
  count: number;
}

/** What one record's action came to. */
export type Outcome = 'done' | Skip;

/** Most tags a customer carries (the customer form's limit). */
export const MAX_TAGS = 30;

/**
 * How a failed single-record action counts in a bulk action. Not visible (missing, deleted, merged
 * or outside the scope — the same answer, as for one record), not allowed, changed meanwhile, or a
 * business rule of the record: skipped, with that reason. Anything else — bad input shared by every
 * record (an owner outside one's scope) or a fault — stops the whole action (`null`).
 */
export function skipOf(error: unknown): Skip | null {
  if (!(error instanceof AppError)) return null;
  switch (error.code) {
    case 'NOT_FOUND':
      return { key: 'bulk.outOfScope' };
    case 'FORBIDDEN':
      return { key: 'bulk.forbidden' };
    case 'VERSION_CONFLICT':
      return { key: 'bulk.conflict' };
    case 'BUSINESS_RULE':
      return Object.keys(error.params).length ? { key: error.key, params: error.params } : { key: error.key };
    default:
      return null;
  }
}

/** Adds one skipped record to the reasons, counting records with the same key and parameters together. */
export function countSkip(reasons: SkipCount[], skip: Skip): SkipCount[] {
  const same = (r: SkipCount) => r.key === skip.key && JSON.stringify(r.params ?? {}) === JSON.stringify(skip.params ?? {});
  const found = reasons.find(same);
  if (found) return reasons.map((r) => (r === found ? { ...r, count: r.count + 1 } : r));
  return [...reasons, { key: skip.key, ...(skip.params ? { params: skip.params } : {}), count: 1 }];
}

/** The tag ids after adding or removing one, or a skip when nothing changes or the customer has the most tags already. */
export function nextTagIds(current: readonly string[], tagId: string, how: 'add' | 'remove'): string[] | Skip {
  const has = current.includes(tagId);
  if (how === 'add') {
    if (has) return { key: 'bulk.unchanged' };
    if (current.length >= MAX_TAGS) return { key: 'bulk.tooManyTags', params: { max: MAX_TAGS } };
    return [...current, tagId];
  }
  if (!has) return { key: 'bulk.unchanged' };
  return current.filter((id) => id !== tagId);
}

/** The ids once each, in the order given (a selection may name a record twice). */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Splits records into the batches written one transaction each. */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
