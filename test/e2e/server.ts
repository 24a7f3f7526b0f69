import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../src/server/app.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import { loadConfig } from '../../src/server/config.ts';
import { connect, type Database } from '../../src/server/db/client.ts';
import { systemClock } from '../../src/server/platform/clock.ts';
import type { Deps } from '../../src/server/platform/deps.ts';
import { assembleApp } from '../../src/server/modules/index.ts';
import { LocalFileStorage } from '../../src/server/platform/storage/local.ts';
import { createTestDatabase } from '../helpers/harness.ts';
import { TEST_PASSWORD_HASH_COST } from '../helpers/password-cost.ts';
import { watchCsp } from './csp.ts';

export const WEB_DIR = path.resolve(import.meta.dirname, '../../dist/web');
export const E2E_ADMIN_PASSWORD = 'FirstStart2026';

export interface E2EServer {
  url: string;
  deps: Deps;
  database: Database;
  close(): Promise<void>;
}

/**
 * The business time zone of the test server, and the browser's: as for a team in China, the
 * browser's "tomorrow 9:00" is the server's tomorrow at any hour of the day the suite runs
 * (with the browser in UTC they differ from 16:00 to midnight UTC).
 */
export const E2E_TIME_ZONE = 'Asia/Shanghai';

/**
 * The real app (API + built web UI) on a fresh database, listening on 127.0.0.1 on a free port,
 * exactly as after a first start: the admin must still change the password. `env` adds or
 * overrides configuration, as the environment would (`SMTP_URL` of a test SMTP server).
 */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<E2EServer> {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
    throw new Error('The web UI is not built: run `npm run build:web` (npm ci does it) before `npm run test:e2e`.');
  }
  const testDb = await createTestDatabase();
  const database = connect(testDb.url, { max: 5 });
  const config = loadConfig({ ADMIN_PASSWORD: E2E_ADMIN_PASSWORD, LOG_LEVEL: 'silent', TZ: E2E_TIME_ZONE, LOGIN_LIMIT_PER_IP: '1000000', PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST, RESPONSE_CHECK: 'on', ...opts.env });
  const modules = assembleApp();
  const { appSecret } = await bootstrap(database.db, config, systemClock, modules);
  const storage = new LocalFileStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-e2e-files-')));
  const deps: Deps = { db: database.db, clock: systemClock, config, appSecret, modules, storage };
  // With the database URL, notifications reach the browser live, as in production.
  const app = await buildApp(deps, { webDir: WEB_DIR, databaseUrl: testDb.url });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    deps,
    database,
    close: async () => {
      await app.close();
      await database.close();
      await testDb.drop();
      await fs.promises.rm(storage.root, { recursive: true, force: true });
    },
  };
}

/** Chromium for the browser tests; every context it opens reports CSP violations to test/e2e/csp.ts. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  // browser.newPage opens its context through browser.newContext too.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await watchCsp(context);
    return context;
  };
  return browser;
}

/** Saves a screenshot under test-results/ when E2E_SCREENSHOTS is set (for looking at the UI). */
export async function snap(page: Page, name: string): Promise<void> {
  if (!process.env.E2E_SCREENSHOTS) return;
  const dir = path.resolve(import.meta.dirname, '../../test-results');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** A page in a fresh context at a laptop's size, in Chinese unless told otherwise. */
export async function newPage(browser: Browser, locale = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ locale, timezoneId: E2E_TIME_ZONE, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** The input behind a test id: antd puts some ids on the input itself, some on a wrapper. */
export async function inputOf(page: Page, testId: string) {
  const el = page.getByTestId(testId);
  return (await el.evaluate((n) => n.tagName === 'INPUT' || n.tagName === 'TEXTAREA')) ? el : el.locator('input').first();
}

export async function fillIn(page: Page, testId: string, value: string): Promise<void> {
  await (await inputOf(page, testId)).fill(value);
}

/** A user's first sign-in: their initial password, then the change to `next` that Kehu demands, landing on the home page. */
export async function signInFirstTimeAs(page: Page, server: E2EServer, user: { username: string; initial: string; next: string }): Promise<void> {
  await page.goto(server.url);
  await page.waitForURL(/\/login/);
  await fillIn(page, 'login-username', user.username);
  await fillIn(page, 'login-password', user.initial);
  await page.getByTestId('login-submit').click();
  await fillIn(page, 'change-password-current', user.initial);
  await fillIn(page, 'change-password-new', user.next);
  await fillIn(page, 'change-password-confirm', user.next);
  await page.getByTestId('change-password-submit').click();
  await page.getByTestId('home-greeting').waitFor();
}

/** Signs in as the admin of a fresh server, changing the first-start password. */
export async function signInFirstTime(page: Page, server: E2EServer, newPassword: string): Promise<void> {
  await signInFirstTimeAs(page, server, { username: 'admin', initial: E2E_ADMIN_PASSWORD, next: newPassword });
}

/**
 * Calls the API as the user signed in on `page` (its session cookie and CSRF token), for setting
 * up what a test is not about. Fails on any status but 2xx.
 */
export async function pageApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: body === undefined ? { 'X-CSRF-Token': me.csrfToken } : { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: body === undefined ? null : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, path, body },
  );
}

