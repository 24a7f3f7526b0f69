import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, sessions, users } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from './actor.ts';

/**
 * Whether the caller of a long-lived request (an event stream) is still signed in: their session
 * was not ended (logout, password change, disabled user) and has not passed its idle or absolute
 * limit, or their API token was not revoked and has not expired; and the user is still active.
 * Read only: holding a stream open is not activity, so it does not keep an idle session alive.
 */
export async function stillSignedIn(deps: Deps, actor: Pick<Actor, 'sessionId' | 'tokenId'>): Promise<boolean> {
  const now = deps.clock.now();
  if (actor.sessionId) {
    const [row] = await deps.db
      .select({ expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt, status: users.status })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, actor.sessionId), isNull(users.deletedAt)))
      .limit(1);
    return !!row && row.status === 'active' && now < row.expiresAt && now.getTime() < row.lastSeenAt.getTime() + deps.config.sessionIdleMs;
  }
  if (actor.tokenId) {
    const [row] = await deps.db
      .select({ expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt, status: users.status })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.id, actor.tokenId), isNull(users.deletedAt)))
      .limit(1);
    return !!row && row.status === 'active' && !row.revokedAt && (!row.expiresAt || now < row.expiresAt);
  }
  return false;
}
