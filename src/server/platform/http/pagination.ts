import { asc, desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { AppError } from '../errors.ts';

/**
 * Keyset pagination: the cursor carries the sort value and id of the last row served, and the
 * next page starts strictly after it. Unlike OFFSET this costs the same on page 1 and page 10,000
 * and never skips or repeats rows when others are inserted meanwhile.
 */
export interface SortKey {
  column: PgColumn;
  /**
   * Sort by this expression instead of the column (a list order computed from several columns).
   * Its cursor value is the expression's value as the query returned it, so use a `text` type.
   */
  expression?: SQL;
  /** PostgreSQL type of the column, used to cast the cursor value back. */
  type: 'timestamptz' | 'text' | 'integer' | 'numeric';
  direction: 'asc' | 'desc';
}

/** Parses a `sort` query value such as `-createdAt` against the sortable columns of a list. */
export function sortKey(sort: string, columns: Record<string, Omit<SortKey, 'direction'>>): SortKey {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const name = sort.replace(/^-/, '');
  const col = columns[name];
  if (!col) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'sort', key: `Unknown sort "${name}"` }] });
  return { ...col, direction };
}

export function encodeCursor(value: unknown, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([v, id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function isIsoTime(value: string): boolean {
  const m = ISO_TIME.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Whether a cursor value can be cast to the sort column's type (else PostgreSQL would fail: a 500). */
function fitsType(value: unknown, type: SortKey['type']): boolean {
  switch (type) {
    case 'timestamptz':
      return typeof value === 'string' && isIsoTime(value);
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000');
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'numeric':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
  }
}

function invalidCursor(): AppError {
  return new AppError('VALIDATION_FAILED', { details: [{ path: 'cursor', key: 'pagination.invalidCursor' }] });
}

function decodeCursor(cursor: string, type: SortKey['type']): [unknown, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  // A cursor of another sort order (or a made-up one) must not reach the database.
  if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string' && UUID.test(parsed[1]) && fitsType(parsed[0], type)) {
    return [parsed[0], parsed[1]];
  }
  throw invalidCursor();
}

/** The WHERE part that starts a page after the cursor (undefined on the first page). */
export function afterCursor(key: SortKey, idColumn: PgColumn, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const [value, id] = decodeCursor(cursor, key.type);
  const cast = sql.raw(key.type);
  const op = sql.raw(key.direction === 'asc' ? '>' : '<');
  // PostgreSQL keeps microseconds, a JS Date (and so the cursor) only milliseconds: compare with
  // the exact value of the row the cursor names, or rows in the same millisecond are skipped or
  // served twice. The cursor's own value is the fallback when that row is gone.
  const target = key.expression ?? key.column;
  const boundary =
    key.type === 'timestamptz' && !key.expression
      ? sql`coalesce((select ${key.column} from ${key.column.table} where ${idColumn} = ${id}::uuid), ${value}::${cast})`
      : sql`${value}::${cast}`;
  return sql`(${target}, ${idColumn}) ${op} (${boundary}, ${id}::uuid)`;
}

export function orderBy(key: SortKey, idColumn: PgColumn): SQL[] {
  const target = key.expression ?? key.column;
  return key.direction === 'asc' ? [asc(target), asc(idColumn)] : [desc(target), desc(idColumn)];
}

/** Cuts the `limit + 1` rows a query fetched into a page and the cursor of the next one. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  cursorOf: (row: R) => [unknown, string],
  map: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last ? encodeCursor(...cursorOf(last)) : null,
  };
}
