import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Response } from '../../../../test/helpers/harness.ts';
import { cacheControlFor } from './web-ui.ts';

/**
 * How the built web UI is served: the precompressed copy the browser accepts, with
 * `Vary: Accept-Encoding`; hashed assets cached for good, the page revalidated on every load;
 * the security headers on every variant.
 */
let h: Harness;
let webDir: string;

// A stand-in for dist/web as `npm run build:web` writes it: text files with .br and .gz beside them.
const PAGE = `<!doctype html><html lang="zh-CN"><head><title>客户 Kehu</title><script type="module" crossorigin src="/assets/index-Bx3kQ9_a.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(80)}</body></html>`;
const MAIN = `export const greeting = '欢迎使用客户 Kehu';\n${'console.log(greeting);\n'.repeat(200)}`;
const UNCOMPRESSED = 'export const tiny = 1;\n';

function writeWithCopies(file: string, text: string) {
  fs.writeFileSync(file, text);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(text));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(text));
}

beforeAll(async () => {
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-web-'));
  fs.mkdirSync(path.join(webDir, 'assets'));
  writeWithCopies(path.join(webDir, 'index.html'), PAGE);
  writeWithCopies(path.join(webDir, 'assets', 'index-Bx3kQ9_a.js'), MAIN);
  // Small files get no copies (the build skips them): sent as they are.
  fs.writeFileSync(path.join(webDir, 'assets', 'tiny-C2mPq7Zx.js'), UNCOMPRESSED);
  fs.writeFileSync(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  h = await createHarness({}, { webDir });
});

afterAll(async () => {
  await h?.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return h.client().request('GET', url, undefined, headers);
}

/** The body as the browser sees it after undoing Content-Encoding. */
function decoded(res: Response): string {
  const raw = res.raw.rawPayload;
  switch (res.headers['content-encoding']) {
    case 'br':
      return zlib.brotliDecompressSync(raw).toString('utf8');
    case 'gzip':
      return zlib.gunzipSync(raw).toString('utf8');
    case undefined:
      return raw.toString('utf8');
    default:
      throw new Error(`unexpected content-encoding ${String(res.headers['content-encoding'])}`);
  }
}

function expectVaryOnEncoding(res: Response) {
  expect(String(res.headers.vary).toLowerCase().split(/\s*,\s*/)).toContain('accept-encoding');
}

describe('encoding negotiation', () => {
  it('sends brotli to a browser that accepts it, as Chromium asks', async () => {
    const res = await get('/assets/index-Bx3kQ9_a.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(Number(res.headers['content-length'])).toBe(fs.statSync(path.join(webDir, 'assets', 'index-Bx3kQ9_a.js.br')).size);
    expect(Number(res.headers['content-length'])).toBeLessThan(Buffer.byteLength(MAIN) / 5);
    expectVaryOnEncoding(res);
    expect(decoded(res)).toBe(MAIN);
  });

  it('sends gzip when brotli is not accepted, or refused with q=0', async () => {
    for (const acceptEncoding of ['gzip, deflate', 'br;q=0, gzip']) {
      const res = await get('/assets/index-Bx3kQ9_a.js', { 'accept-encoding': acceptEncoding });
      expect(res.headers['content-encoding'], acceptEncoding).toBe('gzip');
      expectVaryOnEncoding(res);
      expect(decoded(res)).toBe(MAIN);
    }
  });

  it('sends the plain file without Accept-Encoding, or when nothing offered is accepted, still varying on it', async () => {
    const variants: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'zstd' }];
    for (const headers of variants) {
      const res = await get('/assets/index-Bx3kQ9_a.js', headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expectVaryOnEncoding(res);
      expect(decoded(res)).toBe(MAIN);
    }
  });

  it('sends the plain file when the build made no compressed copy', async () => {
    const res = await get('/assets/tiny-C2mPq7Zx.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expectVaryOnEncoding(res);
    expect(res.raw.body).toBe(UNCOMPRESSED);
  });

  it('compresses the page too, at / and at client-side routes, as HTML', async () => {
    for (const url of ['/', '/customers/42']) {
      const res = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
      expect(res.status, url).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expectVaryOnEncoding(res);
      expect(decoded(res)).toBe(PAGE);
    }
  });
});

describe('caching', () => {
  it('keeps hashed assets for a year without revalidating, whatever the encoding', async () => {
    for (const acceptEncoding of ['br', 'gzip', 'identity']) {
      const res = await get('/assets/index-Bx3kQ9_a.js', { 'accept-encoding': acceptEncoding });
      expect(res.headers['cache-control'], acceptEncoding).toBe('public, max-age=31536000, immutable');
    }
    expect((await get('/assets/tiny-C2mPq7Zx.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates the page on every load, and answers 304 when it has not changed', async () => {
    for (const url of ['/', '/customers/42', '/login?next=%2Fcustomers']) {
      const res = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers.etag, url).toBeTruthy();
    }
    const first = await get('/', { 'accept-encoding': 'br' });
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.raw.rawPayload.length).toBe(0);
  });

  it('keeps files without a hash in their name for an hour only', async () => {
    const res = await get('/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers a missing asset with 404, not with the page (a browser still on the previous release)', async () => {
    const res = await get('/assets/index-OldHash1.js', { 'accept-encoding': 'br' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('security headers on every variant', () => {
  it('brotli, gzip and plain answers of the page and of an asset carry the policy', async () => {
    for (const url of ['/', '/customers', '/assets/index-Bx3kQ9_a.js']) {
      for (const acceptEncoding of ['br', 'gzip', 'identity']) {
        const res = await get(url, { 'accept-encoding': acceptEncoding });
        const csp = String(res.headers['content-security-policy']);
        expect(csp, `${url} ${acceptEncoding}`).toContain("script-src 'self'");
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
      }
    }
  });
});

describe('cacheControlFor', () => {
  it('tells Vite’s hashed output from the page and the public files', () => {
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('assets/antd-CnoIKHuB.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('assets/index-BDvxOSyB.css')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('assets/rolldown-runtime-XKyaHtl9.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('favicon.svg')).toBe('public, max-age=3600');
    // Not a Vite name: no hash, or not in assets/.
    expect(cacheControlFor('assets/logo.svg')).toBe('public, max-age=3600');
    expect(cacheControlFor('robots-abcdefgh.txt')).toBe('public, max-age=3600');
  });
});
