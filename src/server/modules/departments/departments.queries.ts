import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { departments, users } from '../../db/schema/index.ts';
import { viewerScope, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';

/** Scope `own` sees one's own department; `department` sees it and everything below it. */
export const departmentScope: ScopeRule = {
  own: (actor) => (actor.departmentId ? eq(departments.id, actor.departmentId) : inArray(departments.id, [])),
  inDepartments: (ids) => inArray(departments.id, [...ids]),
  deletedAt: departments.deletedAt,
};

// Drizzle drops table names from columns inside sql`` when a select has a single table, which would
// turn `departments.id` into the subquery's own `users.id` (and the count into 0): spell the outer one out.
const userCount = sql<number>`(select count(*) from ${users} where ${users.departmentId} = ${sql.identifier('departments')}.${sql.identifier('id')} and ${users.deletedAt} is null)`.mapWith(Number);

export async function listDepartments(db: DbOrTx, viewer: Viewer) {
  return selectDepartments(db, viewerScope(viewer, departmentScope));
}

function selectDepartments(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      id: departments.id,
      name: departments.name,
      parentId: departments.parentId,
      managerId: departments.managerId,
      sortOrder: departments.sortOrder,
      userCount,
      createdAt: departments.createdAt,
      updatedAt: departments.updatedAt,
      version: departments.version,
    })
    .from(departments)
    .where(where)
    .orderBy(asc(departments.sortOrder), asc(departments.name));
}
export type DepartmentRow = Awaited<ReturnType<typeof selectDepartments>>[number];
/** The columns an update may set. */
export type DepartmentChanges = Partial<typeof departments.$inferInsert>;

export async function findDepartment(db: DbOrTx, id: string, viewer: Viewer): Promise<DepartmentRow | null> {
  const rows = await selectDepartments(db, and(eq(departments.id, id), viewerScope(viewer, departmentScope)));
  return rows[0] ?? null;
}

export async function parentMap(db: DbOrTx): Promise<Map<string, string | null>> {
  const rows = await db.select({ id: departments.id, parentId: departments.parentId }).from(departments).where(isNull(departments.deletedAt));
  return new Map(rows.map((r) => [r.id, r.parentId]));
}

export async function nameTaken(db: DbOrTx, name: string, parentId: string | null, exceptId: string | null): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(departments)
    .where(
      and(
        isNull(departments.deletedAt),
        sql`lower(${departments.name}) = lower(${name})`,
        parentId ? eq(departments.parentId, parentId) : isNull(departments.parentId),
        exceptId ? sql`${departments.id} <> ${exceptId}` : undefined,
      ),
    );
  return (row?.n ?? 0) > 0;
}

export async function insertDepartment(db: DbOrTx, values: typeof departments.$inferInsert): Promise<string> {
  const [row] = await db.insert(departments).values(values).returning({ id: departments.id });
  if (!row) throw new Error('department insert returned nothing');
  return row.id;
}

export async function updateDepartment(db: DbOrTx, id: string, version: number, values: DepartmentChanges) {
  const rows = await db
    .update(departments)
    .set({ ...values, version: sql`${departments.version} + 1` })
    .where(and(eq(departments.id, id), eq(departments.version, version), isNull(departments.deletedAt)))
    .returning({ id: departments.id });
  return rows.length === 1;
}

export async function softDeleteDepartment(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(departments).set({ deletedAt: at, updatedAt: at }).where(eq(departments.id, id));
}

export async function childCount(db: DbOrTx, id: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(departments)
    .where(and(eq(departments.parentId, id), isNull(departments.deletedAt)));
  return row?.n ?? 0;
}

export async function userExists(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)))
    .limit(1);
  return !!row;
}
