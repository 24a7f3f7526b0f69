import { USER_SENSITIVE_FIELDS, type User } from '../../../contracts/users.ts';
import type { z } from 'zod';
import type { createUserBody, listUsersQuery, updateUserBody } from '../../../contracts/users.ts';
import type { Actor, Ctx } from '../../platform/access/actor.ts';
import { checkPasswordPolicy, generatePassword, hashPassword } from '../../platform/access/passwords.ts';
import { canGrant, departmentInScope, requirePermission, requireSensitiveWrite, UNSCOPED, withoutSensitive } from '../../platform/access/policy.ts';
import { deleteUserSessions } from '../../platform/access/sessions.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, businessRule, invalid, notFound, versionConflict, type ErrorDetail } from '../../platform/errors.ts';
import { sortKey, toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { lockedKeys, recordAttempt, revokeUserTokens } from '../auth/index.ts';
import * as q from './users.queries.ts';

/**
 * A caller acts on a user (edits, resets, unlocks, disables, deletes them, or ends their
 * tokens) only if that user's role grants nothing the caller's own role lacks: otherwise
 * resetting their password and logging in as them would be a way up (an 'helpdesk' role with
 * user:update taking over a sales manager). The same test as handing the role out (`canGrant`);
 * only an administrator acts on an administrator. The scope part is `loadScoped`.
 */
function guardTarget(actor: Actor, target: q.UserRow): void {
  const role = { key: target.roleKey, permissions: target.rolePermissions, dataScope: target.roleDataScope, canViewSensitive: target.roleCanViewSensitive };
  if (!canGrant(actor, role)) throw new AppError('FORBIDDEN', { key: 'user.targetOutranks' });
}

const SENSITIVE = [...USER_SENSITIVE_FIELDS];

function toUser(actor: Actor, row: q.UserRow, locked: boolean): User {
  const user: User = {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    phone: row.phone,
    roleId: row.roleId,
    roleName: row.roleName,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    status: row.status,
    mustChangePassword: row.mustChangePassword,
    locked,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
  return withoutSensitive(actor, user, SENSITIVE);
}

/** What the audit log records of a user (no password hash, ids resolved to names). */
function auditView(row: q.UserRow): Record<string, unknown> {
  return {
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    phone: row.phone,
    role: row.roleName,
    department: row.departmentName,
    status: row.status,
  };
}

export async function listUsers(deps: Deps, ctx: Ctx, query: z.infer<typeof listUsersQuery>) {
  requirePermission(ctx.actor, 'user', 'read');
  const sort = sortKey(query.sort, q.userSortColumns);
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listUsers(deps.db, { viewer: ctx.actor, filters: query, sort, cursor: query.cursor, limit: query.limit }), () =>
    q.countUsers(deps.db, { viewer: ctx.actor, filters: query, exactUpTo: deps.config.listExactTotal }),
  );
  const locked = await lockedKeys(deps.db, rows.map((r) => `user:${r.id}`), ctx.now);
  const sortField = query.sort.replace(/^-/, '') as 'createdAt' | 'username' | 'displayName';
  return { ...toPage(rows, query.limit, (r) => [r[sortField], r.id], (r) => toUser(ctx.actor, r, locked.has(`user:${r.id}`))), ...total };
}

async function loadScoped(deps: Deps, ctx: Ctx, id: string): Promise<q.UserRow> {
  const row = await q.findUser(deps.db, id, ctx.actor);
  if (!row) throw notFound('user');
  return row;
}

export async function getUser(deps: Deps, ctx: Ctx, id: string): Promise<User> {
  requirePermission(ctx.actor, 'user', 'read');
  const row = await loadScoped(deps, ctx, id);
  const locked = await lockedKeys(deps.db, [`user:${id}`], ctx.now);
  return toUser(ctx.actor, row, locked.has(`user:${id}`));
}

/** The role must exist and give nothing the caller lacks; the department must exist and be in scope. */
async function checkPlacement(deps: Deps, actor: Actor, roleId: string | undefined, departmentId: string | null | undefined) {
  const problems: ErrorDetail[] = [];
  let roleKey: string | null = null;
  if (roleId !== undefined) {
    const role = await q.findRole(deps.db, roleId);
    if (!role) problems.push({ path: 'roleId', key: 'NOT_FOUND', params: { entity: 'role' } });
    else if (!canGrant(actor, role)) throw new AppError('FORBIDDEN', { key: 'role.escalation' });
    else roleKey = role.key;
  }
  if (departmentId) {
    if (!(await q.departmentExists(deps.db, departmentId))) problems.push({ path: 'departmentId', key: 'NOT_FOUND', params: { entity: 'department' } });
    else if (!departmentInScope(actor, departmentId)) problems.push({ path: 'departmentId', key: 'user.outOfScope' });
  } else if (departmentId === null && actor.dataScope !== 'all') {
    problems.push({ path: 'departmentId', key: 'user.outOfScope' });
  }
  return { problems, roleKey };
}

async function checkUnique(deps: Deps, username: string | null, email: string | null | undefined, exceptId: string | null) {
  const taken = await q.usernameOrEmailTaken(deps.db, username, email ?? null, exceptId);
  const details: ErrorDetail[] = [];
  if (taken.username) details.push({ path: 'username', key: 'duplicate.username' });
  if (taken.email) details.push({ path: 'email', key: 'duplicate.email' });
  if (details.length > 0) throw new AppError('DUPLICATE', { details });
}

export async function createUser(deps: Deps, ctx: Ctx, input: z.infer<typeof createUserBody>): Promise<User> {
  requirePermission(ctx.actor, 'user', 'create');
  requireSensitiveWrite(ctx.actor, input, SENSITIVE);
  const departmentId = input.departmentId ?? (ctx.actor.dataScope === 'all' ? null : ctx.actor.departmentId);
  const { problems } = await checkPlacement(deps, ctx.actor, input.roleId, departmentId);
  problems.push(...checkPasswordPolicy(input.password, input.username));
  if (problems.length > 0) throw invalid(problems);
  await checkUnique(deps, input.username, input.email, null);
  const passwordHash = await hashPassword(input.password, deps.config.passwordHashCost);
  return deps.db.transaction(async (tx) => {
    const id = await q.insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      phone: input.phone ?? null,
      passwordHash,
      roleId: input.roleId,
      departmentId,
      locale: input.locale ?? null,
      // An administrator chose this password: the user must replace it at first login.
      mustChangePassword: true,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    // The row this transaction just wrote, re-read for the answer and the audit: no scope to apply.
    const row = await q.findUser(tx, id, UNSCOPED);
    if (!row) throw notFound('user');
    await writeAudit(tx, ctx, { action: 'create', entityType: 'user', entityId: id, entityLabel: row.username, after: auditView(row), sensitive: SENSITIVE });
    return toUser(ctx.actor, row, false);
  });
}

export async function updateUser(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateUserBody>): Promise<User> {
  requirePermission(ctx.actor, 'user', 'update');
  requireSensitiveWrite(ctx.actor, input, SENSITIVE);
  const before = await loadScoped(deps, ctx, id);
  guardTarget(ctx.actor, before);
  const { problems, roleKey } = await checkPlacement(deps, ctx.actor, input.roleId, input.departmentId);
  if (problems.length > 0) throw invalid(problems);
  if (input.email !== undefined) await checkUnique(deps, null, input.email, id);

  const disabling = input.status === 'disabled' && before.status !== 'disabled';
  const losingAdmin = before.roleKey === 'admin' && ((input.roleId !== undefined && roleKey !== 'admin') || disabling);
  if (disabling && id === ctx.actor.userId) throw businessRule('user.deleteSelf');

  return deps.db.transaction(async (tx) => {
    if (losingAdmin && before.status === 'active' && (await q.countActiveAdmins(tx, id)) === 0) throw businessRule('user.lastAdmin');
    const values: q.UserChanges = { updatedAt: ctx.now };
    if (input.displayName !== undefined) values.displayName = input.displayName;
    if (input.email !== undefined) values.email = input.email;
    if (input.phone !== undefined) values.phone = input.phone;
    if (input.roleId !== undefined) values.roleId = input.roleId;
    if (input.departmentId !== undefined) values.departmentId = input.departmentId;
    if (input.status !== undefined) values.status = input.status;
    if (!(await q.updateUser(tx, id, input.version, values))) throw versionConflict();
    if (disabling) {
      // Tokens are revoked, not just refused while disabled: enabling the user again must not
      // bring back a token nobody remembers handing out.
      await deleteUserSessions(tx, id);
      await revokeUserTokens(tx, id, ctx.now);
    }
    // Re-read of the row just updated (checked in scope before the write).
    const after = await q.findUser(tx, id, UNSCOPED);
    if (!after) throw notFound('user');
    await writeAudit(tx, ctx, {
      action: 'update',
      entityType: 'user',
      entityId: id,
      entityLabel: after.username,
      before: auditView(before),
      after: auditView(after),
      sensitive: SENSITIVE,
    });
    return toUser(ctx.actor, after, false);
  });
}

/** Sets a new password (given or generated) that the user must change at next login; ends their sessions and API tokens. */
export async function resetPassword(deps: Deps, ctx: Ctx, id: string, newPassword: string | undefined) {
  requirePermission(ctx.actor, 'user', 'update');
  const target = await loadScoped(deps, ctx, id);
  guardTarget(ctx.actor, target);
  const password = newPassword ?? generatePassword();
  const problems = checkPasswordPolicy(password, target.username, 'newPassword');
  if (problems.length > 0) throw invalid(problems);
  const passwordHash = await hashPassword(password, deps.config.passwordHashCost);
  await deps.db.transaction(async (tx) => {
    await q.setTemporaryPassword(tx, id, passwordHash, ctx.now);
    await deleteUserSessions(tx, id);
    await revokeUserTokens(tx, id, ctx.now);
    await recordAttempt(tx, `user:${id}`, 'unlocked', ctx.now, ctx.ip);
    await writeAudit(tx, ctx, { action: 'password_reset', entityType: 'user', entityId: id, entityLabel: target.username });
  });
  return { temporaryPassword: newPassword === undefined ? password : null };
}

export async function unlockUser(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'user', 'update');
  const target = await loadScoped(deps, ctx, id);
  guardTarget(ctx.actor, target);
  await deps.db.transaction(async (tx) => {
    await recordAttempt(tx, `user:${id}`, 'unlocked', ctx.now, ctx.ip);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'user', entityId: id, entityLabel: target.username, before: { locked: true }, after: { locked: false } });
  });
}

/** Soft delete: the user can no longer log in, their name stays on the records they touched. */
export async function deleteUser(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'user', 'delete');
  const target = await loadScoped(deps, ctx, id);
  if (id === ctx.actor.userId) throw businessRule('user.deleteSelf');
  guardTarget(ctx.actor, target);
  await deps.db.transaction(async (tx) => {
    if (target.roleKey === 'admin' && target.status === 'active' && (await q.countActiveAdmins(tx, id)) === 0) throw businessRule('user.lastAdmin');
    await q.softDeleteUser(tx, id, ctx.now);
    await deleteUserSessions(tx, id);
    await revokeUserTokens(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'user', entityId: id, entityLabel: target.username, before: auditView(target), sensitive: SENSITIVE });
  });
}
