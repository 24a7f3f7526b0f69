import type { FastifyRequest } from 'fastify';

/** A Host header as browsers send it: a name or IPv4 address, or a bracketed IPv6 address, and an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin of absolute URLs Kehu hands out (the calendar feed's, links in mails): PUBLIC_URL
 * when set; otherwise the Host the client addressed. Never X-Forwarded-Host — Fastify's
 * `req.host` believes it once TRUST_PROXY is set, and a client could then have Kehu build a
 * link to a host of its choosing.
 */
export function publicOrigin(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const host = req.headers.host;
  // req.protocol believes X-Forwarded-Proto only from a proxy TRUST_PROXY names.
  return `${req.protocol}://${host && HOST.test(host) ? host : 'localhost'}`;
}
