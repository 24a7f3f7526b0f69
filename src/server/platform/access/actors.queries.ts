import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { besidePool, type DbOrTx } from '../../db/client.ts';
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
  const row = await userRow(db, userId, false);
  if (!row) return null;
  const { departmentSubtree: _subtree, ...user } = row;
  return user;
}
export type UserWithRole = NonNullable<Awaited<ReturnType<typeof findUserWithRole>>>;

/**
 * The ids of a department and every live department below it, at any depth, as a subquery
 * (`… in (${departmentSubtreeIds(root)})`); `root` is a value or a column of the outer query.
 */
export function departmentSubtreeIds(root: SQL | string): SQL {
  return sql`with recursive tree as (
      select r.id from ${departments} r where r.id = ${root} and r.deleted_at is null
      union
      select d.id from ${departments} d join tree t on d.parent_id = t.id where d.deleted_at is null
    )
    select id from tree`;
}

/** With a department-scoped role, the subtree of the user's department (as departmentSubtree reads it, in order). */
const subtreeOfUser = sql<string[] | null>`case when ${roles.dataScope} = 'department' and ${users.departmentId} is not null
  then array(select id::text from (${departmentSubtreeIds(sql`${users.departmentId}`)}) s) end`;

/**
 * findUserWithRole for a request's actor: with a department-scoped role, also the department
 * subtree (what departmentSubtree reads, in the same order), so that resolving the caller of a
 * request takes one round trip; null for other roles or without a department.
 */
export async function findActorUser(db: DbOrTx, userId: string): Promise<ActorUser | null> {
  return userRow(db, userId, true);
}

/** A live user with role and department, and the department subtree when asked: one shape for both lookups. */
async function userRow(db: DbOrTx, userId: string, withSubtree: boolean) {
  const rows = await db
    .select({ ...userWithRole, departmentSubtree: withSubtree ? subtreeOfUser : sql<string[] | null>`null` })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  return rows[0] ?? null;
}

export type ActorUser = UserWithRole & { departmentSubtree: string[] | null };

function sessionActorQuery(db: DbOrTx) {
  return db
    .select({ session: sessions, ...userWithRole, departmentSubtree: subtreeOfUser })
    .from(sessions)
    .leftJoin(users, and(eq(users.id, sessions.userId), isNull(users.deletedAt)))
    .leftJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .limit(1)
    .prepare('kehu_session_actor');
}
const preparedSessionActor = new WeakMap<DbOrTx, ReturnType<typeof sessionActorQuery>>();

/**
 * The session of a cookie (by its sessionTokenHash) and, in the same statement, its user as
 * findActorUser reads it (null where that finds none: deleted, or without a role), so that
 * authenticating a request takes one round trip. Whether the session is still valid is for
 * settleSession to say.
 *
 * Every API request runs it, so it is a named prepared statement: each connection parses it
 * once and PostgreSQL soon keeps a generic plan (planning the four-table join with the
 * department subtree took ~1 ms, running it 0.2). The statement is built once per database
 * handle, too.
 */
export async function findSessionActor(db: DbOrTx, tokenHash: string): Promise<{ session: typeof sessions.$inferSelect; user: ActorUser | null } | null> {
  // On connections of their own (besidePool: a prepared statement slowed a connection's searches).
  const on = besidePool(db, 'sessions') ?? db;
  let query = preparedSessionActor.get(on);
  if (!query) preparedSessionActor.set(on, (query = sessionActorQuery(on)));
  const [row] = await query.execute({ tokenHash });
  if (!row) return null;
  const { session, ...user } = row;
  return { session, user: user.id !== null && user.roleId !== null ? (user as ActorUser) : null };
}

/** A department and every department below it, at any depth. */
export async function departmentSubtree(db: DbOrTx, rootId: string): Promise<string[]> {
  const result = await db.execute<{ id: string }>(departmentSubtreeIds(rootId));
  return result.rows.map((r) => r.id);
}
