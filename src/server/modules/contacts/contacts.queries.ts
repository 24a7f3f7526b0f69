import { and, asc, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern, escapeLike } from '../../db/like.ts';
import type { DbOrTx } from '../../db/client.ts';
import { plannedRows } from '../../db/statistics.ts';
import { contacts, customers } from '../../db/schema/index.ts';
import { UNSCOPED, scopeParts, viewerScope, type RowLock, type Viewer } from '../../platform/access/policy.ts';
import { FEW_MATCHES, fewMatches, type CappedBranch } from '../../platform/search/candidates.ts';
import { customerScope } from '../customers/index.ts';

/** Contacts of one customer, primary first. */
export async function listContacts(db: DbOrTx, customerId: string) {
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.customerId, customerId), isNull(contacts.deletedAt)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt));
}
export type ContactRow = Awaited<ReturnType<typeof listContacts>>[number];
/** The columns a contact write may set. */
export type ContactValues = Partial<typeof contacts.$inferInsert>;

/** A live contact, reachable only through a customer `viewer` sees. */
export async function findContact(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<ContactRow | null> {
  const query = db
    .select({ contact: contacts })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(eq(contacts.id, id), isNull(contacts.deletedAt), viewerScope(viewer, customerScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: contacts }) : query);
  return row?.contact ?? null;
}

export async function insertContact(db: DbOrTx, values: typeof contacts.$inferInsert): Promise<string> {
  const [row] = await db.insert(contacts).values(values).returning({ id: contacts.id });
  if (!row) throw new Error('contact insert returned nothing');
  return row.id;
}

export async function updateContact(db: DbOrTx, id: string, version: number, values: Partial<typeof contacts.$inferInsert>) {
  const rows = await db
    .update(contacts)
    .set({ ...values, version: sql`${contacts.version} + 1` })
    .where(and(eq(contacts.id, id), eq(contacts.version, version), isNull(contacts.deletedAt)))
    .returning({ id: contacts.id });
  return rows.length === 1;
}

/** One primary contact per customer: making one primary demotes the others. */
export async function clearPrimary(db: DbOrTx, customerId: string, exceptId: string) {
  await db
    .update(contacts)
    .set({ isPrimary: false })
    .where(and(eq(contacts.customerId, customerId), eq(contacts.isPrimary, true), sql`${contacts.id} <> ${exceptId}`));
}

export async function softDelete(db: DbOrTx, id: string, at: Date) {
  await db.update(contacts).set({ deletedAt: at, updatedAt: at }).where(eq(contacts.id, id));
}

/** The contact, if it is a live contact of this customer (a record's contact must belong to its customer). */
export async function contactOfCustomer(db: DbOrTx, contactId: string, customerId: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .select({ id: contacts.id, name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId), isNull(contacts.deletedAt)))
    .limit(1);
  return row ?? null;
}

/**
 * The expressions of the contacts' bigram indexes (migration 0014 for name and e-mail, the
 * global search's migration for the pinyin initials): conditions must repeat them exactly.
 */
const contactGrams = sql`kehu_bigrams(${contacts.name} || ' ' || coalesce(lower(${contacts.email}), ''))`;
const initialsGrams = sql`kehu_bigrams(${contacts.nameInitials})`;

/**
 * Contacts `viewer` sees (through their customers) whose name or e-mail contains the text, whose
 * phones contain the digits, or whose pinyin starts with / initials contain the pinyin; primary
 * contacts first, then the newest.
 *
 * When the matches are few in the table (fewMatches of contactSearchBranches) just they are read,
 * joined to their customers for the scope, and sorted: as one OR, a single branch without an
 * index (the pinyin columns had none) made PostgreSQL read every contact (200,000 rows, 105–138 ms
 * at 100,000 customers). Otherwise (many matches, or one character, which no index serves):
 * - a salesperson's scope (own customers) is read whole: the contacts of their customers, found
 *   by customer, each tested. A common word such as `wang` has thousands of matches in the table
 *   and a handful among them: walking the search's order to find those read nearly every contact
 *   (480 ms at 100,000 customers), and collecting the matches to test their customers cost as
 *   much as the matches (70–99 ms on a busy machine);
 * - a wider scope walks the search's order (contacts_search_order_idx), where common matches fill
 *   a page early; for one character only the first WALK_BOUND contacts of that order, since a
 *   rare character would otherwise be looked for in every contact.
 */
