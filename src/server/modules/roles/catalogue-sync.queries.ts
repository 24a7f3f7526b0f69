import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { roles, seenPermissions } from '../../db/schema/index.ts';
import type { RoleDefaults } from './roles.rules.ts';

/** Serialises concurrent starts: one process syncs, the others then find nothing new. */
export async function lockCatalogueSync(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${0x6b656870})`);
}

export async function insertMissingBuiltinRoles(tx: DbOrTx, defaults: readonly RoleDefaults[], now: Date): Promise<void> {
  await tx
    .insert(roles)
    .values(defaults.map((r) => ({ ...r, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: roles.key });
}

export async function seenAmong(tx: DbOrTx, permissions: readonly string[]): Promise<Set<string>> {
  if (permissions.length === 0) return new Set();
  const rows = await tx.select({ permission: seenPermissions.permission }).from(seenPermissions).where(inArray(seenPermissions.permission, [...permissions]));
  return new Set(rows.map((r) => r.permission));
}

export async function markSeen(tx: DbOrTx, permissions: readonly string[], now: Date): Promise<void> {
  if (permissions.length === 0) return;
  await tx
    .insert(seenPermissions)
    .values(permissions.map((permission) => ({ permission, seenAt: now })))
    .onConflictDoNothing();
}

export async function builtinRole(tx: DbOrTx, key: string) {
  const [row] = await tx.select({ id: roles.id, name: roles.name, permissions: roles.permissions }).from(roles).where(eq(roles.key, key)).limit(1);
  return row ?? null;
}

export async function setRolePermissions(tx: DbOrTx, id: string, permissions: string[], now: Date): Promise<void> {
  await tx
    .update(roles)
    .set({ permissions, updatedAt: now, version: sql`${roles.version} + 1` })
    .where(eq(roles.id, id));
}
