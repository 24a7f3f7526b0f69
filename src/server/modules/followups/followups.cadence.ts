import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { cadenceSettings, DEFAULT_CADENCE, type CadenceSettings } from '../../../contracts/followups.ts';
import { appSettings } from '../../db/schema/index.ts';
import { defineJsonSetting } from '../../platform/settings/settings.ts';

/**
 * 跟进策略: how often a customer or lead of each grade must be followed up (defaults: A weekly,
 * B every two weeks, C monthly). Records past it are flagged "needs follow-up" in lists, counted
 * on the home page and listed in the owner's daily digest.
 */
export const CADENCE_KEY = 'followup.cadence';

const cadenceSetting = defineJsonSetting({ key: CADENCE_KEY, label: '跟进策略', schema: cadenceSettings, fallback: DEFAULT_CADENCE });
export const readCadence = cadenceSetting.load;
export const getCadence = cadenceSetting.get;
export const setCadence = cadenceSetting.set;

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