export async function searchContacts(db: DbOrTx, viewer: Viewer, text: string, pinyin: string | null, digits: string | null, limit: number) {
  const matchIds = await fewMatches(db, contactSearchBranches(text, pinyin, digits));
  const plain = or(nameOrEmailMatch(text), digits ? phoneMatch(digits) : undefined, pinyin ? pinyinMatch(pinyin) : undefined, pinyin && pinyin.length >= 2 ? initialsMatch(pinyin) : undefined) as SQL;
  const scope = viewerScope(viewer, customerScope);
  // One's own customers and those one collaborates on, each through its own index (the owner's
  // index-only): as one OR, PostgreSQL read the heap page of each (~4,700 at a million customers).
  const ownParts = viewer !== UNSCOPED && viewer.dataScope === 'own' ? scopeParts(viewer, customerScope) : undefined;
  const match = matchIds
    ? amongMatches(matchIds, scope, limit)
    : ownParts
      ? and(plain, sql`${contacts.customerId} = any(array(${sql.join(ownParts.map((p) => sql`select ${customers.id} from ${customers} where ${p.where}`), sql` union `)}))`)
      : [...text].length < 2
        ? amongFirst(plain, scope, limit)
        : plain;
  return db
    .select({ contact: contacts, customerName: customers.name })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(match, isNull(contacts.deletedAt), isNull(customers.deletedAt), scope))
    .orderBy(...searchOrder)
    .limit(limit);
}

/** The search's order, which contacts_search_order_idx (the global search's migration) holds. */
const searchOrder = [desc(contacts.isPrimary), desc(contacts.createdAt), asc(contacts.id)];

/** How many contacts of the search's order a one-character search looks through (20,000 took 15–55 ms). */
const WALK_BOUND = 5_000;

/**
 * The ids of the first `limit` matches among the first WALK_BOUND contacts of the search's order,
 * within `scope` (the walk stops at `limit` matches). Inside the subquery "contacts" names the
 * bounded walk (SQL scoping), so `plain` applies to it unchanged.
 */
function amongFirst(plain: SQL, scope: SQL | undefined, limit: number): SQL {
  const first = sql`select * from ${contacts} where ${contacts.deletedAt} is null order by ${sql.join(searchOrder, sql`, `)} limit ${WALK_BOUND}`;
  return sql`${contacts.id} = any(array(select ${contacts.id} from (${first}) ${contacts} join ${customers} on ${customers.id} = ${contacts.customerId}
    where ${and(plain, isNull(customers.deletedAt), scope)} order by ${sql.join(searchOrder, sql`, `)} limit ${limit}))`;
}

/**
 * The ids of the first `limit` of the matched contacts (ids, up to PHONE_MATCHES_CAP) within
 * `scope`: all of them read by id and sorted, then their customers tested in that order until
 * the page is full. Fenced (`offset 0`) from the LIMIT, which would tempt PostgreSQL into walking
 * the search's order and testing each contact against the list (a manager's four phone digits:
 * 73,000 contacts passed for six, 200–270 ms on PostgreSQL 15 at a million customers, where
 * reading the 1,200 matches costs a few). Their customers are read only as far as the page needs
 * (an admin's: as many as the page), not one per match: the global search reads the customers
 * with those phone digits already (through their own digits), and the contacts' lane read them
 * all again, the two lanes each ~1,200 heap pages deep right after an import.
 */
