import { and, asc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { departments, roles, users } from '../../db/schema/index.ts';
import { missingReference, type ErrorDetail } from '../errors.ts';
import type { Actor } from './actor.ts';
import { departmentInScope } from './policy.ts';

/** Where a user sits: what a record they own or are assigned is filed under (its department). */
export interface Placement {
  userId: string;
  departmentId: string | null;
}

/**
 * Who else a record may be handed to beyond the caller's scope: users whose role holds this
 * permission (or admins). Leads use `lead:assign`, so marketing can hand a lead to a sales
 * manager (who passes it on in their own team) though the salespeople are outside its scope.
 */
export interface Handover {
  orHolding?: string;
}

function holds(permission: string): SQL {
  return sql`(${roles.key} = 'admin' or ${roles.permissions} ? ${permission})`;
}

/**
 * The user a caller puts a record on (owner, assignee, handler): oneself, or an active user in
 * the caller's data scope (or, with `handover.orHolding`, one whose role holds that permission).
 * `field` names the request field in the 400 otherwise — the same 400 for a user who does not
 * exist and one outside the caller's scope, so ids cannot be probed. Whether the caller may give
 * records to others at all (an `assign` right) is the caller's module's rule.
 */
export async function placeWithUser(db: DbOrTx, actor: Actor, userId: string, field: string, handover: Handover = {}): Promise<Placement> {
  if (userId === actor.userId) return { userId, departmentId: actor.departmentId };
  const [user] = await db
    .select({ departmentId: users.departmentId, status: users.status, holds: handover.orHolding ? holds(handover.orHolding).mapWith(Boolean) : sql<boolean>`false` })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  if (!user || user.status !== 'active' || !(departmentInScope(actor, user.departmentId) || user.holds)) throw missingReference(field, 'user');
  return { userId, departmentId: user.departmentId };
}

/** The users of `departmentInScope`, as SQL on `users`. */
function usersInScopeWhere(actor: Actor): SQL | undefined {
  switch (actor.dataScope) {
    case 'all':
      return undefined;
    case 'department':
      return actor.departmentIds.length ? inArray(users.departmentId, [...actor.departmentIds]) : sql`false`;
    case 'own':
      return actor.departmentId ? eq(users.departmentId, actor.departmentId) : sql`false`;
  }
}

export interface PlaceableUser {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  /** Outside the caller's scope, listed because their role holds `orHolding`. */
  handover: boolean;
}

/**
 * The people `placeWithUser` accepts, for a picker that must not need `user:read`: oneself, the
 * active users in the caller's scope and (with `handover.orHolding`) those holding it, each only
 * if their role holds `working` (someone who cannot read the record is no one to give it to).
 * `q` matches the name or username. Ordered by department, then name; at most `limit`.
 */
export async function placeableUsers(db: DbOrTx, actor: Actor, opts: Handover & { working: string; q?: string; limit: number }): Promise<PlaceableUser[]> {
  const inScope = usersInScopeWhere(actor) ?? sql`true`;
  const reach = opts.orHolding ? or(inScope, eq(users.id, actor.userId), holds(opts.orHolding)) : or(inScope, eq(users.id, actor.userId));
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      departmentId: users.departmentId,
      departmentName: departments.name,
      inScope: sql<boolean>`(${inScope} or ${users.id} = ${actor.userId})`.mapWith(Boolean),
    })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(
      and(
        isNull(users.deletedAt),
        eq(users.status, 'active'),
        holds(opts.working),
        reach,
        opts.q ? or(ilike(users.displayName, containsPattern(opts.q)), ilike(users.username, containsPattern(opts.q))) : undefined,
      ),
    )
    .orderBy(sql`${departments.name} asc nulls last`, asc(users.displayName), asc(users.id))
    .limit(opts.limit);
  return rows.map(({ inScope: within, ...u }) => ({ ...u, handover: !within }));
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
