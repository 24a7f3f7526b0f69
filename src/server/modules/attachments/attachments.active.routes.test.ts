import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { compoundFile, minimalPdf, minimalXlsx } from '../../../../test/helpers/office.ts';
import { makeZip, readZip } from '../../../../test/helpers/zip.ts';
import { newId } from '../../db/ids.ts';
import { attachments } from '../../db/schema/index.ts';
import { newStorageKey } from '../../platform/storage/storage.ts';

/** Uploads that run something when opened: refused, except macros when an admin allows them. */

let h: Harness;
let admin: Client;
let customerId: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  customerId = (await admin.post('/api/v1/customers', { name: '上海华信精密机械有限公司' })).body.id;
});
afterAll(async () => h.close());

const OCTET = { 'content-type': 'application/octet-stream' };
const upload = (client: Client, fileName: string, bytes: Buffer) => client.post(`/api/v1/attachments/customer/${customerId}?fileName=${encodeURIComponent(fileName)}`, bytes, OCTET);

const pdfWith = (catalogExtra: string) =>
  Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
const JS_PDF = pdfWith('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>');

function xlsxWithMacros(): Buffer {
  return makeZip([...readZip(minimalXlsx())].map(([name, content]) => [name, content] as [string, Buffer]).concat([['xl/vbaProject.bin', Buffer.from('VBA')]]));
}

async function attachmentCount(): Promise<number> {
  return (await h.database.db.select({ id: attachments.id }).from(attachments)).length;
}

describe('active content in uploads', () => {
  it('refuses PDFs with JavaScript or launch actions and PDF/HTML polyglots with 400, in both languages', async () => {
    const before = await attachmentCount();
    const js = await upload(admin, '报价单.pdf', JS_PDF);
    expectError(js, 400, 'VALIDATION_FAILED', ['body']);
    expect(js.body.error.message).toContain('JavaScript');
    expectError(await upload(admin, 'a.pdf', pdfWith('/OpenAction << /S /L#61unch /F (calc.exe) >>')), 400, 'VALIDATION_FAILED');
    admin.language = 'zh-CN';
    const polyglot = await upload(admin, 'page.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>\n', 'latin1'), minimalPdf()]));
    expectError(polyglot, 400, 'VALIDATION_FAILED');
    expect(polyglot.body.error.message).toContain('网页');
    admin.language = 'en';
    expect(await attachmentCount()).toBe(before);
    expect((await upload(admin, '干净.pdf', minimalPdf())).status).toBe(201);
  });

  it('refuses Office files with macros until an admin allows them; the setting needs admin rights and is audited', async () => {
    const refused = await upload(admin, '报价.xlsx', xlsxWithMacros());
    expectError(refused, 400, 'VALIDATION_FAILED', ['body']);
    expect(refused.body.error.message).toContain('macros');
    expectError(await upload(admin, '旧表.xls', compoundFile(['Workbook', '_VBA_PROJECT_CUR', 'VBA'])), 400, 'VALIDATION_FAILED');

    const { client: manager } = await h.createUser({ role: 'manager' });
    expect((await manager.put('/api/v1/settings/attachments', { allowOfficeMacros: true })).status).toBe(403);
    expect((await admin.get('/api/v1/settings/attachments')).body).toEqual({ allowOfficeMacros: false });
    expectError(await admin.put('/api/v1/settings/attachments', { allowOfficeMacros: 'yes' }), 400, 'VALIDATION_FAILED', ['allowOfficeMacros']);

    const on = await admin.put('/api/v1/settings/attachments', { allowOfficeMacros: true });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ allowOfficeMacros: true });
    const [entry] = await auditOf(admin, 'attachments.settings');
    expect(entry).toMatchObject({ action: 'update', entityType: 'setting', changes: { allowOfficeMacros: [false, true] } });

    expect((await upload(admin, '报价.xlsx', xlsxWithMacros())).status).toBe(201);
    // Macros being allowed does not let a scripted PDF in.
    expectError(await upload(admin, '报价单.pdf', JS_PDF), 400, 'VALIDATION_FAILED');
    await admin.put('/api/v1/settings/attachments', { allowOfficeMacros: false });
    expectError(await upload(admin, '报价.xlsx', xlsxWithMacros()), 400, 'VALIDATION_FAILED');
  });

  it('shows a PDF inline only when it passes the check again; one stored before the check is downloaded, sandboxed', async () => {
    // As a file uploaded before the check existed: stored and recorded directly.
    const key = newStorageKey();
    await h.storage.put(key, Readable.from([JS_PDF]));
    const id = newId();
    await h.database.db.insert(attachments).values({
      id,
      ownerType: 'customer',
      ownerId: customerId,
      fileName: '旧报价.pdf',
      contentType: 'application/pdf',
      size: JS_PDF.length,
      sha256: createHash('sha256').update(JS_PDF).digest('hex'),
      storageKey: key,
      uploadedBy: null,
      createdAt: h.clock.now(),
    });
    const old = await admin.get(`/api/v1/attachments/${id}/download?inline=1`);
    expect(old.status).toBe(200);
    expect(old.headers['content-disposition']).toMatch(/^attachment; /);
    expect(old.headers['content-security-policy']).toContain('sandbox');
    expect(old.raw.rawPayload.equals(JS_PDF)).toBe(true);

    const clean = (await upload(admin, '新报价.pdf', minimalPdf())).body;
    const inline = await admin.get(`/api/v1/attachments/${clean.id}/download?inline=1`);
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);
    // Not sandboxed (the browser's PDF viewer must run), but under the app's own policy, and
    // framed by Kehu's own attachment panel only.
    expect(inline.headers['content-security-policy']).not.toContain('sandbox');
    expect(inline.headers['content-security-policy']).toContain("script-src 'self'");
    expect(inline.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(inline.headers['x-frame-options']).toBe('SAMEORIGIN');
    // Downloaded rather than shown, any file gets the sandbox too.
    expect((await admin.get(`/api/v1/attachments/${clean.id}/download`)).headers['content-security-policy']).toContain('sandbox');
  });
});