function amongMatches(ids: readonly string[], scope: SQL | undefined, limit: number): SQL {
  // Inside EXISTS "customers" is the subquery's own table (SQL scoping), which `scope` is written on.
  const visible = sql`exists (select 1 from ${customers} where ${customers.id} = m.customer_id and ${and(isNull(customers.deletedAt), scope)})`;
  return sql`${contacts.id} = any(array(select id from (select ${contacts.id} as id, ${contacts.customerId} as customer_id, ${contacts.isPrimary} as p, ${contacts.createdAt} as c from ${contacts}
    where ${contacts.id} = any(${`{${ids.join(',')}}`}::uuid[]) and ${contacts.deletedAt} is null order by p desc, c desc, id offset 0) m where ${visible} order by p desc, c desc, id limit ${limit}))`;
}

function nameOrEmailMatch(text: string): SQL | undefined {
  const like = containsPattern(text);
  return or(ilike(contacts.name, like), sql`lower(${contacts.email}) like ${like.toLowerCase()}`);
}
const phoneMatch = (digits: string) => sql`${contacts.phoneDigits} like ${`%${digits}%`}`;
const pinyinMatch = (pinyin: string) => sql`${contacts.namePinyin} like ${`${escapeLike(pinyin)}%`}`;
const initialsMatch = (pinyin: string) => sql`${contacts.nameInitials} like ${`%${escapeLike(pinyin)}%`}`;

/**
 * How many contacts a phone-digit branch reads by id before the search walks its order instead:
 * more than the other branches' FEW_MATCHES. Phones are random, so four digits are had by some
 * 2,000 of 2M contacts, spread over the order: a manager's walk passed 22,000 contacts for 19 of
 * them (44 ms), where reading 2,000 by id and testing their customers costs about 10.
 */
const PHONE_MATCHES_CAP = 3000;

/**
 * searchContacts' branches, each served by an index of its own: two-character names and any
 * initials through bigrams (trigrams cannot serve two characters), longer names and e-mails
 * through their trigram indexes, phone digits through theirs, the full pinyin by prefix through
 * a text_pattern_ops btree (usable under any database collation). None for one character, whose
 * name branch no index serves.
 *
 * The trigram and prefix branches carry the planner's estimate (`expected`), which it takes from
 * the column's own statistics and gets about right (40,404 e-mails with `wang` expected at a
 * million customers, 38,834 there): one far above the cap is not read to find that out, which
 * costs all of its matches at once (a bitmap of the index's every match, 28–35 ms there). Not
 * for bigram tests, which PostgreSQL prices at a fixed share, nor for phone digits, which it
 * expects twenty times too many of.
 */
export function contactSearchBranches(text: string, pinyin: string | null, digits: string | null): (SQL | CappedBranch)[] {
  const chars = [...text].length;
  if (chars < 2) return [];
  // LIKE before the bigram test: rows are rechecked against the whole condition, and LIKE fails
  // fast where kehu_bigrams is a function call per row.
  const select = (match: SQL) => sql`select ${contacts.id} from ${contacts} where ${contacts.deletedAt} is null and ${match}`;
  const estimated = (match: SQL): CappedBranch => ({ select: select(match), cap: FEW_MATCHES, expected: async (db) => (await plannedRows(db, select(match))) ?? 0 });
  const nameOrEmail = nameOrEmailMatch(text) as SQL;
  // In the whole table, whatever the scope: counting within a scope meant testing the customer of
  // each match, as costly as the matches (see searchContacts for what a scope then does).
  return [
    chars === 2 ? select(and(nameOrEmail, sql`${contactGrams} @> kehu_bigrams(${text})`) as SQL) : estimated(nameOrEmail),
    ...(pinyin ? [estimated(pinyinMatch(pinyin))] : []),
    ...(pinyin && pinyin.length >= 2 ? [select(and(initialsMatch(pinyin), sql`${initialsGrams} @> kehu_bigrams(${pinyin})`) as SQL)] : []),
    ...(digits ? [{ select: select(phoneMatch(digits)), cap: PHONE_MATCHES_CAP }] : []),
  ];
}