/**
 * Presses OK in the confirmation dialog and waits until the dialog has left the page. A dialog
 * that is still fading out keeps its OK button: the next confirmation would otherwise click the
 * old one (seen on a loaded machine: "accept" clicked the closing "send" dialog again).
 */
export async function confirmDialog(page: Page): Promise<void> {
  await clickUntilGone(page.getByTestId('confirm-ok'));
}

/**
 * Clicks a dialog's button and waits until the button has left the page (the dialog closed),
 * clicking again when it is still there after a few seconds: on a loaded machine a click during
 * the dialog's opening motion sometimes does not take (seen in CI: OK visible for 15 s after the
 * click, the request never sent). A click that did take leaves the button loading or gone, so a
 * second click sends nothing twice.
 */
export async function clickUntilGone(button: Locator): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (attempt === 0 || (await button.isVisible())) await button.click();
    try {
      // Hidden or detached alike: a modal's buttons may stay in the page, hidden, once it closed.
      await button.waitFor({ state: 'hidden', timeout: attempt < 2 ? 5000 : 15000 });
      return;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

/**
 * Clicks a link (or button) and waits for what it opens, clicking again while the link is still
 * there and nothing opened after a few seconds: on a loaded machine a click on a list row while
 * the list re-renders for a new filter sometimes does not take (seen in CI: the lead's link
 * clicked, its detail never shown).
 */
export async function clickUntilShown(link: Locator, shown: Locator): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (attempt === 0 || (await link.isVisible())) await link.click();
    try {
      await shown.waitFor({ timeout: attempt < 2 ? 5000 : 15000 });
      return;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

/**
 * Chooses an option of an Ant Design single select and checks the select shows it, trying again
 * when a click did not take (the list may still be opening, or filtering what was typed).
 * `shown` is what the select displays once chosen (default: the option text).
 */
export async function chooseOption(page: Page, testId: string, option: string, opts: { search?: string; shown?: string } = {}): Promise<void> {
  const select = page.getByTestId(testId);
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      // Bounded: a select re-rendered under the pointer (its form still settling) is clicked again.
      await select.click({ timeout: 5000 });
      if (opts.search) await select.locator('input').first().fill(opts.search);
      // A short wait: when the list closes under the pointer (the page re-rendered), open it again.
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click({ timeout: 4000 });
    } catch {
      await closeDropdowns(page);
      continue;
    }
    if ((await select.innerText()).includes(opts.shown ?? option)) return;
  }
  throw new Error(`${testId}: "${option}" was not chosen`);
}

/**
 * Closes open select lists. Inside a dialog or drawer by clicking its header: Escape there closes the whole
 * dialog when no list is open (seen in CI: one missed click, then the token dialog was gone and
 * every further attempt failed).
 */
async function closeDropdowns(page: Page): Promise<void> {
  const header = page.locator('.ant-modal-wrap:visible .ant-modal-header, .ant-drawer-open .ant-drawer-header').last();
  if ((await header.count()) > 0) await header.click({ timeout: 2000 }).catch(() => undefined);
  else await page.keyboard.press('Escape');
}

/**
 * Signs out through the user menu and waits for the login page, opening the menu again when a
 * click did not take (the menu may still be opening on a loaded machine).
 */
export async function signOut(page: Page): Promise<void> {
  const atLogin = () => /\/login/.test(new URL(page.url()).pathname);
  for (let attempt = 0; attempt < 3 && !atLogin(); attempt++) {
    try {
      await page.getByTestId('user-menu').click({ timeout: 5000 });
      await page.getByTestId('user-menu-logout').click({ timeout: 5000 });
      await page.waitForURL(/\/login/, { timeout: 8000 });
    } catch {
      if (!atLogin()) await page.keyboard.press('Escape');
    }
  }
  await page.waitForURL(/\/login/);
}
