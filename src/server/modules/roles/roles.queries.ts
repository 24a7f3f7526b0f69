import { BUILTIN_ROLE_KEYS } from '../../../contracts/access.ts';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { roles, users } from '../../db/schema/index.ts';

// Drizzle drops table names from columns inside sql`` when a select has a single table, which would
// turn `roles.id` into the subquery's own `users.id` (and the count into 0): spell the outer one out.
const userCount = sql<number>`(select count(*) from ${users} where ${users.roleId} = ${sql.identifier('roles')}.${sql.identifier('id')} and ${users.deletedAt} is null)`.mapWith(Number);

const columns = {
  id: roles.id,
  key: roles.key,
  name: roles.name,
  description: roles.description,
  permissions: roles.permissions,
  dataScope: roles.dataScope,
  canViewSensitive: roles.canViewSensitive,
  userCount,
  createdAt: roles.createdAt,
  updatedAt: roles.updatedAt,
  version: roles.version,
};

/** Built-in roles first, from the most to the least powerful; custom roles after them by age. */
const BUILTIN_FIRST = sql`coalesce(array_position(${sql.raw(`array[${BUILTIN_ROLE_KEYS.map((k) => `'${k}'`).join(',')}]`)}::text[], ${roles.key}), ${BUILTIN_ROLE_KEYS.length + 1})`;

export async function listRoles(db: DbOrTx) {
  return db.select(columns).from(roles).where(isNull(roles.deletedAt)).orderBy(BUILTIN_FIRST, asc(roles.createdAt), asc(roles.name));
}
export type RoleRow = Awaited<ReturnType<typeof listRoles>>[number];
/** The columns an update may set. */
export type RoleChanges = Partial<typeof roles.$inferInsert>;

export async function findRole(db: DbOrTx, id: string): Promise<RoleRow | null> {
  const [row] = await db
    .select(columns)
    .from(roles)
    .where(and(eq(roles.id, id), isNull(roles.deletedAt)))
    .limit(1);
  return row ?? null;
}

export async function nameTaken(db: DbOrTx, name: string, exceptId: string | null): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(roles)
    .where(and(isNull(roles.deletedAt), sql`lower(${roles.name}) = lower(${name})`, exceptId ? sql`${roles.id} <> ${exceptId}` : undefined));
  return (row?.n ?? 0) > 0;
}

export async function insertRole(db: DbOrTx, values: typeof roles.$inferInsert): Promise<string> {
  const [row] = await db.insert(roles).values(values).returning({ id: roles.id });
  if (!row) throw new Error('role insert returned nothing');
  return row.id;
}

export async function updateRole(db: DbOrTx, id: string, version: number, values: RoleChanges) {
  const rows = await db
    .update(roles)
    .set({ ...values, version: sql`${roles.version} + 1` })
    .where(and(eq(roles.id, id), eq(roles.version, version), isNull(roles.deletedAt)))
    .returning({ id: roles.id });
  return rows.length === 1;
}

/** Soft delete: users deleted earlier still reference the role (and the foreign key needs it). */
export async function deleteRole(db: DbOrTx, id: string, now: Date) {
  await db.update(roles).set({ deletedAt: now, updatedAt: now }).where(eq(roles.id, id));
}

export async function usersWithRole(db: DbOrTx, id: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.roleId, id), isNull(users.deletedAt)));
  return row?.n ?? 0;
}
