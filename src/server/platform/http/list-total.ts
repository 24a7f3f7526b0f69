import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { renderedOnce } from '../../db/rendered.ts';

/**
 * A list's number of matching rows (共 N 条 / 约 N 条): exact when counting is cheap and finds
 * at most a bound, else the planner's estimate, so that a total never costs more than a bounded
 * read, however many rows match.
 */
export interface ListTotal {
  total: number;
  totalIsEstimate: boolean;
}

/**
 * A count the planner expects to cost more than this (its cost units: reading 1,000 table pages
 * in order, some 2 to 5 ms) is not run when the planner also expects many rows: the estimate is
 * given instead. Reading 10,001 entries of an index, or the first 10,001 rows of a table most of
 * which match, costs 300 to 700, at any table size; a filter no index serves costs a scan of the
 * whole table (6,700 at 100,000 customers, 40 ms on a busy machine, ten times that at 1M).
 */
export const EXACT_COUNT_MAX_COST = 1_000;
/**
 * Below this many expected rows the count is run however costly: the planner's guess is least
 * reliable there (a search's `id = any(array(…))` is assumed to match ten rows, whatever it
 * finds). A rare filter pair no index serves is above it (746 of 100,000 customers, estimated
 * 790) and is estimated rather than scanned for.
 */
export const ESTIMATE_MIN_ROWS = 100;

/** What the planner expects of counting a list: its cost, and how many rows match. */
export interface CountPlan {
  cost: number;
  rows: number;
}

/** Whether to count exactly (at most `exactUpTo + 1` rows), or to give the planner's estimate. */
export function countsExactly(plan: CountPlan): boolean {
  return plan.cost <= EXACT_COUNT_MAX_COST || plan.rows < ESTIMATE_MIN_ROWS;
}

/**
 * The total of a list whose matching rows `matching` selects (the list's own scope and filters:
 * the page's WHERE without cursor, ORDER BY and LIMIT). The count is capped at `exactUpTo + 1`
 * rows and planned first: when cheap (or few rows are expected) it is run, and a total above
 * `exactUpTo` is the planner's estimate; when costly, the estimate is given without counting,
 * so a total never costs more than a bounded read, whatever the filters.
 */
export async function countTotal(db: DbOrTx, matching: SQLWrapper, exactUpTo: number): Promise<ListTotal> {
  // Rendered once for its plan and its count.
  const capped = renderedOnce(sql`select count(*)::int as n from (${matching} limit ${exactUpTo + 1}) m`);
  const plan = countPlan((await db.execute<{ 'QUERY PLAN': unknown }>(sql`explain (format json) ${capped}`)).rows[0]?.['QUERY PLAN']);
  if (!countsExactly(plan)) return { total: roundEstimate(plan.rows), totalIsEstimate: true };
  const counted = await db.execute<{ n: number }>(capped);
  const n = Number(counted.rows[0]?.n ?? 0);
  if (n <= exactUpTo) return { total: n, totalIsEstimate: false };
  return { total: estimatedTotal(plan.rows, exactUpTo), totalIsEstimate: true };
}

type PlanNode = { 'Node Type'?: unknown; 'Parent Relationship'?: unknown; 'Total Cost'?: unknown; 'Plan Rows'?: unknown; Plans?: PlanNode[] };
const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The cost of a capped count's plan (`EXPLAIN (FORMAT JSON)`) and the rows expected to match:
 * those of the node under the Limit, which estimates the whole set. An unknown shape reads as
 * costly and empty, so it is counted.
 */
export function countPlan(explained: unknown): CountPlan {
  const parsed: unknown = typeof explained === 'string' ? JSON.parse(explained) : explained;
  const top = Array.isArray(parsed) ? (parsed[0] as { Plan?: PlanNode } | undefined)?.Plan : undefined;
  // Aggregate → Limit → the scan of the matching rows (its outer child: init plans, such as the
  // collaborations of a salesperson's scope, are children too, and may come first).
  const outer = (n: PlanNode | undefined) => n?.Plans?.find((c) => c['Parent Relationship'] === 'Outer') ?? n?.Plans?.[0];
  let node = top;
  while (node && node['Node Type'] !== 'Limit') node = outer(node);
  return { cost: finite(top?.['Total Cost']) ?? Infinity, rows: finite(outer(node)?.['Plan Rows']) ?? 0 };
}

/** A planner estimate given uncounted: rounded to two significant digits. */
export function roundEstimate(rows: number): number {
  const n = Math.max(0, Math.ceil(rows));
  if (n < 100) return n;
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / step) * step;
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
  if (!wantsTotal(cursor)) return [await rows, undefined];
  return Promise.all([rows, total()]);
}

/** Whether a page carries its list's total (see withFirstPageTotal): the first page, outside withoutTotals. */
export function wantsTotal(cursor: string | undefined): boolean {
  return !cursor && !totalsSkipped.getStore();
}

const totalsSkipped = new AsyncLocalStorage<true>();

/**
 * Runs `read` with the lists it reads leaving out their totals: for a caller that shows a page
 * and no 共 N 条, such as the global search, which asks seven lists per keystroke and would
 * otherwise pay for seven counts (two statements each) it throws away.
 */
export function withoutTotals<T>(read: () => Promise<T>): Promise<T> {
  return totalsSkipped.run(true, read);
}
