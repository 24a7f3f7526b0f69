import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from './actor.ts';
import { departmentSubtree, findActorUser, type UserWithRole } from './actors.queries.ts';

export async function actorFor(
  db: DbOrTx,
  user: UserWithRole & { departmentSubtree?: string[] | null },
  via: { sessionId: string } | { tokenId: string },
): Promise<Actor> {
  // The subtree may come with the user (findActorUser); else it is read here.
  const departmentIds =
    user.departmentId && user.dataScope === 'department'
      ? (user.departmentSubtree ?? (await departmentSubtree(db, user.departmentId)))
      : user.departmentId
        ? [user.departmentId]
        : [];
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roleId: user.roleId,
    roleKey: user.roleKey,
    permissions: new Set(user.permissions),
    dataScope: user.dataScope,
    canViewSensitive: user.canViewSensitive,
    departmentId: user.departmentId,
    departmentIds,
    mustChangePassword: user.mustChangePassword,
    via: 'sessionId' in via ? 'session' : 'token',
    sessionId: 'sessionId' in via ? via.sessionId : null,
    tokenId: 'tokenId' in via ? via.tokenId : null,
  };
}

/**
 * A user as the actor of work done on their behalf outside a request (a mailing's audience is
 * evaluated with its owner's scope when sending starts); null for a user who is gone or disabled.
 */
export async function actorOfUser(db: DbOrTx, userId: string): Promise<Actor | null> {
  const user = await findActorUser(db, userId);
  if (!user || user.status !== 'active') return null;
  return { ...(await actorFor(db, user, { tokenId: 'on-behalf' })), tokenId: null };
}
