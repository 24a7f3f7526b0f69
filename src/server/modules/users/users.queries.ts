import { and, count, eq, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
import type { DbOrTx } from '../../db/client.ts';
import { departments, roles, users } from '../../db/schema/index.ts';
import { viewerScope, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';

/** A user "owns" their own record; managers see the users of their department subtree. */
export const userScope: ScopeRule = {
  own: (actor) => eq(users.id, actor.userId),
  inDepartments: (ids) => inArray(users.departmentId, [...ids]),
  deletedAt: users.deletedAt,
};

/** The columns a user list may be sorted by (the `sort` values of listUsersQuery). */
export const userSortColumns: Record<string, Omit<SortKey, 'direction'>> = {
  createdAt: { column: users.createdAt, type: 'timestamptz' },
  username: { column: users.username, type: 'text' },
  displayName: { column: users.displayName, type: 'text' },
};

export const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  phone: users.phone,
  roleId: users.roleId,
  roleKey: roles.key,
  roleName: roles.name,
  rolePermissions: roles.permissions,
  roleDataScope: roles.dataScope,
  roleCanViewSensitive: roles.canViewSensitive,
  departmentId: users.departmentId,
  departmentName: departments.name,
  status: users.status,
  mustChangePassword: users.mustChangePassword,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  version: users.version,
};

function base(db: DbOrTx) {
  return db
    .select(userColumns)
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(departments, eq(departments.id, users.departmentId));
}
export type UserRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
/** The columns an update may set. */
export type UserChanges = Partial<typeof users.$inferInsert>;

export interface UserFilters {
  /** Contained in the username, display name or email (case-insensitive). */
  q?: string | undefined;
  departmentId?: string | undefined;
  roleId?: string | undefined;
  status?: (typeof users.$inferSelect)['status'] | undefined;
}

function searchFilter(q: string): SQL | undefined {
  const like = containsPattern(q);
  return or(ilike(users.username, like), ilike(users.displayName, like), ilike(users.email, like));
}

function filtersOf(f: UserFilters): (SQL | undefined)[] {
  return [
    f.q ? searchFilter(f.q) : undefined,
    f.departmentId ? eq(users.departmentId, f.departmentId) : undefined,
    f.roleId ? eq(users.roleId, f.roleId) : undefined,
    f.status ? eq(users.status, f.status) : undefined,
  ];
}

export async function listUsers(
  db: DbOrTx,
  opts: { viewer: Viewer; filters: UserFilters; sort: SortKey; cursor: string | undefined; limit: number },
) {
  return base(db)
    .where(and(viewerScope(opts.viewer, userScope), ...filtersOf(opts.filters), afterCursor(opts.sort, users.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, users.id))
    .limit(opts.limit + 1);
}

/** The total of a user list (listUsers without cursor, order and limit). */
export function countUsers(db: DbOrTx, opts: { viewer: Viewer; filters: UserFilters; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, base(db).where(and(viewerScope(opts.viewer, userScope), ...filtersOf(opts.filters))), opts.exactUpTo);
}

export async function findUser(db: DbOrTx, id: string, viewer: Viewer): Promise<UserRow | null> {
  const [row] = await base(db).where(and(eq(users.id, id), viewerScope(viewer, userScope))).limit(1);
  return row ?? null;
}

export async function usernameOrEmailTaken(db: DbOrTx, username: string | null, email: string | null, exceptId: string | null) {
  const [row] = await db
    .select({
      username: username ? sql<boolean>`bool_or(lower(${users.username}) = lower(${username}))` : sql<boolean>`false`,
      email: email ? sql<boolean>`bool_or(lower(${users.email}) = lower(${email}))` : sql<boolean>`false`,
    })
    .from(users)
    .where(and(isNull(users.deletedAt), exceptId ? ne(users.id, exceptId) : undefined));
  return { username: row?.username === true, email: row?.email === true };
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning({ id: users.id });
  if (!row) throw new Error('user insert returned nothing');
  return row.id;
}

/** Optimistic update: only applies when the row is still at `version`; returns false otherwise. */
export async function updateUser(db: DbOrTx, id: string, version: number, values: UserChanges) {
  const rows = await db
    .update(users)
    .set({ ...values, version: sql`${users.version} + 1` })
    .where(and(eq(users.id, id), eq(users.version, version), isNull(users.deletedAt)))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** An administrator's reset: the user must change the password at next login. */
export async function setTemporaryPassword(db: DbOrTx, id: string, passwordHash: string, at: Date): Promise<void> {
  await db.update(users).set({ passwordHash, mustChangePassword: true, passwordChangedAt: at, updatedAt: at }).where(eq(users.id, id));
}

/** The row stays (their name is on the records they touched); the user can no longer log in. */
export async function softDeleteUser(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(users).set({ deletedAt: at, status: 'disabled', updatedAt: at }).where(eq(users.id, id));
}

/** Held until the end of the transaction by every change that could remove the last active admin. */
const LAST_ADMIN_LOCK = 0x6b656877;

/**
 * Active, undeleted users holding the admin role, not counting one user. Call it inside the
 * transaction that disables, demotes or deletes an admin: it first takes a lock, so two admins
 * disabling each other at once are serialised and the second sees the first's change.
 */
export async function countActiveAdmins(db: DbOrTx, exceptUserId: string): Promise<number> {
  await db.execute(sql`select pg_advisory_xact_lock(${LAST_ADMIN_LOCK})`);
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(and(eq(roles.key, 'admin'), eq(users.status, 'active'), isNull(users.deletedAt), ne(users.id, exceptUserId)));
  return row?.n ?? 0;
}

export async function findRole(db: DbOrTx, id: string) {
  const [row] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.id, id), isNull(roles.deletedAt)))
    .limit(1);
  return row ?? null;
}

export async function departmentExists(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.id, id), isNull(departments.deletedAt)))
    .limit(1);
  return !!row;
}
