import type pg from 'pg';

/** Per table of the public schema: row count and a digest of every row. */
export type Snapshot = Map<string, string>;

/**
 * One statement that digests every table (the fixture is small, so this takes a few
 * milliseconds and can run around each call to name the call that changed a table).
 */
export async function snapshotQuery(pool: pg.Pool, exclude: ReadonlySet<string>): Promise<string> {
  const { rows } = await pool.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const tables = rows.map((r) => r.table_name).filter((t) => !exclude.has(t));
  return tables
    .map((t) => `select '${t}' as t, count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as d from "${t}" x`)
    .join(' union all ');
}

export async function snapshot(pool: pg.Pool, query: string): Promise<Snapshot> {
  const { rows } = await pool.query<{ t: string; d: string }>(query);
  return new Map(rows.map((r) => [r.t, r.d]));
}

/** The tables whose digest differs. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t)).sort();
}
