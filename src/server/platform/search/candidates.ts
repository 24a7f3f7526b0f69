import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';

/**
 * Beyond this many matches of a branch a search is left to the list's own order: reading each
 * match by primary key and sorting them all would cost more than walking the list until a page
 * is found, when the matches are spread over the order (a walk passes about page × rows /
 * matches rows). Not so for numbers, see BUNCHED_MATCHES_CAP.
 */
export const FEW_MATCHES = 1000;

/**
 * The cap of a branch whose matches lie together in the list's order rather than spread over
 * it: numbers are given in sequence, so the numbers containing a digit fragment were mostly
 * created in the same weeks, and a walk from the newest passes every record since then before
 * the first. At 500,000 orders the 1,437 numbers containing four digits were all old: the walk
 * passed 67,000 orders (each joined to its customer for the name) in 370 ms, where reading the
 * 1,437 took 8. Reading 3,000 costs some 10 ms at a million rows (the customer list's MATCH_BOUND).
 */
export const BUNCHED_MATCHES_CAP = 3000;

/**
 * A branch read at most `cap` + 1 rows deep (see fewMatches), for one that costs more per match
 * than the others: records found through their customer's name read customers, many of whom
 * have none of them (at a million customers, 31,000 customers named 科技 for 3,000 orders: 90 ms).
 */
export interface CappedBranch {
  select: SQL;
  cap: number;
  /**
   * How many matches the statistics expect (without reading any): at KNOWN_MANY times the cap or
   * more, the search is left to the list's order at once, as reading the branch to its cap would
   * only find out that it has more (the orders of customers named with a word 5 % of them have,
   * at a million customers: 37 ms to read 1,001 of them, for the header's every keystroke).
   */
  expected?: (db: DbOrTx) => Promise<number>;
}

/** See CappedBranch.expected: far enough above the cap that a wrong guess is rare. */
export const KNOWN_MANY = 3;

/**
 * The ids a search matches, when they are few: `branches` are SELECTs of one id column, each
 * served by an index of its own (bigrams, trigrams, a prefix btree). Null when a branch finds
 * more than its cap (`cap`, or its own), or is expected to find many more (`expected`) — the
 * caller then searches with its plain condition,
 * walking its sort order: common matches fill a page early — or when there is no branch (a
 * query no index can serve, such as one character). With the ids, a list reads just those rows
 * by primary key and sorts them, so its cost grows with the matches, not with the table (each
 * branch under its LIMIT: reading stops at its cap + 1).
 */
export async function fewMatches(db: DbOrTx, branches: readonly (SQL | CappedBranch)[], cap = FEW_MATCHES): Promise<string[] | null> {
  if (branches.length === 0) return null;
  const capped: CappedBranch[] = branches.map((b) => ('cap' in b ? b : { select: b, cap }));
  const expected = await Promise.all(capped.map((b) => (b.expected ? b.expected(db) : Promise.resolve(0))));
  if (capped.some((b, i) => (expected[i] ?? 0) >= b.cap * KNOWN_MANY)) return null;
  const reads = capped.map((b, i) => sql`(select ${i}::int as b, id from (${b.select}) m${sql.raw(String(i))} limit ${b.cap + 1})`);
  const res = await db.execute<{ b: number; id: string }>(sql.join(reads, sql` union all `));
  const counts = new Map<number, number>();
  for (const r of res.rows) counts.set(r.b, (counts.get(r.b) ?? 0) + 1);
  if (capped.some((b, i) => (counts.get(i) ?? 0) > b.cap)) return null;
  return [...new Set(res.rows.map((r) => r.id))];
}
