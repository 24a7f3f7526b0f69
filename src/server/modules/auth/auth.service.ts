import { DEFAULT_TOKEN_DAYS, type ApiToken, type CurrentUser, type TokenScope } from '../../../contracts/auth.ts';
import { isAdmin, type Ctx } from '../../platform/access/actor.ts';
import { findUserWithRole, type UserWithRole } from '../../platform/access/actors.queries.ts';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/access/passwords.ts';
import { hashSecret, randomSecret } from '../../platform/access/secrets.ts';
import { createSession, deleteSession, deleteUserSessions, TOKEN_PREFIX } from '../../platform/access/sessions.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import * as q from './auth.queries.ts';
import { ipThrottle, lockState, normaliseLogin } from './auth.rules.ts';

/** 429 once an address made LOGIN_LIMIT_PER_IP attempts (on any accounts) within a minute. */
async function throttleAddress(deps: Deps, ip: string | null, now: Date): Promise<void> {
  if (!ip) return;
  const limit = deps.config.loginLimitPerIp;
  const state = ipThrottle(await q.recentAttemptsFromIp(deps.db, ip, now, limit), limit, now);
  if (state.limited) throw new AppError('RATE_LIMITED', { key: 'auth.tooManyAttempts', params: { seconds: state.retryAfterSeconds } });
}

/** `allPermissions`: the catalogue's, which an admin holds whatever its stored list says. */
export function toCurrentUser(u: UserWithRole, allPermissions: readonly string[]): CurrentUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    locale: u.locale,
    role: { id: u.roleId, key: u.roleKey, name: u.roleName, dataScope: u.dataScope, canViewSensitive: u.canViewSensitive },
    department: u.departmentId && u.departmentName ? { id: u.departmentId, name: u.departmentName } : null,
    permissions: u.roleKey === 'admin' ? [...allPermissions] : [...u.permissions],
    mustChangePassword: u.mustChangePassword,
  };
}

