import { sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
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
 * How many records a search reads by id through their customers' names (customersNamedLike)
 * before it walks its list's order instead (a CappedBranch of fewMatches): fewer than through
 * their own columns, as each costs a read of customers of whom most have none of them.
 */
export const THROUGH_CUSTOMER_NAMES_CAP = 1000;
