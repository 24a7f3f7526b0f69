import { sql, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';

/**
 * A list's number of matching rows (共 N 条 / 约 N 条): exact up to a bound, above it the
 * planner's estimate, so that counting never costs more than reading a bounded number of index
 * entries, however many rows match.
 */
export interface ListTotal {
  total: number;
  totalIsEstimate: boolean;
}

/**
 * The total of a list whose matching rows `matching` selects (the list's own scope and filters:
 * the page's WHERE without cursor, ORDER BY and LIMIT). Counts at most `exactUpTo + 1` of them;
 * past that, the planner's row estimate for the same statement, which is cheap (planning only)
 * and, with current statistics, close enough for "about N".
 */
export async function countTotal(db: DbOrTx, matching: SQLWrapper, exactUpTo: number): Promise<ListTotal> {
  const counted = await db.execute<{ n: number }>(sql`select count(*)::int as n from (${matching} limit ${exactUpTo + 1}) m`);
  const n = Number(counted.rows[0]?.n ?? 0);
  if (n <= exactUpTo) return { total: n, totalIsEstimate: false };
  const plan = await db.execute<{ 'QUERY PLAN': unknown }>(sql`explain (format json) ${matching}`);
  return { total: estimatedTotal(planRows(plan.rows[0]?.['QUERY PLAN']), exactUpTo), totalIsEstimate: true };
}

/** `Plan Rows` of the top node of an `EXPLAIN (FORMAT JSON)` (0 when the shape is unexpected). */
export function planRows(plan: unknown): number {
  const parsed: unknown = typeof plan === 'string' ? JSON.parse(plan) : plan;
  const top = Array.isArray(parsed) ? (parsed[0] as { Plan?: { 'Plan Rows'?: unknown } } | undefined) : undefined;
  const rows = top?.Plan?.['Plan Rows'];
  return typeof rows === 'number' && Number.isFinite(rows) ? rows : 0;
}

/**
 * The estimate shown when more than `exactUpTo` rows match: the planner's figure, but never at
 * or below the bound (the exact count already saw more; a stale or skewed estimate can be
 * lower), rounded up to two significant digits, since more digits would claim a precision an
 * estimate has not.
 */
export function estimatedTotal(plannerRows: number, exactUpTo: number): number {
  const n = Math.max(Math.ceil(plannerRows), exactUpTo + 1);
  const step = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / step) * step;
}

/**
 * Runs a page's query and, on the first page only (no cursor), the count of its list side by
 * side on two connections. Later pages carry no total: the client keeps the first page's, and a
 * script paging through a large list does not pay for a count on each request.
 */
export async function withFirstPageTotal<R>(cursor: string | undefined, rows: Promise<R[]>, total: () => Promise<ListTotal>): Promise<[R[], ListTotal | undefined]> {
  if (cursor) return [await rows, undefined];
  return Promise.all([rows, total()]);
}
