import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, fillIn, launchBrowser, newPage, signInFirstTime, snap, startServer, type E2EServer } from './server.ts';

/**
 * API tokens as the admin makes them on the profile page: a read-only token by default (GET
 * works, a write is refused), and a read-write one that never expires (administrators only).
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `security-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

let lastSecret = '';

async function createToken(name: string, choose: { scope?: string; expires?: string } = {}): Promise<string> {
  await page.getByTestId('tokens-create').click();
  await fillIn(page, 'token-form-name', name);
  if (choose.scope) await chooseOption(page, 'token-form-scope', choose.scope);
  if (choose.expires) await chooseOption(page, 'token-form-expires', choose.expires);
  await page.getByTestId('token-form-submit').click();
  // The dialog of the token made before may still be fading out: read the new token's secret.
  const box = page.locator('.ant-modal', { hasText: `令牌“${name}”已创建` }).getByTestId('token-secret');
  await box.waitFor();
  const secret = (await box.innerText()).trim();
  expect(secret).not.toBe(lastSecret);
  lastSecret = secret;
  await page.locator('.ant-modal', { hasText: `令牌“${name}”已创建` }).getByTestId('token-secret-done').click();
  await page.getByTestId(`token-row-${name}`).waitFor();
  return secret;
}

async function call(method: 'GET' | 'POST', path: string, secret: string): Promise<string> {
  const res = await page.request.fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}` },
    ...(method === 'POST' ? { data: { name: '令牌建的部门' } } : {}),
  });
  return `${res.status()} ${(await res.text()).slice(0, 200)}`;
}

describe('API tokens on the profile page', () => {
  it('signs in as the admin and opens the profile', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    await page.goto(`${server.url}/profile`);
    await page.getByTestId('tokens-create').waitFor();
  });

  it('a new token is read-only for 90 days: it reads, and a write is refused', async () => {
    const secret = await createToken('报表同步');
    const row = page.getByTestId('token-row-报表同步');
    expect(await row.innerText()).toContain('只读');
    await snap(page, 'security-01-read-only-token');
    expect(await call('GET', '/departments', secret)).toMatch(/^200 /);
    expect(await call('POST', '/departments', secret)).toMatch(/^403 .*read-only|^403 .*只读/);
  });

  it('an administrator may make a read-write token that never expires', async () => {
    const secret = await createToken('ERP 集成', { scope: '读写', expires: '永不过期' });
    const row = page.getByTestId('token-row-ERP 集成');
    await expect.poll(() => row.innerText()).toContain('读写');
    expect(await row.innerText()).toContain('永不过期');
    expect(await call('POST', '/departments', secret)).toMatch(/^201 /);
    // …but not mint further credentials.
    const res = await page.request.post(`${server.url}/api/v1/auth/tokens`, { headers: { authorization: `Bearer ${secret}` }, data: { name: 'x' } });
    expect(res.status()).toBe(403);
  });
});
