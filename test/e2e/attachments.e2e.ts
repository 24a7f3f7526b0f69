import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { fakeExe, minimalPdf, minimalPng } from '../helpers/office.ts';
import { confirmDialog, fillIn, launchBrowser, newPage, signInFirstTime, snap, startServer, type E2EServer } from './server.ts';

/**
 * Attachments in the browser: on a customer's page, upload a PDF through the panel, see it
 * listed, download it and get the same bytes back; preview an image; see a disguised program
 * refused with the server's reason in Chinese; delete a file.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const CUSTOMER = '厦门海沧精工机械有限公司';
const PDF = minimalPdf('报价单 2026');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `attachments-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const panel = () => page.getByTestId('attachments-panel');
const fileInput = () => page.getByTestId('attachments-upload').locator('input[type=file]');

describe('attachments, in the browser', () => {
  it('opens a customer’s attachments tab', async () => {
    await signInFirstTime(page, server, ADMIN_NEW_PASSWORD);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customers-create').click();
    await page.getByTestId('customer-form').waitFor();
    await fillIn(page, 'customer-form-name', CUSTOMER);
    await page.getByTestId('customer-form-submit').click();
    await page.getByTestId('customer-form').waitFor({ state: 'hidden' });
    await page.getByTestId('customers-table').getByRole('link', { name: CUSTOMER }).click();
    await page.getByTestId('customer-detail').waitFor();
    await page.getByTestId('customer-tab-attachments').click();
    await panel().getByTestId('empty-state').waitFor();
  });

  it('uploads a PDF, lists it, and downloads the same bytes', async () => {
    await fileInput().setInputFiles({ name: '报价单.pdf', mimeType: 'application/pdf', buffer: PDF });
    const row = page.getByTestId('attachment-row-报价单.pdf');
    await row.waitFor();
    expect(await row.getByTestId('attachment-size').innerText()).toBe(`${PDF.length} B`);
    expect(await row.innerText()).toContain('系统管理员');
    await snap(page, 'attachments-01-uploaded');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('attachment-download').click()]);
    expect(download.suggestedFilename()).toBe('报价单.pdf');
    const path = await download.path();
    expect(fs.readFileSync(path).equals(PDF)).toBe(true);
  });

  it('previews an image in a dialog', async () => {
    await fileInput().setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: minimalPng() });
    const row = page.getByTestId('attachment-row-现场照片.png');
    await row.waitFor();
    await row.getByTestId('attachment-preview').click();
    const image = page.getByTestId('attachment-preview-image');
    await image.waitFor();
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).toBe(1);
    await snap(page, 'attachments-02-preview');
    await page.locator('.ant-modal-close').click();
    await image.waitFor({ state: 'detached' });
  });

  it('refuses a program renamed .pdf with the server’s reason, and lists nothing for it', async () => {
    await fileInput().setInputFiles({ name: '发票.pdf', mimeType: 'application/pdf', buffer: fakeExe() });
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('不能上传程序或脚本');
    await expect.poll(() => page.getByTestId('attachments-table').locator('tbody tr.ant-table-row').count()).toBe(2);
    expect(await page.getByTestId('attachment-row-发票.pdf').count()).toBe(0);
  });

  it('deletes a file after confirming', async () => {
    await page.getByTestId('attachment-row-现场照片.png').getByTestId('attachment-delete').click();
    await confirmDialog(page);
    await page.getByTestId('attachment-row-现场照片.png').waitFor({ state: 'detached' });
    await page.getByTestId('attachment-row-报价单.pdf').waitFor();
  });
});
