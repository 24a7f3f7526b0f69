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

function decodeCursor(cursor: string): [unknown, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', { details: [{ path: 'cursor', key: 'Invalid cursor' }] });
}

/** The WHERE part that starts a page after the cursor (undefined on the first page). */
export function afterCursor(key: SortKey, idColumn: PgColumn, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const [value, id] = decodeCursor(cursor);
  const cast = sql.raw(key.type);
  const op = sql.raw(key.direction === 'asc' ? '>' : '<');
  return sql`(${key.column}, ${idColumn}) ${op} (${value}::${cast}, ${id}::uuid)`;
}

export function orderBy(key: SortKey, idColumn: PgColumn): SQL[] {
  return key.direction === 'asc' ? [asc(key.column), asc(idColumn)] : [desc(key.column), desc(idColumn)];
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
