import type { Db } from '../../db/client.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { AssembledModules } from '../../platform/modules/manifest.ts';
import * as q from './catalogue-sync.queries.ts';
import { builtinRoleDefaults, newDefaultsFor, normalisePermissions } from './roles.rules.ts';

/**
 * The boot's catalogue sync: creates missing built-in roles with the manifests' defaults, then gives
 * each built-in role the permissions it gets by default that this install has never seen (a module
 * added or a resource gained an action), and remembers them as seen. Idempotent and safe from
 * several processes at once; a permission once seen is never given again, so what an admin removed
 * stays removed. Returns the permissions that were new.
 */
export async function syncBuiltinRoles(db: Db, modules: Pick<AssembledModules, 'permissions' | 'roleDefaults'>, now: Date): Promise<string[]> {
  const defaults = builtinRoleDefaults(modules.roleDefaults);
  return db.transaction(async (tx) => {
    await q.lockCatalogueSync(tx);
    await q.insertMissingBuiltinRoles(tx, defaults, now);
    const seen = await q.seenAmong(tx, modules.permissions);
    const unseen = new Set(modules.permissions.filter((p) => !seen.has(p)));
    if (unseen.size === 0) return [];
    for (const role of defaults) {
      const add = newDefaultsFor(role.permissions, unseen);
      const row = await q.builtinRole(tx, role.key);
      if (!row || add.every((p) => row.permissions.includes(p))) continue;
      const permissions = normalisePermissions([...row.permissions, ...add]);
      await q.setRolePermissions(tx, row.id, permissions, now);
      await writeAudit(tx, { actorId: null, actorName: 'system', ip: null, now }, {
        action: 'update',
        entityType: 'role',
        entityId: row.id,
        entityLabel: row.name,
        before: { permissions: row.permissions },
        after: { permissions },
      });
    }
    await q.markSeen(tx, [...unseen], now);
    return [...unseen];
  });
}
