import { and, asc, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern, escapeLike } from '../../db/like.ts';
import type { DbOrTx } from '../../db/client.ts';
import { contacts, customers } from '../../db/schema/index.ts';
import { viewerScope, type RowLock, type Viewer } from '../../platform/access/policy.ts';
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
 * The matching ids are collected first, each branch through an index of its own, and only those
 * contacts are then read, joined to their customers for the scope and sorted: in one OR, a single
 * branch without an index (the pinyin columns had none) made PostgreSQL read every contact
 * (200,000 rows, 105–138 ms at 100,000 customers). Two-character names and any initials go
 * through bigrams (trigrams cannot serve two characters), longer names and e-mails through their
 * trigram indexes, phone digits through theirs, the full pinyin by prefix through a
 * text_pattern_ops btree (usable under any database collation). One character has no index: it
 * reads every contact, as before.
 */
export async function searchContacts(db: DbOrTx, viewer: Viewer, text: string, pinyin: string | null, digits: string | null, limit: number) {
  return db
    .select({ contact: contacts, customerName: customers.name })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    // `= any(array(…))`: the ids are looked up by primary key however many PostgreSQL expects.
    .where(and(sql`${contacts.id} = any(array(${contactSearchMatches(text, pinyin, digits)}))`, isNull(contacts.deletedAt), isNull(customers.deletedAt), viewerScope(viewer, customerScope)))
    .orderBy(desc(contacts.isPrimary), desc(contacts.createdAt), asc(contacts.id))
    .limit(limit);
}

/** The ids of the live contacts searchContacts matches, as one SELECT (a UNION of index-served branches). */
function contactSearchMatches(text: string, pinyin: string | null, digits: string | null): SQL {
  const like = containsPattern(text);
  const nameOrEmail = or(ilike(contacts.name, like), sql`lower(${contacts.email}) like ${like.toLowerCase()}`);
  // LIKE before the bigram test: rows are rechecked against the whole condition, and LIKE fails
  // fast where kehu_bigrams is a function call per row.
  const branches = [
    [...text].length === 2 ? and(nameOrEmail, sql`${contactGrams} @> kehu_bigrams(${text})`) : nameOrEmail,
    digits ? sql`${contacts.phoneDigits} like ${`%${digits}%`}` : undefined,
    pinyin ? sql`${contacts.namePinyin} like ${`${escapeLike(pinyin)}%`}` : undefined,
    pinyin && pinyin.length >= 2 ? and(sql`${contacts.nameInitials} like ${`%${escapeLike(pinyin)}%`}`, sql`${initialsGrams} @> kehu_bigrams(${pinyin})`) : undefined,
  ].flatMap((match) => (match ? [sql`select ${contacts.id} from ${contacts} where ${contacts.deletedAt} is null and ${match}`] : []));
  return sql.join(branches, sql` union `);
}
