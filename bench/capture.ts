import { PerformanceObserver } from 'node:perf_hooks';
import pg from 'pg';

/**
 * What the benchmark suites share: the SQL a request runs, captured from the pg driver for the
 * application pool's connections (so each figure can be shown beside its bare SQL), and the
 * percentiles and number format of their tables.
 */
export interface Statement {
  text: string;
  values: unknown[];
  /** A named prepared statement's name (the request's authentication): re-run under it, as the app runs it. */
  name?: string;
  /** How long it took as the request ran it (to its result), when captured. */
  ms?: number;
}

let capture: Statement[] | null = null;
/** Connections of the application's pool: pg-boss shares the driver, and its polling is not the request's. */
const appClients = new WeakSet<object>();

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: QueryFn };
const originalQuery = clientProto.query;
// Drizzle and pg-pool both end in Client#query, as a string with values or a query config.
clientProto.query = function (this: pg.Client, ...args: unknown[]) {
  let captured: Statement | undefined;
  if (capture && (appClients.has(this) || besideApp(this))) {
    const [first, second] = args;
    if (typeof first === 'string') captured = { text: first, values: Array.isArray(second) ? (second as unknown[]) : [] };
    else if (first && typeof first === 'object' && 'text' in first) {
      const config = first as { text: string; values?: unknown[]; name?: string };
      captured = { text: config.text, values: config.values ?? (Array.isArray(second) ? (second as unknown[]) : []), ...(config.name ? { name: config.name } : {}) };
    }
    if (captured) capture.push(captured);
  }
  const started = performance.now();
  // pg-pool passes a callback (pg then returns nothing), a Client used directly returns a promise.
  const last = args.length - 1;
  if (captured && typeof args[last] === 'function') {
    const s = captured;
    const callback = args[last] as (...r: unknown[]) => unknown;
    args[last] = (...r: unknown[]) => {
      s.ms = performance.now() - started;
      return callback(...r);
    };
  }
  const result = originalQuery.apply(this, args);
  if (captured && result instanceof Promise) {
    const s = captured;
    void result.then(
      () => (s.ms = performance.now() - started),
      () => undefined,
    );
  }
  return result;
};

/** A connection of one of the application's pools beside the main one (besidePool: `<name>+<purpose>`), such as the session lookup's. */
function besideApp(client: pg.Client): boolean {
  const name = (client as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name;
  return typeof name === 'string' && name.startsWith('kehu') && name.includes('+');
}

let connectionsOpened = 0;
/** Marks a pool's connections as the application's (call once, before the first query). */
export function captureFrom(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    appClients.add(client);
    connectionsOpened++;
  });
}

let gcPaused = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPaused += entry.duration;
}).observe({ entryTypes: ['gc'] });

/**
 * What, besides the request itself, happened while one ran: Node's garbage collection pauses (ms)
 * and connections the application's pool opened (a new backend loads its catalog caches), so a
 * slow request in a detailed run can be told from a slow plan.
 */
export function sideEffects(): { gcMs: number; connections: number } {
  return { gcMs: gcPaused, connections: connectionsOpened };
}

/** Starts recording the application's statements. */
export function startCapture(): void {
  capture = [];
}

/** Stops recording and returns what was run. */
export function stopCapture(): Statement[] {
  const statements = capture ?? [];
  capture = null;
  return statements;
}

/** Runs a captured statement again on a connection of the benchmark's own, prepared under its name if it was. */
export async function rerun(client: pg.Client, s: Statement): Promise<unknown> {
  return s.name ? (await companionOf(client)).query({ name: s.name, text: s.text, values: s.values }) : client.query(s.text, s.values);
}

const companions = new WeakMap<pg.Client, Promise<pg.Client>>();

/**
 * The connection a direct client re-runs named statements on: the application runs its one
 * (the session lookup) on a pool of its own (besidePool), as a connection holding a prepared
 * statement made PostgreSQL 15 slower for every later search on it; re-run on the direct client
 * it did so there (the bare SQL of a search took 13.6 ms against the API's 9.2). Ended with it.
 */
function companionOf(client: pg.Client): Promise<pg.Client> {
  let companion = companions.get(client);
  if (!companion) {
    const p = (client as unknown as { connectionParameters: { host: string; port: number; user: string; password?: string; database: string } }).connectionParameters;
    const c = new pg.Client({ host: p.host, port: p.port, user: p.user, password: p.password, database: p.database, application_name: 'bench+sessions' });
    companion = c.connect().then(() => c);
    companions.set(client, companion);
    const end = client.end.bind(client);
    client.end = async () => {
      await c.end().catch(() => undefined);
      return end();
    };
  }
  return companion;
}

/** The statements worth re-running bare: reads, not the session bookkeeping a request writes. */
export function readsOnly(statements: Statement[]): Statement[] {
  return statements.filter((s) => !/^\s*(insert|delete|begin|commit|rollback)\b/i.test(s.text));
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
