import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Origins allowed to show this route's page in a frame (e.g. a public web-to-lead form on
     * the owner's website). Every other page refuses to be framed. For origins known only
     * while handling the request (read from the form's record), call `allowFraming` instead.
     */
    frameAncestors?: string[];
  }
}

/**
 * The policy every page and API answer gets. The built web app has no inline script (Vite
 * emits only `<script src>`), so scripts come from our origin alone; Ant Design writes its
 * CSS-in-JS into `<style>` elements and style attributes, hence 'unsafe-inline' for styles
 * only. No `upgrade-insecure-requests`: a LAN install served over plain HTTP would break.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/** Powerful browser features the CRM never uses, switched off for our pages and anything they frame. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'serial=()',
  'usb=()',
].join(', ');

/** A year, as browsers expect; sent only over HTTPS (over plain HTTP it is ignored, and a LAN install has no certificate). */
const HSTS = 'max-age=31536000; includeSubDomains';

const framingByReply = new WeakMap<FastifyReply, string[]>();

/**
 * Lets the listed origins frame this response (a public form embedded on its owner's site).
 * Anything that is not a plain http(s) origin is dropped, so a stored value cannot inject
 * other directives; with nothing left the page stays unframeable.
 */
export function allowFraming(reply: FastifyReply, origins: readonly string[]): void {
  framingByReply.set(reply, [...origins]);
}

/** The `frame-ancestors` sources for a list of origins: only well-formed http(s) origins survive. */
export function frameAncestorSources(origins: readonly string[]): string[] {
  const sources = new Set<string>();
  for (const origin of origins) {
    if (origin === "'self'") {
      sources.add(origin);
      continue;
    }
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      continue;
    }
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin.replace(/\/$/, '')) sources.add(url.origin);
  }
  return sources.size ? [...sources] : ["'none'"];
}

/** The policy with its `frame-ancestors` directive replaced (or added). */
export function withFrameAncestors(policy: string, sources: readonly string[]): string {
  const directives = policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^frame-ancestors(\s|$)/i.test(d));
  directives.push(`frame-ancestors ${sources.join(' ')}`);
  return directives.join('; ');
}

function setFraming(reply: FastifyReply, sources: string[]): void {
  const policy = reply.getHeader('content-security-policy');
  if (typeof policy === 'string') void reply.header('content-security-policy', withFrameAncestors(policy, sources));
  // X-Frame-Options cannot list origins; frame-ancestors supersedes it in every current browser.
  if (sources.length === 1 && sources[0] === "'self'") void reply.header('x-frame-options', 'SAMEORIGIN');
  else if (sources[0] !== "'none'") {
    void reply.removeHeader('x-frame-options');
    reply.raw.removeHeader('x-frame-options');
  }
}

/**
 * Security headers on every answer — pages, API, errors, static files, the calendar feed —
 * through @fastify/helmet, plus what helmet does not do: Permissions-Policy, no-store on API
 * answers and HSTS only over HTTPS. A route that sets its own Content-Security-Policy (the
 * sandboxed attachment preview) keeps it: helmet writes in onRequest, the route afterwards.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Sent by the hook below, only when the request really came over HTTPS.
    strictTransportSecurity: false,
  });

  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload) => {
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
    // req.protocol believes X-Forwarded-Proto only from a proxy TRUST_PROXY names.
    if (req.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    // API answers (JSON, exports, files) hold one user's data: no browser or proxy may keep them.
    // A route that chose its own caching (e.g. private, no-store) keeps it.
    if (!reply.hasHeader('cache-control') && !reply.raw.hasHeader('cache-control') && isApiAnswer(req, reply)) void reply.header('cache-control', 'no-store');

    const framing = framingByReply.get(reply) ?? req.routeOptions.config.frameAncestors;
    if (framing) setFraming(reply, frameAncestorSources(framing));
    // A file shown inline (a PDF preview) is framed by our own page and by no one else.
    else if (/^inline/i.test(String(reply.getHeader('content-disposition') ?? ''))) setFraming(reply, ["'self'"]);
    return payload;
  });
}

function isApiAnswer(req: FastifyRequest, reply: FastifyReply): boolean {
  if (req.url.startsWith('/api/')) return true;
  return /^application\/json/i.test(String(reply.getHeader('content-type') ?? ''));
}
