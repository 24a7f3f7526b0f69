import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * How long a browser may keep each kind of file of the built web UI (dist/web):
 *  - hashed assets (`assets/<name>-<hash>.<ext>`, everything Vite emits there) never change under
 *    their name: a year, `immutable`, so a reload does not even revalidate them;
 *  - index.html names the current assets: revalidated on every load (ETag → 304), so a new
 *    release is picked up at once;
 *  - other files (favicon.svg from src/web/public) keep their name across releases: an hour.
 */
export const CACHE_HASHED = 'public, max-age=31536000, immutable';
export const CACHE_PAGE = 'no-cache';
export const CACHE_OTHER = 'public, max-age=3600';

/** Vite's output names: `assets/` plus a base64url hash of at least 8 characters before the extension. */
const HASHED = /^assets\/[^/]*-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export function cacheControlFor(relativePath: string): string {
  const file = relativePath.split(path.sep).join('/').replace(/^\/+/, '');
  if (file === 'index.html') return CACHE_PAGE;
  return HASHED.test(file) ? CACHE_HASHED : CACHE_OTHER;
}

/**
 * Serves the built web UI with an SPA fallback: client-side routes (e.g. /admin/users) get
 * index.html. The build writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text file
 * (vite.config.ts); @fastify/static sends the best one the browser accepts (Accept-Encoding,
 * brotli first), the plain file otherwise, and always says `Vary: Accept-Encoding`. Compressing
 * at build time costs no CPU per request and allows brotli's best (slowest) level.
 *
 * Returns whether the web UI is there (the API runs without it, e.g. in tests).
 */
export async function registerWebUi(app: FastifyInstance, webDir: string | null | undefined): Promise<boolean> {
  if (!webDir || !fs.existsSync(path.join(webDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: true,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      void reply.header('cache-control', cacheControlFor(path.relative(webDir, filePath).replace(/\.(br|gz)$/, '')));
    },
  });
  app.get('/', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => sendIndex(reply));
  return true;
}

/** The single-page app's page, never taken from a cache without asking (see CACHE_PAGE). */
export function sendIndex(reply: FastifyReply) {
  return reply.sendFile('index.html');
}

/**
 * Whether a GET that matched no route gets the page: client-side routes do, but not a missing
 * asset: a browser still running the previous release asks for its old chunk names, and HTML
 * served as JavaScript would fail with a confusing MIME error instead of a plain 404.
 */
export function wantsPage(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return !pathname.startsWith('/api/') && !pathname.startsWith('/assets/');
}
