import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from './actor.ts';
import { departmentSubtree, type UserWithRole } from './actors.queries.ts';

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
