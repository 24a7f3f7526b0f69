import { and, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { apiTokens, loginAttempts, users } from '../../db/schema/index.ts';
import { IP_WINDOW_MS, LOCKOUT } from './auth.rules.ts';

/** `locked`: an attempt on a locked account (counts for its address, neither fails nor resets the account). */
export type AttemptOutcome = 'failed' | 'succeeded' | 'unlocked' | 'locked';

/** The latest attempts (any account, any outcome) from an address inside the window, newest first. */
export async function recentAttemptsFromIp(db: DbOrTx, ip: string, now: Date, limit: number): Promise<Date[]> {
  const rows = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), gt(loginAttempts.at, new Date(now.getTime() - IP_WINDOW_MS))))
    .orderBy(desc(loginAttempts.at))
    .limit(limit);
  return rows.map((r) => r.at);
}

export async function findLoginUser(db: DbOrTx, login: string) {
  const [row] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(and(isNull(users.deletedAt), or(sql`lower(${users.username}) = ${login}`, sql`lower(${users.email}) = ${login}`)))
    .limit(1);
  return row ?? null;
}

export async function recentFailures(db: DbOrTx, lockKey: string, now: Date): Promise<Date[]> {
  const lastReset = db
    .select({ at: sql`max(${loginAttempts.at})` })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.lockKey, lockKey), inArray(loginAttempts.outcome, ['succeeded', 'unlocked'])));
  const rows = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.lockKey, lockKey),
        eq(loginAttempts.outcome, 'failed'),
        gt(loginAttempts.at, new Date(now.getTime() - LOCKOUT.windowMs)),
        sql`${loginAttempts.at} > coalesce((${lastReset}), '-infinity'::timestamptz)`,
      ),
    )
    .orderBy(desc(loginAttempts.at))
    .limit(LOCKOUT.maxFailures);
  return rows.map((r) => r.at);
}

export async function recordAttempt(
  db: DbOrTx,
  lockKey: string,
  outcome: AttemptOutcome,
  at: Date,
  ip: string | null,
): Promise<void> {
  await db.insert(loginAttempts).values({ lockKey, outcome, at, ip });
}

export async function purgeLoginAttemptsBefore(db: DbOrTx, before: Date): Promise<void> {
  await db.delete(loginAttempts).where(lt(loginAttempts.at, before));
}

export async function listTokens(db: DbOrTx, userId: string) {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function findToken(db: DbOrTx, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
    .limit(1);
  return row ?? null;
}

export async function insertToken(db: DbOrTx, values: typeof apiTokens.$inferInsert) {
  const [row] = await db.insert(apiTokens).values(values).returning();
  if (!row) throw new Error('token insert returned nothing');
  return row;
}

export async function revokeToken(db: DbOrTx, id: string, at: Date) {
  await db.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, id));
}

export async function revokeUserTokens(db: DbOrTx, userId: string, at: Date) {
  await db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

export async function setPassword(db: DbOrTx, userId: string, passwordHash: string, mustChange: boolean, at: Date) {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword: mustChange, passwordChangedAt: at, updatedAt: at, version: sql`${users.version} + 1` })
    .where(eq(users.id, userId));
}

export async function setLastLogin(db: DbOrTx, userId: string, at: Date) {
  await db.update(users).set({ lastLoginAt: at }).where(eq(users.id, userId));
}

export async function updateProfile(db: DbOrTx, userId: string, values: { displayName?: string; locale?: 'zh-CN' | 'en' }, at: Date) {
  await db
    .update(users)
    .set({ ...values, updatedAt: at, version: sql`${users.version} + 1` })
    .where(eq(users.id, userId));
}

export async function getPasswordHash(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ h: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.h ?? null;
}

/** Which of the given lock keys are locked right now (see lockState for the rule). */
export async function lockedKeys(db: DbOrTx, keys: string[], now: Date): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const result = await db.execute<{ lock_key: string }>(sql`
    select f.lock_key from login_attempts f
    where f.lock_key in ${keys} and f.outcome = 'failed'
      and f.at > ${new Date(now.getTime() - LOCKOUT.windowMs)}
      and f.at > coalesce((select max(r.at) from login_attempts r where r.lock_key = f.lock_key and r.outcome in ('succeeded', 'unlocked')), '-infinity'::timestamptz)
    group by f.lock_key having count(*) >= ${LOCKOUT.maxFailures}`);
  return new Set(result.rows.map((r) => r.lock_key));
}
