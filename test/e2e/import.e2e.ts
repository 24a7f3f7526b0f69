import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { importRunJob } from '../../src/server/modules/imports/imports.jobs.ts';
import { startJobs, type JobRunner } from '../../src/server/platform/jobs/runner.ts';
import { readZip, sheetCells } from '../helpers/zip.ts';
import { chooseOption, E2E_ADMIN_PASSWORD, E2E_TIME_ZONE, launchBrowser, snap, startServer, type E2EServer } from './server.ts';

/**
 * The import wizard in the browser: an xlsx built here is uploaded, its columns are proposed,
 * the dry run shows a bad row; the fixed file is checked, run by a real job worker with a progress
 * bar, and the imported customer shows in the list. The list's export hands back an xlsx.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;
let jobs: JobRunner;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const quiet = { info: () => undefined, warn: () => undefined, error: (obj: object, msg?: string) => process.stderr.write(`${msg ?? ''} ${JSON.stringify(obj)}\n`) };

beforeAll(async () => {
  server = await startServer();
  // The worker the API hands the run to: the real pg-boss runner on the test database.
  const url = (server.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  jobs = await startJobs(server.deps, url, [importRunJob], { log: quiet, work: true, pollingIntervalSeconds: 0.5, tickMs: 0 });
  server.deps.jobs = jobs;
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: E2E_TIME_ZONE, viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `import-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await jobs?.stop();
  await server?.close();
});

async function fill(testId: string, value: string) {
  const el = page.getByTestId(testId);
  const input = (await el.evaluate((n) => n.tagName === 'INPUT' || n.tagName === 'TEXTAREA')) ? el : el.locator('input').first();
  await input.fill(value);
}

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('客户');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function uploadFile(name: string, content: Buffer) {
  await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: content });
}

const HEADER = ['客户名称', '所属行业', '员工人数', '省份', '阶段'];

describe('import, in the browser', () => {
  it('signs in as the admin', async () => {
    await page.goto(server.url);
    await page.waitForURL(/\/login/);
    await fill('login-username', 'admin');
    await fill('login-password', E2E_ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await fill('change-password-current', E2E_ADMIN_PASSWORD);
    await fill('change-password-new', ADMIN_NEW_PASSWORD);
    await fill('change-password-confirm', ADMIN_NEW_PASSWORD);
    await page.getByTestId('change-password-submit').click();
    await page.getByTestId('home-greeting').waitFor();
  });

  it('uploads an xlsx, sees the proposed mapping and a dry run with the bad row', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customers-import').click();
    await page.waitForURL(/\/customers\/import/);
    await page.getByTestId('import-entity-customer').waitFor();
    await uploadFile('客户名单.xlsx', await workbook([HEADER, ['宁波海天精工贸易有限公司', '制造业', 120, '浙江', '意向'], ['Y', '航天', 8, '浙江', '潜在']]));
    // Proposed from the headers: 员工人数 → 企业规模, 阶段 → 生命周期阶段.
    await expect.poll(() => page.getByTestId('import-map-员工人数').innerText()).toContain('企业规模');
    await expect.poll(() => page.getByTestId('import-map-阶段').innerText()).toContain('生命周期阶段');
    await snap(page, 'import-01-mapping');
    await page.getByTestId('import-dry-run').click();
    // 航天 is in no list: the value step asks about it once; left out, the field stays empty.
    await page.getByTestId('import-values').waitFor();
    await chooseOption(page, 'import-value-industry-航天', '（不导入此值，字段留空）', { search: '不导入' });
    await page.getByTestId('import-values-confirm').click();
    await page.getByTestId('import-dry-result').waitFor();
    expect(await page.getByTestId('import-would-created').innerText()).toContain('1');
    const errors = page.getByTestId('import-dry-errors');
    // Said as a person would, not as the schema does.
    await expect.poll(() => errors.innerText()).toContain('“Y”太短：至少要 2 个字');
    await expect.poll(() => errors.innerText()).toMatch(/\b3\b/);
    await expect(page.getByTestId('import-run').isDisabled()).resolves.toBe(true);
    await snap(page, 'import-02-dry-run-errors');
  });

  it('with the file fixed: the mapping is remembered, the dry run is clean, the run shows progress and counts', async () => {
    await page.getByRole('button', { name: '返回字段对应' }).click();
    await page.getByRole('button', { name: '换一个文件' }).click();
    await uploadFile('客户名单.xlsx', await workbook([HEADER, ['宁波海天精工贸易有限公司', '制造业', 120, '浙江', '意向'], ['温州正泰商贸有限公司', '制造业', 8, '浙江', '潜在']]));
    await page.getByTestId('import-remembered').waitFor();
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-dry-result').waitFor();
    expect(await page.getByTestId('import-would-created').innerText()).toContain('2');
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-result').innerText()).toContain('导入完成');
    expect(await page.getByTestId('import-done-created').innerText()).toContain('2');
    await snap(page, 'import-03-result');
  });

  it('sees the imported customers in the list, and exports the list as xlsx', async () => {
    await page.getByTestId('import-to-list').click();
    const row = page.getByTestId('customers-table').locator('tr', { hasText: '宁波海天精工贸易有限公司' });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('意向');
    await page.getByTestId('customers-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('customers-export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^客户-\d{4}-\d{2}-\d{2}\.xlsx$/);
    // Read back with the test's own zip reader, not the library that wrote it.
    const sheet = readZip(await readFile(await download.path())).get('xl/worksheets/sheet1.xml')?.toString('utf8') ?? '';
    const names = sheetCells(sheet).map((r) => r[1]?.value);
    expect(names).toEqual(expect.arrayContaining(['客户名称', '宁波海天精工贸易有限公司', '温州正泰商贸有限公司']));
  });
});
