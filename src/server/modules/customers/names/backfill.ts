import type { Db } from '../../../db/client.ts';
import { readSetting, writeSetting } from '../../../platform/settings/settings.ts';
import { normaliseCompanyName } from '../customers.rules.ts';
import { NAME_KEY_VERSION } from './fold.ts';
import * as q from './backfill.queries.ts';

/** Where the version of the stored name keys is kept (app_settings). */
export const NAME_KEY_VERSION_SETTING = 'customers.name_key_version';
const BATCH = 1000;

/** The stored key of a customer name (never null: customers.name_key is required). */
const customerKey = (name: string | null) => normaliseCompanyName(name ?? '').key;
/** The stored key of a lead's company (null without a company name), as the leads service writes it. */
const leadKey = (name: string | null) => (name ? normaliseCompanyName(name).key || null : null);

/**
 * Recomputes the stored name keys (customers.name_key, leads.company_key) when they were made by
 * an older NAME_KEY_VERSION, e.g. before Traditional characters were folded: a SQL migration
 * cannot run the JavaScript fold, so this runs at start (bootstrap), in batches of BATCH rows,
 * writing only the rows whose key changes, and records the version when done. Idempotent and
 * safe from several processes at once (each computes the same keys); one interrupted halfway
 * simply runs again at the next start. Returns how many keys it changed.
 */
export async function refreshNameKeys(db: Db, now: Date): Promise<{ customers: number; leads: number } | null> {
  const stored = Number(await readSetting(db, NAME_KEY_VERSION_SETTING));
  if (stored === NAME_KEY_VERSION) return null;
  const changed = {
    customers: await refreshTable(db, 'customers', customerKey),
    leads: await refreshTable(db, 'leads', leadKey),
  };
  await writeSetting(db, NAME_KEY_VERSION_SETTING, String(NAME_KEY_VERSION), now);
  return changed;
}

async function refreshTable(db: Db, which: q.KeyedTable, keyOf: (name: string | null) => string | null): Promise<number> {
  let changed = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await q.nameBatch(db, which, after, BATCH);
    const updates = rows.map((r) => ({ id: r.id, key: keyOf(r.name), old: r.key })).filter((r) => r.key !== r.old);
    await q.setNameKeys(db, which, updates);
    changed += updates.length;
    if (rows.length < BATCH) return changed;
    after = rows[rows.length - 1]?.id ?? null;
  }
}