export interface LoginMeta {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Checks the credentials and opens a session. Failed attempts and the audit entries about them
 * are committed even though the call fails, which is why this does not run in one transaction.
 */
export async function login(deps: Deps, identifier: string, password: string, meta: LoginMeta) {
  const now = deps.clock.now();
  const loginName = normaliseLogin(identifier);
  const user = await q.findLoginUser(deps.db, loginName);
  const lockKey = user ? `user:${user.id}` : `name:${loginName}`;
  const source = { actorId: user?.id ?? null, actorName: user?.displayName ?? identifier.slice(0, 100), ip: meta.ip, now };

  await throttleAddress(deps, meta.ip, now);
  const before = lockState(await q.recentFailures(deps.db, lockKey, now), now);
  if (before.locked) {
    await q.recordAttempt(deps.db, lockKey, 'locked', now, meta.ip);
    await writeAudit(deps.db, source, { action: 'login_locked', entityType: 'user', entityId: user?.id ?? null, entityLabel: identifier.slice(0, 100) });
    throw new AppError('ACCOUNT_LOCKED', { params: { minutes: before.minutes } });
  }

  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash(deps.config.passwordHashCost)));
  if (!user || !ok) {
    await q.recordAttempt(deps.db, lockKey, 'failed', now, meta.ip);
    await writeAudit(deps.db, source, { action: 'login_failed', entityType: 'user', entityId: user?.id ?? null, entityLabel: identifier.slice(0, 100) });
    const after = lockState(await q.recentFailures(deps.db, lockKey, now), now);
    if (after.locked) throw new AppError('ACCOUNT_LOCKED', { params: { minutes: after.minutes } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');

  return deps.db.transaction(async (tx) => {
    await q.recordAttempt(tx, lockKey, 'succeeded', now, meta.ip);
    await q.setLastLogin(tx, user.id, now);
    const session = await createSession(deps, tx, user.id, meta);
    await writeAudit(tx, source, { action: 'login', entityType: 'user', entityId: user.id, entityLabel: user.username });
    const full = await findUserWithRole(tx, user.id);
    if (!full) throw notFound('user');
    return { session, user: toCurrentUser(full, deps.modules.permissions) };
  });
}

export async function logout(deps: Deps, ctx: Ctx): Promise<void> {
  await deps.db.transaction(async (tx) => {
    if (ctx.actor.sessionId) await deleteSession(tx, ctx.actor.sessionId);
    await writeAudit(tx, ctx, { action: 'logout', entityType: 'user', entityId: ctx.actor.userId, entityLabel: ctx.actor.username });
  });
}

export async function me(deps: Deps, ctx: Ctx): Promise<CurrentUser> {
  const user = await findUserWithRole(deps.db, ctx.actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  return toCurrentUser(user, deps.modules.permissions);
}

/**
 * Changing one's own password ends the user's other sessions but keeps this one, and revokes
 * their API tokens: whoever knew the old password may have made one.
 */
export async function changePassword(deps: Deps, ctx: Ctx, currentPassword: string, newPassword: string): Promise<void> {
  // Wrong current passwords count like failed logins, or an open session would be an
  // unlimited password-guessing oracle.
  const lockKey = `user:${ctx.actor.userId}`;
  await throttleAddress(deps, ctx.ip, ctx.now);
  const before = lockState(await q.recentFailures(deps.db, lockKey, ctx.now), ctx.now);
  if (before.locked) throw new AppError('ACCOUNT_LOCKED', { params: { minutes: before.minutes } });
  const hash = await q.getPasswordHash(deps.db, ctx.actor.userId);
  if (!hash || !(await verifyPassword(currentPassword, hash))) {
    await q.recordAttempt(deps.db, lockKey, 'failed', ctx.now, ctx.ip);
    await writeAudit(deps.db, ctx, { action: 'password_change_failed', entityType: 'user', entityId: ctx.actor.userId, entityLabel: ctx.actor.username });
    const after = lockState(await q.recentFailures(deps.db, lockKey, ctx.now), ctx.now);
    if (after.locked) throw new AppError('ACCOUNT_LOCKED', { params: { minutes: after.minutes } });
    throw invalid([{ path: 'currentPassword', key: 'password.currentWrong' }]);
  }
  const problems = checkPasswordPolicy(newPassword, ctx.actor.username, 'newPassword');
  if (currentPassword === newPassword) problems.push({ path: 'newPassword', key: 'password.sameAsCurrent' });
  if (problems.length > 0) throw invalid(problems);
  const newHash = await hashPassword(newPassword, deps.config.passwordHashCost);
  await deps.db.transaction(async (tx) => {
    await q.setPassword(tx, ctx.actor.userId, newHash, false, ctx.now);
    await deleteUserSessions(tx, ctx.actor.userId, ctx.actor.sessionId);
    await q.revokeUserTokens(tx, ctx.actor.userId, ctx.now);
    await writeAudit(tx, ctx, { action: 'password_change', entityType: 'user', entityId: ctx.actor.userId, entityLabel: ctx.actor.username });
  });
}

export async function updateProfile(deps: Deps, ctx: Ctx, input: { displayName?: string | undefined; locale?: 'zh-CN' | 'en' | undefined }) {
  const before = await findUserWithRole(deps.db, ctx.actor.userId);
  if (!before) throw new AppError('UNAUTHENTICATED');
  const values: { displayName?: string; locale?: 'zh-CN' | 'en' } = {};
  if (input.displayName !== undefined) values.displayName = input.displayName;
  if (input.locale !== undefined) values.locale = input.locale;
  return deps.db.transaction(async (tx) => {
    if (Object.keys(values).length > 0) {
      await q.updateProfile(tx, ctx.actor.userId, values, ctx.now);
      await writeAudit(tx, ctx, {
        action: 'update',
        entityType: 'user',
        entityId: ctx.actor.userId,
        entityLabel: ctx.actor.username,
        before: { displayName: before.displayName, locale: before.locale },
        after: { displayName: values.displayName ?? before.displayName, locale: values.locale ?? before.locale },
      });
    }
    const after = await findUserWithRole(tx, ctx.actor.userId);
    if (!after) throw new AppError('UNAUTHENTICATED');
    return toCurrentUser(after, deps.modules.permissions);
  });
}

function toApiToken(row: Awaited<ReturnType<typeof q.listTokens>>[number]): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function listTokens(deps: Deps, ctx: Ctx): Promise<ApiToken[]> {
  return (await q.listTokens(deps.db, ctx.actor.userId)).map(toApiToken);
}

/**
 * A token lives DEFAULT_TOKEN_DAYS unless an administrator gives it longer or no end (an ERP
 * integration): a forgotten token of an ordinary user should not work for years.
 */
export async function createToken(deps: Deps, ctx: Ctx, input: { name: string; scope: TokenScope; expiresInDays: number | null }) {
  if ((input.expiresInDays === null || input.expiresInDays > DEFAULT_TOKEN_DAYS) && !isAdmin(ctx.actor)) {
    throw invalid([{ path: 'expiresInDays', key: 'token.lifetimeAdminOnly', params: { days: DEFAULT_TOKEN_DAYS } }]);
  }
  const secret = TOKEN_PREFIX + randomSecret();
  return deps.db.transaction(async (tx) => {
    const row = await q.insertToken(tx, {
      userId: ctx.actor.userId,
      name: input.name,
      prefix: secret.slice(0, TOKEN_PREFIX.length + 4),
      scope: input.scope,
      tokenHash: hashSecret(deps.appSecret, secret),
      createdAt: ctx.now,
      expiresAt: input.expiresInDays === null ? null : new Date(ctx.now.getTime() + input.expiresInDays * 86_400_000),
    });
    await writeAudit(tx, ctx, {
      action: 'token_create',
      entityType: 'apiToken',
      entityId: row.id,
      entityLabel: row.name,
      after: { scope: row.scope, expiresAt: row.expiresAt?.toISOString() ?? null },
    });
    return { token: toApiToken(row), secret };
  });
}

export async function revokeToken(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  const token = await q.findToken(deps.db, ctx.actor.userId, id);
  if (!token) throw notFound('token');
  if (token.revokedAt) return;
  await deps.db.transaction(async (tx) => {
    await q.revokeToken(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'token_revoke', entityType: 'apiToken', entityId: id, entityLabel: token.name });
  });
}
