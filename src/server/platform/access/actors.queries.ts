import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { departments, roles, users } from '../../db/schema/index.ts';

export async function findUserWithRole(db: DbOrTx, userId: string) {
  const rows = await db
    .select({
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
    })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  return rows[0] ?? null;
}
export type UserWithRole = NonNullable<Awaited<ReturnType<typeof findUserWithRole>>>;

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
