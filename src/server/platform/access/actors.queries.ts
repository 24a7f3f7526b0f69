import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { departments, roles, sessions, users } from '../../db/schema/index.ts';

const userWithRole = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  locale: users.locale,
  status: users.status,
  mustChangePassword: users.mustChangePassword,
  departmentId: users.departmentId,
  departmentName: departments.name,
  roleId: roles.id,
  roleKey: roles.key,
  roleName: roles.name,
  permissions: roles.permissions,
  dataScope: roles.dataScope,
  canViewSensitive: roles.canViewSensitive,
};

export async function findUserWithRole(db: DbOrTx, userId: string) {
  const rows = await db
    .select(userWithRole)
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  return rows[0] ?? null;
}
export type UserWithRole = NonNullable<Awaited<ReturnType<typeof findUserWithRole>>>;

/** With a department-scoped role, the subtree of the user's department (as departmentSubtree reads it, in order). */
const subtreeOfUser = sql<string[] | null>`case when ${roles.dataScope} = 'department' and ${users.departmentId} is not null then array(
    with recursive tree as (
      select r.id from ${departments} r where r.id = ${users.departmentId} and r.deleted_at is null
      union
      select d.id from ${departments} d join tree t on d.parent_id = t.id where d.deleted_at is null
    )
    select id::text from tree) end`;

/**
 * findUserWithRole for a request's actor: with a department-scoped role, also the department
 * subtree (what departmentSubtree reads, in the same order), so that resolving the caller of a
 * request takes one round trip; null for other roles or without a department.
 */
export async function findActorUser(db: DbOrTx, userId: string): Promise<ActorUser | null> {
  const rows = await db
    .select({ ...userWithRole, departmentSubtree: subtreeOfUser })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  return rows[0] ?? null;
}

export type ActorUser = UserWithRole & { departmentSubtree: string[] | null };

/**
 * The session of a cookie (by its sessionTokenHash) and, in the same statement, its user as
 * findActorUser reads it (null where that finds none: deleted, or without a role), so that
 * authenticating a request takes one round trip. Whether the session is still valid is for
 * settleSession to say.
 */
export async function findSessionActor(db: DbOrTx, tokenHash: string): Promise<{ session: typeof sessions.$inferSelect; user: ActorUser | null } | null> {
  const [row] = await db
    .select({ session: sessions, ...userWithRole, departmentSubtree: subtreeOfUser })
    .from(sessions)
    .leftJoin(users, and(eq(users.id, sessions.userId), isNull(users.deletedAt)))
    .leftJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  if (!row) return null;
  const { session, ...user } = row;
  return { session, user: user.id !== null && user.roleId !== null ? (user as ActorUser) : null };
}

/** A department and every department below it, at any depth. */
export async function departmentSubtree(db: DbOrTx, rootId: string): Promise<string[]> {
  const result = await db.execute<{ id: string }>(sql`
    with recursive tree as (
      select id from departments where id = ${rootId} and deleted_at is null
      union
      select d.id from departments d join tree t on d.parent_id = t.id where d.deleted_at is null
    )
    select id from tree`);
  return result.rows.map((r) => r.id);
}
