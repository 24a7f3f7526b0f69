import { sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
import { customers } from '../../db/schema/index.ts';

/**
 * The live customers whose name contains the text, as a SELECT of their ids served by the
 * customers' bigram index (migration 0016: the expression must be repeated exactly), for the
 * searches of records that are also found by their customer's name (opportunities, orders).
 * Undefined below two characters, which no index serves.
 */
export function customersNamedLike(text: string): SQL | undefined {
  if ([...text].length < 2) return undefined;
  return sql`select ${customers.id} from ${customers} where ${customers.deletedAt} is null and ${customers.name} ilike ${containsPattern(text)} and kehu_bigrams(${customers.name} || ' ' || ${customers.nameInitials}) @> kehu_bigrams(${text})`;
}
