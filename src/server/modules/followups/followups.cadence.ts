import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { cadenceSettings, DEFAULT_CADENCE, type CadenceSettings } from '../../../contracts/activities.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appSettings } from '../../db/schema/index.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { readJsonSetting, saveJsonSetting } from '../../platform/settings/settings.ts';

/**
 * 跟进策略: how often a customer or lead of each grade must be followed up (defaults: A weekly,
 * B every two weeks, C monthly). Records past it are flagged "needs follow-up" in lists, counted
 * on the home page and listed in the owner's daily digest.
 */
export const CADENCE_KEY = 'followup.cadence';

export async function readCadence(db: DbOrTx): Promise<CadenceSettings> {
  return readJsonSetting(db, CADENCE_KEY, cadenceSettings, DEFAULT_CADENCE);
}

export async function getCadence(deps: Deps, ctx: Ctx): Promise<CadenceSettings> {
  requirePermission(ctx.actor, 'setting', 'read');
  return readCadence(deps.db);
}

export async function setCadence(deps: Deps, ctx: Ctx, input: CadenceSettings): Promise<CadenceSettings> {
  requirePermission(ctx.actor, 'setting', 'update');
  await saveJsonSetting(deps.db, ctx, CADENCE_KEY, '跟进策略', input, await readCadence(deps.db));
  return input;
}

/** Days for one grade as PostgreSQL reads them from the stored setting (the default when unset). */
function days(grade: keyof CadenceSettings): SQL {
  return sql`coalesce((select (${appSettings.value}::jsonb ->> ${grade})::int from ${appSettings} where ${appSettings.key} = ${CADENCE_KEY}), ${DEFAULT_CADENCE[grade]})`;
}

/**
 * "Past its cadence at `now`" as a condition on a table's own columns, for lists and exports
 * that filter in SQL. The four cadences are read once per statement (uncorrelated subqueries),
 * so the filter needs no round trip for the settings and stays a plain comparison per row.
 */
export function pastCadence(cols: { last: PgColumn; since: PgColumn; grade: PgColumn }, now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  const cutoff = (g: keyof CadenceSettings) => sql`${at} - make_interval(days => ${days(g)})`;
  return sql`coalesce(${cols.last}, ${cols.since}) < case ${cols.grade} when 'A' then ${cutoff('A')} when 'B' then ${cutoff('B')} when 'C' then ${cutoff('C')} else ${cutoff('ungraded')} end`;
}
