import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { importRunJob } from '../../src/server/modules/imports/imports.jobs.ts';
import { startJobs, type JobRunner } from '../../src/server/platform/jobs/runner.ts';
import { CUSTOMER_BASIC, templateXlsx } from '../fixtures/requirement-templates.ts';
import { launchBrowser, newPage, signInFirstTime, snap, startServer, type E2EServer } from './server.ts';

/**
 * Requirement 003's 客户基本信息表 as teams keep it, imported in the browser in one pass: the
 * columns map by themselves (the contact's included), the two values outside Kehu's lists (线上广告,
 * 交通运输) are confirmed once with the suggested entries, the rows run, and the customer opens
 * with its primary contact. The template download gives an xlsx.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;
let jobs: JobRunner;

const quiet = { info: () => undefined, warn: () => undefined, error: (obj: object, msg?: string) => process.stderr.write(`${msg ?? ''} ${JSON.stringify(obj)}\n`) };

beforeAll(async () => {
  server = await startServer();
  const url = (server.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  jobs = await startJobs(server.deps, url, [importRunJob], { log: quiet, work: true, pollingIntervalSeconds: 0.5, tickMs: 0 });
  server.deps.jobs = jobs;
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `import-templates-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await jobs?.stop();
  await server?.close();
});

describe('importing the requirement documents’ own template, in the browser', () => {
  it('signs in as the admin and downloads the customer template', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    await page.goto(`${server.url}/customers/import?entity=customer`);
    await page.getByTestId('import-template').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
    expect(download.suggestedFilename()).toBe('客户导入模板.xlsx');
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('uploads 客户基本信息表: the contact columns map by themselves, the unknown values are confirmed once, the rows import', async () => {
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles({
      name: '客户基本信息表.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await templateXlsx(CUSTOMER_BASIC),
    });
    await expect.poll(() => page.getByTestId('import-map-联系人姓名').innerText()).toContain('联系人姓名');
    await expect.poll(() => page.getByTestId('import-map-联系电话').innerText()).toContain('联系电话');
    await expect.poll(() => page.getByTestId('import-map-客户类型').innerText()).toContain('客户类型');
    await snap(page, 'import-templates-01-mapping');
    await page.getByTestId('import-dry-run').click();
    // The value step: each unknown value once, the nearest entry chosen already.
    await page.getByTestId('import-values').waitFor();
    await expect.poll(() => page.getByTestId('import-value-sourceChannel-线上广告').innerText()).toContain('搜索推广');
    await expect.poll(() => page.getByTestId('import-value-industry-交通运输').innerText()).toContain('交通运输仓储邮政');
    await snap(page, 'import-templates-02-values');
    await page.getByTestId('import-values-confirm').click();
    await page.getByTestId('import-dry-result').waitFor();
    await expect.poll(() => page.getByTestId('import-would-created').innerText()).toContain('2');
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-result').innerText()).toContain('导入完成');
    expect(await page.getByTestId('import-done-created').innerText()).toContain('2');
    await snap(page, 'import-templates-03-result');
  });

  it('the imported customer has its primary contact from the same row', async () => {
    await page.getByTestId('import-to-list').click();
    const row = page.getByTestId('customers-table').locator('tr', { hasText: '顺达物流有限公司' });
    await row.waitFor();
    await row.getByText('顺达物流有限公司').first().click();
    await page.getByTestId('customer-detail').waitFor();
    await page.getByTestId('customer-tab-contacts').click();
    const contacts = page.getByTestId('customer-detail');
    await expect.poll(() => contacts.innerText()).toContain('王芳');
    expect(await contacts.innerText()).toContain('运营经理');
    expect(await contacts.innerText()).toContain('139 1234 5678');
    await snap(page, 'import-templates-04-contact');
  });
});
