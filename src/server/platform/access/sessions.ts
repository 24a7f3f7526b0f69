import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { TokenScope } from '../../../contracts/auth.ts';
import type { DbOrTx } from '../../db/client.ts';
import { apiTokens, sessions, users } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { hashSecret, randomSecret } from './secrets.ts';

export const SESSION_COOKIE = 'kehu_session';
export const CSRF_HEADER = 'x-csrf-token';
export const TOKEN_PREFIX = 'kehu_pat_';

/** Last-seen times are written at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 60_000;

export async function createSession(deps: Deps, db: DbOrTx, userId: string, meta: { ip: string | null; userAgent: string | null }) {
  const secret = randomSecret();
  const csrfToken = randomSecret(24);
  const now = deps.clock.now();
  const [row] = await db
    .insert(sessions)
    .values({
      tokenHash: hashSecret(deps.appSecret, secret),
      userId,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + deps.config.sessionMaxMs),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  if (!row) throw new Error('session insert returned nothing');
  return { id: row.id, secret, csrfToken, expiresAt: row.expiresAt };
}

export type SessionCheck =
  | { ok: true; sessionId: string; userId: string; csrfToken: string }
  | { ok: false; reason: 'unknown' | 'expired' };

/** Finds the session of a cookie; ends it when it passed its idle or absolute limit. */
export async function checkSession(deps: Deps, secret: string): Promise<SessionCheck> {
  const now = deps.clock.now();
  const [row] = await deps.db.select().from(sessions).where(eq(sessions.tokenHash, sessionTokenHash(deps, secret))).limit(1);
  return settleSession(deps, row, now);
}

/** What the sessions table keeps of a cookie's secret. */
export function sessionTokenHash(deps: Deps, secret: string): string {
  return hashSecret(deps.appSecret, secret);
}

/**
 * checkSession for a session row read elsewhere (with the cookie's sessionTokenHash) at `now`:
 * the request's authentication reads it together with the user (findSessionActor).
 */
export async function settleSession(deps: Deps, row: typeof sessions.$inferSelect | undefined, now: Date): Promise<SessionCheck> {
  if (!row) return { ok: false, reason: 'unknown' };
  const idleLimit = row.lastSeenAt.getTime() + deps.config.sessionIdleMs;
  if (now >= row.expiresAt || now.getTime() >= idleLimit) {
    await deps.db.delete(sessions).where(eq(sessions.id, row.id));
    return { ok: false, reason: 'expired' };
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await deps.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
  }
  return { ok: true, sessionId: row.id, userId: row.userId, csrfToken: row.csrfToken };
}

export async function deleteSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (disable, password reset, delete), optionally keeping one. */
export async function deleteUserSessions(db: DbOrTx, userId: string, keepSessionId?: string | null): Promise<void> {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : undefined));
}

export async function purgeExpiredSessions(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const idleCutoff = new Date(now.getTime() - deps.config.sessionIdleMs);
  const deleted = await deps.db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)))
    .returning({ id: sessions.id });
  return deleted.length;
}

export type TokenCheck = { ok: true; tokenId: string; userId: string; scope: TokenScope } | { ok: false };

export async function checkApiToken(deps: Deps, secret: string): Promise<TokenCheck> {
  if (!secret.startsWith(TOKEN_PREFIX)) return { ok: false };
  const now = deps.clock.now();
  const [row] = await deps.db
    .select({ id: apiTokens.id, userId: apiTokens.userId, scope: apiTokens.scope, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashSecret(deps.appSecret, secret)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        isNull(users.deletedAt),
      ),
    )
    .limit(1);
  if (!row) return { ok: false };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    await deps.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { ok: true, tokenId: row.id, userId: row.userId, scope: row.scope };
}
