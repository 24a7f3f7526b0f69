import type { FastifyInstance } from 'fastify';
import { startPgListener, type PgListener } from './pg-listener.ts';

/** What routes that push live updates (event streams) need from the app. */
export interface Live {
  /** This process's LISTEN connection; null when the app was built without a database URL. */
  listener: PgListener | null;
  /** How often open streams send a heartbeat and re-check the caller's session. */
  heartbeatMs: number;
  /**
   * A route that holds streams open registers how many it holds; a stream must be forgotten
   * once its client goes away, or every closed tab would leak (the tests check it this way).
   */
  countStreams(count: () => number): void;
  /** Event streams open in this process, over every route that registered a count. */
  openStreams(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    live: Live;
  }
}

export const DEFAULT_HEARTBEAT_MS = 25_000;

/**
 * Starts the process's one LISTEN connection (when there is a database URL) and offers it to the
 * routes as `app.live`; it is closed with the app. Modules subscribe to their channels.
 */
export function registerLive(app: FastifyInstance, opts: { databaseUrl: string | null; heartbeatMs?: number | undefined }): void {
  const listener = opts.databaseUrl ? startPgListener(opts.databaseUrl, { log: app.log }) : null;
  const counts: (() => number)[] = [];
  app.decorate('live', {
    listener,
    heartbeatMs: opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    countStreams: (count) => {
      counts.push(count);
    },
    openStreams: () => counts.reduce((sum, count) => sum + count(), 0),
  });
  app.addHook('onClose', async () => {
    await listener?.close();
  });
}
