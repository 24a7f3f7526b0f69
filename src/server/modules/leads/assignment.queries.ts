import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { departments, leadAssignmentRules } from '../../db/schema/index.ts';
import { departmentSubtreeIds } from '../../platform/access/actors.queries.ts';

function base(db: DbOrTx) {
  return db
    .select({ rule: leadAssignmentRules, departmentName: departments.name })
    .from(leadAssignmentRules)
    .leftJoin(departments, eq(departments.id, leadAssignmentRules.departmentId));
}
export type RuleRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

export async function listRules(db: DbOrTx, activeOnly = false): Promise<RuleRow[]> {
  return base(db)
    .where(and(isNull(leadAssignmentRules.deletedAt), activeOnly ? eq(leadAssignmentRules.active, true) : undefined))
    .orderBy(asc(leadAssignmentRules.priority), asc(leadAssignmentRules.createdAt));
}

export async function findRule(db: DbOrTx, id: string): Promise<RuleRow | null> {
  const [row] = await base(db)
    .where(and(eq(leadAssignmentRules.id, id), isNull(leadAssignmentRules.deletedAt)))
    .limit(1);
  return row ?? null;
}

/** The rule's current turn, locked until the transaction ends so concurrent leads queue for it. */
export async function lockCursor(db: DbOrTx, id: string): Promise<number | null> {
  const result = await db.execute<{ cursor: number }>(sql`select cursor from lead_assignment_rules where id = ${id} and deleted_at is null for update`);
  return result.rows[0]?.cursor ?? null;
}

export async function setCursor(db: DbOrTx, id: string, cursor: number): Promise<void> {
  await db.update(leadAssignmentRules).set({ cursor }).where(eq(leadAssignmentRules.id, id));
}

export async function insertRule(db: DbOrTx, values: typeof leadAssignmentRules.$inferInsert): Promise<string> {
  const [row] = await db.insert(leadAssignmentRules).values(values).returning({ id: leadAssignmentRules.id });
  if (!row) throw new Error('rule insert returned nothing');
  return row.id;
}

export async function updateRule(db: DbOrTx, id: string, version: number, values: Partial<typeof leadAssignmentRules.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(leadAssignmentRules)
    .set({ ...values, version: sql`${leadAssignmentRules.version} + 1` })
    .where(and(eq(leadAssignmentRules.id, id), eq(leadAssignmentRules.version, version), isNull(leadAssignmentRules.deletedAt)))
    .returning({ id: leadAssignmentRules.id });
  return rows.length === 1;
}

export type Member = {
  id: string;
  departmentId: string | null;
  eligible: boolean;
};

/**
 * The people who take turns on a rule. Named members keep their order; with none named, every
 * user of the department (not its sub-departments) in username order. A member is eligible
 * while active, allowed to read leads, and still in the department or below it.
 */
export async function ruleMembers(db: DbOrTx, departmentId: string, memberIds: readonly string[]): Promise<Member[]> {
  const eligible = sql<boolean>`(u.status = 'active' and u.deleted_at is null and (r.key = 'admin' or r.permissions ? 'lead:read') and u.department_id in (${departmentSubtreeIds(departmentId)}))`;
  if (memberIds.length === 0) {
    const result = await db.execute<Member>(sql`
      select u.id, u.department_id as "departmentId", ${eligible} as eligible from users u join roles r on r.id = u.role_id
      where u.department_id = ${departmentId} and u.deleted_at is null order by u.username`);
    return result.rows;
  }
  const ids = sql`array[${sql.join(memberIds.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;
  const result = await db.execute<Member>(sql`
    select m.id, u.department_id as "departmentId", coalesce(${eligible}, false) as eligible
    from unnest(${ids}) with ordinality as m(id, ord)
    left join users u on u.id = m.id left join roles r on r.id = u.role_id
    order by m.ord`);
  return result.rows;
}
