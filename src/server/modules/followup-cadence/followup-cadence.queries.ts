import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { DEFAULT_CADENCE, type CadenceSettings } from '../../../contracts/followups.ts';
import { appSettings } from '../../db/schema/index.ts';

/** Where the cadence is kept in app_settings. */
export const CADENCE_KEY = 'followup.cadence';

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
