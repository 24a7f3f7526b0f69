import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { missingReference, type ErrorDetail } from '../errors.ts';
import type { Actor } from './actor.ts';
import { departmentInScope } from './policy.ts';

/** Where a user sits: what a record they own or are assigned is filed under (its department). */
export interface Placement {
  userId: string;
  departmentId: string | null;
}

/**
 * The user a caller puts a record on (owner, assignee, handler): oneself, or an active user in
 * the caller's data scope. `field` names the request field in the 400 otherwise — the same 400
 * for a user who does not exist and one outside the caller's scope, so ids cannot be probed.
 * Whether the caller may give records to others at all (an `assign` right) is the caller's
 * module's rule.
 */
export async function placeWithUser(db: DbOrTx, actor: Actor, userId: string, field: string): Promise<Placement> {
  if (userId === actor.userId) return { userId, departmentId: actor.departmentId };
  const [user] = await db
    .select({ departmentId: users.departmentId, status: users.status })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  if (!user || user.status !== 'active' || !departmentInScope(actor, user.departmentId)) throw missingReference(field, 'user');
  return { userId, departmentId: user.departmentId };
}

/**
 * The users a record is shared with (collaborators), by the rule of `placeWithUser`; ids in
 * `kept` (already on the record) pass as they are, so a later disabled colleague does not block
 * an edit. Returns one problem per refused id, at `field.<index>`.
 */
export async function usersInScope(db: DbOrTx, actor: Actor, ids: readonly string[], field: string, kept: ReadonlySet<string> = new Set()): Promise<ErrorDetail[]> {
  const fresh = ids.filter((id) => id !== actor.userId && !kept.has(id));
  if (fresh.length === 0) return [];
  const rows = await db
    .select({ id: users.id, departmentId: users.departmentId, status: users.status })
    .from(users)
    .where(and(inArray(users.id, fresh), isNull(users.deletedAt)));
  const placeable = new Set(rows.filter((u) => u.status === 'active' && departmentInScope(actor, u.departmentId)).map((u) => u.id));
  const problems: ErrorDetail[] = [];
  ids.forEach((id, i) => {
    if (fresh.includes(id) && !placeable.has(id)) problems.push({ path: `${field}.${i}`, key: 'NOT_FOUND', params: { entity: 'user' } });
  });
  return problems;
}
