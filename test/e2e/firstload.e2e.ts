import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type E2EServer } from './server.ts';

/**
 * The built web UI (dist/web) as a new user's browser receives it on the first visit: the
 * brotli copies the build made, cached for good under their hashed names, the page revalidated,
 * and the login screen without the code of pages it does not show (charts, tables, pickers).
 * The timing itself is measured by `npm run bench -- firstload` (docs/benchmarks.md).
 */
let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('first load of the web UI', () => {
  it('arrives compressed and cacheable, and the login screen loads only what it needs', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const responses: Response[] = [];
    page.on('response', (res) => responses.push(res));
    // Straight to the login page: a deep link (/customers) also loads that page's code while
    // asking who is signed in, which then makes the first screen after signing in quick.
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-submit').waitFor();

    const document = responses.find((r) => r.request().resourceType() === 'document');
    expect(document?.headers()['cache-control']).toBe('no-cache');

    const assets = responses.filter((r) => new URL(r.url()).pathname.startsWith('/assets/'));
    const scripts = assets.filter((r) => r.url().endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(3);
    for (const res of assets) {
      const headers = res.headers();
      expect(res.status(), res.url()).toBe(200);
      expect(headers['cache-control'], res.url()).toBe('public, max-age=31536000, immutable');
      expect(headers.vary?.toLowerCase(), res.url()).toContain('accept-encoding');
      // Chromium accepts brotli; every file big enough to gain from it has a .br copy.
      if ((await res.body()).length >= 1024) expect(headers['content-encoding'], res.url()).toBe('br');
    }

    // All of Ant Design in one chunk made this 1.9 MB (1.2 MB of it antd); see vite.config.ts.
    let scriptBytes = 0;
    for (const res of scripts) scriptBytes += (await res.body()).length;
    expect(scriptBytes).toBeLessThan(1.5 * 1024 * 1024);

    const names = scripts.map((r) => new URL(r.url()).pathname.replace(/^\/assets\//, ''));
    for (const heavy of ['echarts', 'table', 'date-picker']) {
      expect(names.filter((n) => n.startsWith(`${heavy}-`)), `${heavy} is not needed to sign in`).toEqual([]);
    }
    await context.close();
  });
});
