import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Response } from '../../../../test/helpers/harness.ts';

/**
 * The security headers on the real app: API answers, errors, the web UI's page and its
 * assets, the API docs and the public calendar feed all carry them.
 */
let h: Harness;
let webDir: string;

beforeAll(async () => {
  // A stand-in for dist/web: the page and one hashed asset are enough to see how each is served.
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-web-'));
  fs.mkdirSync(path.join(webDir, 'assets'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>');
  fs.writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  h = await createHarness({}, { webDir });
});

afterAll(async () => {
  await h?.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

function expectSecurityHeaders(res: Response) {
  const csp = String(res.headers['content-security-policy']);
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('same-origin');
  expect(res.headers['permissions-policy']).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\).*payment=\(\)/);
  // Plain HTTP without a trusted proxy: no HSTS (see proxy.routes.test.ts for HTTPS).
  expect(res.headers['strict-transport-security']).toBeUndefined();
}

describe('security headers', () => {
  it('on an API answer, which no cache may keep', async () => {
    const admin = await h.admin();
    const res = await admin.get('/api/v1/auth/me');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('on an error answer', async () => {
    const res = await h.client().get('/api/v1/customers');
    expect(res.status).toBe(401);
    expectSecurityHeaders(res);
    expect(res.headers['cache-control']).toBe('no-store');
    const missing = await (await h.admin()).get('/api/v1/no-such-thing');
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('on the web UI’s page, at / and at a client-side route, still revalidated on every load', async () => {
    for (const url of ['/', '/customers/123']) {
      const res = await h.client().get(url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expectSecurityHeaders(res);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('on a hashed asset, which stays cacheable (web-ui.routes.test.ts: for how long)', async () => {
    const res = await h.client().get('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+/);
  });

  it('on the health check, the API docs and the public calendar feed', async () => {
    const health = await h.client().get('/healthz');
    expectSecurityHeaders(health);
    expect(health.headers['cache-control']).toBe('no-store');
    const docs = await h.client().get('/api/docs/');
    expect(docs.status).toBe(200);
    expectSecurityHeaders(docs);
    // The docs page loads its scripts from files, which the policy allows.
    expect(String(docs.body)).not.toMatch(/<script>(?!\s*<\/script>)/);
    const feed = await h.client().get('/ical/not-a-token.ics');
    expect(feed.status).toBe(404);
    expectSecurityHeaders(feed);
  });
});
