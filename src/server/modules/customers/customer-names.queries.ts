import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { containsPattern } from '../../db/like.ts';
import { besidePool, type DbOrTx } from '../../db/client.ts';
import { estimatedRows, statisticsReading } from '../../db/statistics.ts';
import { customers } from '../../db/schema/index.ts';

/**
 * The expression of the customers' search index (migration 0034, customers_search_grams_idx):
 * the name's bigrams, and the pinyin initials' bigrams and trigrams marked with '^'. Conditions
 * must repeat it exactly for PostgreSQL to use the index.
 */
export const customerNameGrams = sql`kehu_name_grams(${customers.name}, ${customers.nameInitials})`;

/** A name part's grams in that index (its bigrams: unmarked, so the initials' grams are not among them). */
export function nameHasGrams(text: string): SQL {
  return sql`${customerNameGrams} @> kehu_bigrams(${text})`;
}

/**
 * The grams of the index that every customer whose initials contain `initials` (two or more
 * letters or digits, lower case) has: its trigrams, or for two its one bigram, each marked
 * with '^' as the index marks them. Trigrams because letter pairs are few and shared by many
 * customers (at 1,000,000, `ylyl`'s two bigrams were had by 27,746 for 371 matches).
 */
export function initialsQueryGrams(initials: string): string[] {
  const chars = [...initials];
  if (chars.length === 2) return [`^${initials}`];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(`^${chars.slice(i, i + 3).join('')}`);
  return [...grams];
}

/** Whether a customer may have initials containing `initials` (served by the index; LIKE decides). */
export function initialsHaveGrams(initials: string): SQL {
  return sql`${customerNameGrams} @> array[${sql.join(initialsQueryGrams(initials).map((g) => sql`${g}`), sql`, `)}]::text[]`;
}

/**
 * The live customers whose name contains the text, as a SELECT of their ids served by the
 * customers' search index, for the searches of records that are also found by their
 * customer's name (opportunities, orders). Undefined below two characters, which no index serves.
 */
export function customersNamedLike(text: string): SQL | undefined {
  if ([...text].length < 2) return undefined;
  return sql`select ${customers.id} from ${customers} where ${customers.deletedAt} is null and ${customers.name} ilike ${containsPattern(text)} and ${nameHasGrams(text)}`;
}

/**
 * How many records of `table` (each of one customer) customersNamedLike(text) is expected to
 * reach: the share of customers the statistics say have the name part (nameGramShare) times the
 * table's rows, for a CappedBranch's `expected`.
 */
export function expectedThroughCustomerNames(text: string, table: PgTable): (db: DbOrTx) => Promise<number> {
  return async (db) => (await nameGramShare(db, text)).share * (await estimatedRows(db, table));
}

/**
 * How many records a search reads by id through their customers' names (customersNamedLike)
 * before it walks its list's order instead (a CappedBranch of fewMatches): fewer than through
 * their own columns, as each costs a read of customers of whom most have none of them.
 */
export const THROUGH_CUSTOMER_NAMES_CAP = 1000;

/**
 * The share of customers whose name has all of a name part's bigrams, or whose initials have all
 * of a pinyin query's grams, as far as the statistics of the search index tell: the least common
 * of the grams' shares among the index's most common elements (0 when one is not among them),
 * the greater of the two, and the table's row count. PostgreSQL's own estimate of a
 * kehu_name_grams condition is a fixed 0.5 % whatever the word (5,000 of a million both for
 * 技术, in 5 % of the names, and for a name no customer has), so a search that matches tens of
 * thousands cannot be told from one that matches none without reading them. Read once a minute
 * per database handle, and again after this process's own bulk writes analyzed
 * (statisticsReading): ANALYZE changes the statistics, nothing else does.
 */
export async function nameGramShare(db: DbOrTx, text: string, initials: string | null = null): Promise<{ share: number; rows: number }> {
  const [stats, rows] = await Promise.all([gramStatistics(db), estimatedRows(db, customers)]);
  const least = (grams: string[]) => (grams.length === 0 ? 0 : Math.min(...grams.map((g) => stats.shares.get(g) ?? 0)));
  const chars = [...text.toLowerCase()];
  const bigrams = chars.slice(1).map((c, i) => `${chars[i] ?? ''}${c}`);
  const byInitials = initials && [...initials].length >= 2 ? least(initialsQueryGrams(initials)) : 0;
  return { share: Math.max(least(bigrams), byInitials), rows };
}

interface GramStatistics {
  shares: Map<string, number>;
}

function gramStatistics(db: DbOrTx): Promise<GramStatistics> {
  // Without statistics (none yet, or not readable) every share is 0: the search reads its matches as it would anyway.
  return statisticsReading(db, 'customers:search-grams', () => loadGramStatistics(db).catch((): GramStatistics => ({ shares: new Map() })));
}

async function loadGramStatistics(db: DbOrTx): Promise<GramStatistics> {
  // On a connection of its own (besidePool): after reading pg_stats a connection of PostgreSQL 15
  // faulted ~700 KB in anew for each later search statement on it (+3–7 ms each).
  const elems = await (besidePool(db, 'statistics', 1) ?? db).execute<{ e: string; f: number }>(sql`select u.e, u.f from pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) as u(e, f)
    where schemaname = current_schema() and tablename = 'customers_search_grams_idx' and u.e is not null`);
  return { shares: new Map(elems.rows.map((r) => [r.e, Number(r.f)])) };
}
