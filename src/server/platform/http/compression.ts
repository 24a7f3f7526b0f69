import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Compression of the API's answers. Kehu serves browsers itself (no proxy is required in front of
 * it), so a list page of 50 customers would otherwise cross the network as ~45 KB of JSON; gzip
 * makes it ~9 KB for ~0.3 ms of CPU. The web UI's files are compressed at build time instead
 * (web-ui.ts), and streams (exports, downloads, event streams) are left as they are.
 */

/** Below this an answer is sent as it is: the header and the CPU cost more than they save. */
export const COMPRESS_MIN_BYTES = 1024;

export type ApiEncoding = 'gzip' | 'br';

/**
 * The encoding to answer with, from an Accept-Encoding header: gzip when accepted (several times
 * cheaper than brotli for about 15 % more bytes, which is the right trade for answers made per
 * request), else brotli, else none. `q=0` refuses an encoding; `*` stands for any not named.
 */
export function chooseEncoding(acceptEncoding: string | undefined): ApiEncoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const accepted = (name: ApiEncoding) => (weights.get(name) ?? weights.get('*') ?? 0) > 0;
  if (accepted('gzip')) return 'gzip';
  if (accepted('br')) return 'br';
  return null;
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

function compress(body: Buffer, encoding: ApiEncoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(body, { level: 6 });
  return brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
}

function compressible(req: FastifyRequest, reply: FastifyReply): boolean {
  if (!req.url.startsWith('/api/') || req.method === 'HEAD') return false;
  if (reply.statusCode === 204 || reply.statusCode === 304 || reply.hasHeader('content-encoding')) return false;
  const type = String(reply.getHeader('content-type') ?? '');
  return /^application\/(?:[\w.+-]+\+)?json/i.test(type) || (/^text\//i.test(type) && !/^text\/event-stream/i.test(type));
}

/** Compresses JSON and text answers under /api/ for clients that accept it (see chooseEncoding). */
export function registerApiCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!compressible(req, reply)) return payload;
    // Whatever the choice for this request, the answer depends on the header.
    void reply.header('vary', appendVary(reply.getHeader('vary')));
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    // Encoded to bytes only to be compressed (for the size, a string's length is its bytes at most).
    if (!encoding || (typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length) < COMPRESS_MIN_BYTES) return payload;
    const packed = await compress(typeof payload === 'string' ? Buffer.from(payload) : payload, encoding);
    void reply.header('content-encoding', encoding);
    void reply.removeHeader('content-length');
    return packed;
  });
}

function appendVary(current: string | number | string[] | undefined): string {
  const values = (Array.isArray(current) ? current.join(',') : String(current ?? '')).split(',').map((v) => v.trim()).filter(Boolean);
  if (values.some((v) => v === '*' || v.toLowerCase() === 'accept-encoding')) return values.join(', ');
  return [...values, 'Accept-Encoding'].join(', ');
}
