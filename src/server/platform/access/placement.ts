import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { invalid } from '../errors.ts';
import type { Actor } from './actor.ts';
import { departmentInScope } from './policy.ts';

/** Where a user sits: what a record they own or are assigned is filed under (its department). */
export interface Placement {
  userId: string;
  departmentId: string | null;
}

/**
 * The user a caller puts a record on (owner, assignee, handler): oneself, or an active user in
 * the caller's data scope. `field` names the request field in the 400 otherwise. Whether the
 * caller may give records to others at all (an `assign` right) is the caller's module's rule.
 */
export async function placeWithUser(db: DbOrTx, actor: Actor, userId: string, field: string): Promise<Placement> {
  if (userId === actor.userId) return { userId, departmentId: actor.departmentId };
  const [user] = await db
    .select({ departmentId: users.departmentId, status: users.status })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  if (!user || user.status !== 'active') throw invalid([{ path: field, key: 'NOT_FOUND', params: { entity: 'user' } }]);
  if (!departmentInScope(actor, user.departmentId)) throw invalid([{ path: field, key: 'user.outOfScope' }]);
  return { userId, departmentId: user.departmentId };
}
