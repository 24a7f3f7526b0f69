import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../access/actor.ts';
import { requirePermission } from '../access/policy.ts';
import type { Deps } from '../deps.ts';
import { writeAudit } from '../audit/audit.ts';
import { appSettings } from '../../db/schema/index.ts';

/**
 * Installation-wide settings (app_settings): numbering patterns, public-pool rules, … Each module
 * owns the meaning and validation of its keys; this is only where they are kept.
 */
export async function readSetting(db: DbOrTx, key: string): Promise<string | null> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)).limit(1);
  return row?.value ?? null;
}

export async function writeSetting(db: DbOrTx, key: string, value: string, at: Date): Promise<void> {
  await db
    .insert(appSettings)
    .values({ key, value, updatedAt: at })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: at } });
}

/**
 * A setting kept as JSON and checked against its schema when read: the stored value, or the
 * fallback when none is stored (or an old value no longer fits the schema).
 */
export async function readJsonSetting<T>(db: DbOrTx, key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  const raw = await readSetting(db, key);
  if (!raw) return fallback;
  const parsed = schema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : fallback;
}

/** Replaces a JSON setting and records the change in the audit log, in one transaction. */
export async function saveJsonSetting<T extends object>(db: Db, ctx: Ctx, key: string, label: string, value: T, before: T): Promise<void> {
  await db.transaction(async (tx) => {
    await writeSetting(tx, key, JSON.stringify(value), ctx.now);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'setting', entityId: key, entityLabel: label, before: { ...before } as Record<string, unknown>, after: { ...value } as Record<string, unknown> });
  });
}

/** One installation-wide JSON setting with its settings API: read it, show it, change it. */
export interface JsonSetting<T> {
  /** The stored value or the default; no access check (jobs and rules read it too). */
  load: (db: DbOrTx) => Promise<T>;
  /** For the settings screen: needs `setting:<readWith>`. */
  get: (deps: Deps, ctx: Ctx) => Promise<T>;
  /** Needs `setting:update`; the change is audited in the same transaction as the write. */
  set: (deps: Deps, ctx: Ctx, value: T) => Promise<T>;
}

/**
 * A JSON setting of a module (`key`, with `label` as the audit log names it): the same three
 * steps every settings screen takes, with the access check and the audit in one place.
 * `readWith: 'update'` keeps a setting off the screens of those who cannot change it.
 */
export function defineJsonSetting<T extends object>(opts: { key: string; label: string; schema: z.ZodType<T>; fallback: T; readWith?: 'read' | 'update' }): JsonSetting<T> {
  const load = (db: DbOrTx) => readJsonSetting(db, opts.key, opts.schema, opts.fallback);
  return {
    load,
    get: async (deps, ctx) => {
      requirePermission(ctx.actor, 'setting', opts.readWith ?? 'read');
      return load(deps.db);
    },
    set: async (deps, ctx, value) => {
      requirePermission(ctx.actor, 'setting', 'update');
      await saveJsonSetting(deps.db, ctx, opts.key, opts.label, value, await load(deps.db));
      return load(deps.db);
    },
  };
}
