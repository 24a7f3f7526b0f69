import pg from 'pg';
import { reconnectDelayMs } from './backoff.ts';

interface Log {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/**
 * PostgreSQL LISTEN/NOTIFY for one process: a dedicated connection (a pooled one would drop its
 * LISTENs when returned) that listens on the channels subscribers asked for and hands each
 * notification's payload to them. When the connection drops it reconnects with backoff, listens
 * again and tells the `onConnect` subscribers, who resynchronise: notifications sent while it was
 * down are lost (PostgreSQL keeps none for absent listeners).
 */
export interface PgListener {
  /** Calls `fn` with the payload of every NOTIFY on `channel` (lower-case letters, digits, _). Returns the unsubscribe. */
  on(channel: string, fn: (payload: string) => void): () => void;
  /** Calls `fn` after every (re)connection, once the channels are listened to. */
  onConnect(fn: () => void): () => void;
  /** Whether the connection is up and listening. */
  readonly listening: boolean;
  close(): Promise<void>;
}

export interface PgListenerOptions {
  log: Log;
  /** First delay before reconnecting (default 500 ms), doubled up to maxDelayMs (default 30 s). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** How often the idle connection is checked with a query (default 30 s), so a dead one is noticed. */
  pingMs?: number;
  applicationName?: string;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export function startPgListener(connectionString: string, opts: PgListenerOptions): PgListener {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  const connectHandlers = new Set<() => void>();
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;

  const dispatch = (msg: pg.Notification) => {
    const set = handlers.get(msg.channel);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(msg.payload ?? '');
      } catch (err) {
        opts.log.warn({ err, channel: msg.channel }, 'notification handler failed');
      }
    }
  };

  const listen = async (c: pg.Client, channel: string) => {
    // The channel matched CHANNEL, so it is a plain identifier.
    await c.query(`LISTEN ${channel}`);
  };

  /** Drops the current connection (if any) and schedules the next attempt. */
  const lost = (c: pg.Client, err: unknown) => {
    if (client !== c) return; // already handled
    client = null;
    listening = false;
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
    c.removeAllListeners('notification');
    c.on('error', () => undefined); // a late error of the dead connection must not crash the process
    void c.end().catch(() => undefined);
    if (closed) return;
    const delay = reconnectDelayMs(failures++, { minMs: opts.minDelayMs ?? 500, maxMs: opts.maxDelayMs ?? 30_000 });
    opts.log.warn({ err, retryInMs: delay }, 'LISTEN connection lost; reconnecting');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString, application_name: opts.applicationName ?? 'kehu-listen', keepAlive: true });
    client = c;
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c, new Error('connection ended')));
    c.on('notification', dispatch);
    try {
      await c.connect();
      for (const channel of handlers.keys()) await listen(c, channel);
    } catch (err) {
      lost(c, err);
      return;
    }
    if (closed || client !== c) return;
    listening = true;
    if (failures > 0) opts.log.info({}, 'LISTEN connection restored');
    failures = 0;
    pingTimer = setInterval(() => {
      c.query('select 1').catch((err: unknown) => lost(c, err));
    }, opts.pingMs ?? 30_000);
    pingTimer.unref();
    for (const fn of [...connectHandlers]) {
      try {
        fn();
      } catch (err) {
        opts.log.warn({ err }, 'LISTEN connect handler failed');
      }
    }
  };

  void connect();

  return {
    on(channel, fn) {
      if (!CHANNEL.test(channel)) throw new Error(`invalid channel name "${channel}"`);
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        const c = client;
        if (c && listening) listen(c, channel).catch((err: unknown) => lost(c, err));
      }
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    onConnect(fn) {
      connectHandlers.add(fn);
      return () => {
        connectHandlers.delete(fn);
      };
    },
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (pingTimer) clearInterval(pingTimer);
      const c = client;
      client = null;
      listening = false;
      if (c) {
        c.removeAllListeners('end');
        c.removeAllListeners('error');
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
