import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';

/**
 * Beyond this many matches a search is left to the list's own order: reading each match by
 * primary key and sorting them all would cost more than walking the list until a page is found
 * — when the matches are spread over the order. A walk passes about page × rows / matches rows,
 * but as many as lie before the first matches when they are bunched: at 500,000 orders the
 * 1,437 numbers containing four digits were all old, and the walk passed 67,000 orders (each
 * joined to its customer for the name) in 370 ms, where reading the 1,437 took 8. 3,000 as the
 * customer list's bound (MATCH_BOUND): reading them costs some 10 ms at a million rows.
 */
export const FEW_MATCHES = 3000;

/**
 * The ids a search matches, when they are few: `branches` are SELECTs of one id column, each
 * served by an index of its own (bigrams, trigrams, a prefix btree). Null when there are more than
 * `cap` (the caller then searches with its plain condition, walking its sort order: common matches
 * fill a page early) or when there is no branch (a query no index can serve, such as one character).
 * With the ids, a list reads just those rows by primary key and sorts them, so its cost grows
 * with the matches, not with the table (UNION ALL and LIMIT: reading stops at `cap` + 1).
 */
export async function fewMatches(db: DbOrTx, branches: readonly SQL[], cap = FEW_MATCHES): Promise<string[] | null> {
  if (branches.length === 0) return null;
  const res = await db.execute<{ id: string }>(sql`select id from (${sql.join(branches.map((b) => sql`(${b})`), sql` union all `)}) m limit ${cap + 1}`);
  if (res.rows.length > cap) return null;
  return [...new Set(res.rows.map((r) => r.id))];
}
