import type { FastifyInstance } from 'fastify';
import { startPgListener, type PgListener } from './pg-listener.ts';

/** What routes that push live updates (event streams) need from the app. */
export interface Live {
  /** This process's LISTEN connection; null when the app was built without a database URL. */
  listener: PgListener | null;
  /** How often open streams send a heartbeat and re-check the caller's session. */
  heartbeatMs: number;
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
  app.decorate('live', { listener, heartbeatMs: opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS });
  app.addHook('onClose', async () => {
    await listener?.close();
  });
}
