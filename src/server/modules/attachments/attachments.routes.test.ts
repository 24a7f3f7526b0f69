import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { compoundFile, fakeExe, minimalDocx, minimalPdf, minimalPng, minimalXlsx } from '../../../../test/helpers/office.ts';
import { attachments, customers, followUps } from '../../db/schema/index.ts';
import { newStorageKey } from '../../platform/storage/storage.ts';
import { sweepAttachmentsJob } from './attachments.jobs.ts';
import { deleteAttachmentsOf, removeStoredFiles } from './attachments.service.ts';

let h: Harness;
let admin: Client;
let dept: string;
let otherDept: string;

beforeAll(async () => {
  // A 1 MB limit keeps the size test small.
  h = await createHarness({ ATTACHMENT_MAX_MB: '1' });
  admin = await h.admin();
  dept = await h.createDepartment('华东大区');
  otherDept = await h.createDepartment('华北大区');
});
afterAll(async () => h.close());

const OCTET = { 'content-type': 'application/octet-stream' };

function upload(client: Client, ownerType: string, ownerId: string, fileName: string, bytes: Buffer | Readable) {
  return client.post(`/api/v1/attachments/${ownerType}/${ownerId}?fileName=${encodeURIComponent(fileName)}`, bytes, OCTET);
}

async function customerOf(client: Client, name: string): Promise<string> {
  const res = await client.post('/api/v1/customers', { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function storedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of h.storage.list()) keys.push(o.key);
  return keys.sort();
}

async function rowCount(): Promise<number> {
  return (await h.database.db.select({ id: attachments.id }).from(attachments)).length;
}

function spoolDirs(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('kehu-attachment-'));
}

/** Asserts that a refused upload left nothing: no row, no stored file, no temporary file. */
async function expectNothingLeft(run: () => Promise<void>): Promise<void> {
  const before = { rows: await rowCount(), keys: await storedKeys(), spool: spoolDirs() };
  await run();
  expect({ rows: await rowCount(), keys: await storedKeys() }).toEqual({ rows: before.rows, keys: before.keys });
  expect(spoolDirs().filter((d) => !before.spool.includes(d))).toEqual([]);
}

describe('attachments', () => {
  it('need a session', async () => {
    const anon = h.client();
    const id = '0190f000-0000-7000-8000-000000000000';
    expect((await anon.get(`/api/v1/attachments/customer/${id}`)).status).toBe(401);
    expect((await upload(anon, 'customer', id, 'a.pdf', minimalPdf())).status).toBe(401);
    expect((await anon.get(`/api/v1/attachments/${id}/download`)).status).toBe(401);
  });

  it('upload PDF, PNG, Word and Excel files, list them newest first and audit each', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '上海华信精密机械有限公司');
    const pdf = minimalPdf('报价');
    const res = await upload(a.client, 'customer', customerId, 'C:\\Users\\张伟\\报价单.pdf', pdf);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ ownerType: 'customer', ownerId: customerId, fileName: '报价单.pdf', contentType: 'application/pdf', size: pdf.length, uploadedBy: a.id, uploadedByName: `${a.username} 用户` });

    const [row] = await h.database.db.select().from(attachments).where(eq(attachments.id, res.body.id));
    expect(row?.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(await storedKeys()).toContain(row?.storageKey);
    expect(fs.readFileSync(path.join(h.storage.root, ...(row?.storageKey ?? '').split('/')))).toEqual(pdf);
    // The key is ours, never the file's name.
    expect(row?.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}$/);

    const png = await upload(a.client, 'customer', customerId, '现场照片.png', minimalPng());
    const docx = await upload(a.client, 'customer', customerId, '技术方案', minimalDocx());
    const xlsx = await upload(a.client, 'customer', customerId, '报价明细.xlsx', minimalXlsx());
    const doc = await upload(a.client, 'customer', customerId, '旧合同.doc', compoundFile(['WordDocument', '1Table']));
    expect([png, docx, xlsx, doc].map((r) => [r.status, r.body.fileName, r.body.contentType])).toEqual([
      [201, '现场照片.png', 'image/png'],
      [201, '技术方案.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [201, '报价明细.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [201, '旧合同.doc', 'application/msword'],
    ]);

    const list = await a.client.get(`/api/v1/attachments/customer/${customerId}`);
    expect(list.status).toBe(200);
    expect(list.body.maxBytes).toBe(1024 * 1024);
    expect(list.body.items.map((i: { fileName: string }) => i.fileName)).toEqual(['旧合同.doc', '报价明细.xlsx', '技术方案.docx', '现场照片.png', '报价单.pdf']);
    expect(list.body.items[0].uploadedByName).toBe(`${a.username} 用户`);

    const log = await auditOf(admin, res.body.id);
    expect(log).toEqual([expect.objectContaining({ action: 'create', entityType: 'attachment', actorId: a.id, entityLabel: expect.stringContaining('报价单.pdf @ ') })]);
    expect(log[0]?.changes).toMatchObject({ fileName: [null, '报价单.pdf'], contentType: [null, 'application/pdf'], size: [null, pdf.length] });
  });

  it('download with the detected type, the Chinese name, nosniff and the exact bytes; inline only for images and PDF', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '苏州工业园区华信电子有限公司');
    const pdf = minimalPdf('合同正文');
    const created = (await upload(a.client, 'customer', customerId, '合同 2026.pdf', pdf)).body;
    const res = await a.client.get(`/api/v1/attachments/${created.id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(pdf.length));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="__ 2026.pdf"; filename*=UTF-8''${encodeURIComponent('合同 2026.pdf')}`);
    expect(res.raw.rawPayload.equals(pdf)).toBe(true);

    const inline = await a.client.get(`/api/v1/attachments/${created.id}/download?inline=1`);
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);
    const png = (await upload(a.client, 'customer', customerId, '截图.png', minimalPng())).body;
    const inlinePng = await a.client.get(`/api/v1/attachments/${png.id}/download?inline=1`);
    expect(inlinePng.headers['content-disposition']).toMatch(/^inline; /);
    expect(inlinePng.headers['content-security-policy']).toContain('sandbox');
    const docx = (await upload(a.client, 'customer', customerId, '方案.docx', minimalDocx())).body;
    expect((await a.client.get(`/api/v1/attachments/${docx.id}/download?inline=1`)).headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('refuses an .exe renamed .pdf and a PNG named .pdf (400), leaving nothing behind', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '杭州西湖数字科技有限公司');
    await expectNothingLeft(async () => {
      const exe = await upload(a.client, 'customer', customerId, '报价单.pdf', fakeExe());
      expectError(exe, 400, 'VALIDATION_FAILED', ['body']);
      expect(exe.body.error.message).toBe('Programs and scripts cannot be attached');
      const png = await upload(a.client, 'customer', customerId, '报价单.pdf', minimalPng());
      expectError(png, 400, 'VALIDATION_FAILED', ['body']);
      expect(png.body.error.message).toContain('PNG');
      a.client.language = 'zh-CN';
      const zh = await upload(a.client, 'customer', customerId, 'page.pdf', Buffer.from('<html><script>alert(1)</script></html>'));
      expect(zh.body.error.message).toContain('不支持此类文件');
      a.client.language = 'en';
      expectError(await upload(a.client, 'customer', customerId, 'empty.pdf', Buffer.alloc(0)), 400, 'VALIDATION_FAILED');
    });
    // Not sent as a raw file at all.
    expectError(await a.client.post(`/api/v1/attachments/customer/${customerId}?fileName=x.pdf`, { file: 'x' }), 400, 'VALIDATION_FAILED', ['body']);
    expect((await a.client.post(`/api/v1/attachments/customer/${customerId}?fileName=x.pdf`, 'x', { 'content-type': 'multipart/form-data; boundary=x' })).status).toBe(415);
  });

  it('refuses a file over the limit with 413, declared or streamed, leaving nothing behind', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '南京江宁机电设备有限公司');
    const big = Buffer.concat([minimalPdf(), Buffer.alloc(1024 * 1024)]);
    await expectNothingLeft(async () => {
      const declared = await upload(a.client, 'customer', customerId, '大文件.pdf', big);
      expectError(declared, 413, 'PAYLOAD_TOO_LARGE');
      expect(declared.body.error.message).toBe('The file is too large: at most 1 MB');
      // Without a Content-Length the limit is found while reading.
      const streamed = await upload(a.client, 'customer', customerId, '大文件.pdf', Readable.from((function* () {
        for (let i = 0; i < big.length; i += 64 * 1024) yield big.subarray(i, i + 64 * 1024);
      })()));
      expectError(streamed, 413, 'PAYLOAD_TOO_LARGE');
    });
    // Exactly at the limit is fine.
    const atLimit = Buffer.concat([minimalPdf(), Buffer.alloc(1024 * 1024 - minimalPdf().length)]);
    expect((await upload(a.client, 'customer', customerId, '刚好.pdf', atLimit)).status).toBe(201);
  });

  it('are reachable only through a record in scope: 404 for anyone else, for every action', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const b = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '宁波北仑港务物流有限公司');
    const file = (await upload(a.client, 'customer', customerId, '报价单.pdf', minimalPdf())).body;
    await expectNothingLeft(async () => {
      expectError(await b.client.get(`/api/v1/attachments/customer/${customerId}`), 404, 'NOT_FOUND');
      expectError(await upload(b.client, 'customer', customerId, '偷偷加.pdf', minimalPdf()), 404, 'NOT_FOUND');
      expectError(await b.client.get(`/api/v1/attachments/${file.id}/download`), 404, 'NOT_FOUND');
      expectError(await b.client.delete(`/api/v1/attachments/${file.id}`), 404, 'NOT_FOUND');
    });
    // Exactly like an id that does not exist.
    const missing = await b.client.get('/api/v1/attachments/0190f000-0000-7000-8000-000000000000/download');
    expect(missing.body).toEqual((await b.client.get(`/api/v1/attachments/${file.id}/download`)).body);

    // A collaborator (sales, may edit the customer) and the manager of the department may download and upload.
    const c = await h.createUser({ role: 'sales', departmentId: otherDept });
    await admin.patch(`/api/v1/customers/${customerId}`, { version: 1, collaboratorIds: [c.id] });
    expect((await c.client.get(`/api/v1/attachments/${file.id}/download`)).status).toBe(200);
    expect((await upload(c.client, 'customer', customerId, '补充.pdf', minimalPdf())).status).toBe(201);
    const mgr = await h.createUser({ role: 'manager', departmentId: dept });
    expect((await mgr.client.get(`/api/v1/attachments/${file.id}/download`)).status).toBe(200);
    expect((await mgr.client.get(`/api/v1/attachments/customer/${customerId}`)).body.items).toHaveLength(2);
    // A manager of another department does not see it.
    const otherMgr = await h.createUser({ role: 'manager', departmentId: otherDept });
    expect((await otherMgr.client.get(`/api/v1/attachments/${file.id}/download`)).status).toBe(404);

    // Service staff may read a customer they collaborate on, but not edit it: list yes, upload 403, delete 404.
    const svc = await h.createUser({ role: 'service', departmentId: dept });
    await admin.patch(`/api/v1/customers/${customerId}`, { version: 2, collaboratorIds: [c.id, svc.id] });
    expect((await svc.client.get(`/api/v1/attachments/customer/${customerId}`)).status).toBe(200);
    expect((await svc.client.get(`/api/v1/attachments/${file.id}/download`)).status).toBe(200);
    expectError(await upload(svc.client, 'customer', customerId, 'x.pdf', minimalPdf()), 403, 'FORBIDDEN');
    expectError(await svc.client.delete(`/api/v1/attachments/${file.id}`), 404, 'NOT_FOUND');
  });

  it('follow contacts, leads and follow-ups: visible with their customer or lead', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const b = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '合肥高新光伏科技有限公司');
    const contact = (await a.client.post(`/api/v1/customers/${customerId}/contacts`, { name: '陈明' })).body;
    const onContact = await upload(a.client, 'contact', contact.id, '名片.jpg', minimalPng());
    expect(onContact.status, JSON.stringify(onContact.body)).toBe(201);
    expect((await b.client.get(`/api/v1/attachments/${onContact.body.id}/download`)).status).toBe(404);
    expect((await b.client.get(`/api/v1/attachments/contact/${contact.id}`)).status).toBe(404);

    const lead = (await a.client.post('/api/v1/leads', { channel: 'website', contactName: '孙先生', ownerId: a.id })).body.lead;
    const onLead = await upload(a.client, 'lead', lead.id, '需求说明.docx', minimalDocx());
    expect(onLead.status, JSON.stringify(onLead.body)).toBe(201);
    expect((await a.client.get(`/api/v1/attachments/lead/${lead.id}`)).body.items).toHaveLength(1);
    expect((await b.client.get(`/api/v1/attachments/lead/${lead.id}`)).status).toBe(404);
    expect((await b.client.get(`/api/v1/attachments/${onLead.body.id}/download`)).status).toBe(404);

    // Follow-ups (written here directly): one on the customer, one on the lead before conversion.
    const now = new Date();
    const [onCustomer, onLeadOnly] = await h.database.db
      .insert(followUps)
      .values([
        { customerId, method: 'phone', happenedAt: now, content: '电话沟通报价', ownerId: a.id, departmentId: dept },
        { leadId: lead.id, method: 'visit', happenedAt: now, content: '上门了解需求', ownerId: a.id, departmentId: dept },
      ])
      .returning({ id: followUps.id });
    for (const f of [onCustomer!, onLeadOnly!]) {
      const res = await upload(a.client, 'follow_up', f.id, '纪要.pdf', minimalPdf());
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await a.client.get(`/api/v1/attachments/follow_up/${f.id}`)).body.items).toHaveLength(1);
      expect((await b.client.get(`/api/v1/attachments/follow_up/${f.id}`)).status).toBe(404);
      expect((await b.client.get(`/api/v1/attachments/${res.body.id}/download`)).status).toBe(404);
    }
  });

  it('disappear with their record when it is deleted, and come back if it is restored', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '武汉光谷生物医药有限公司');
    const file = (await upload(a.client, 'customer', customerId, '资质.pdf', minimalPdf())).body;
    expect((await admin.delete(`/api/v1/customers/${customerId}`)).status).toBe(200);
    expectError(await a.client.get(`/api/v1/attachments/customer/${customerId}`), 404, 'NOT_FOUND');
    expectError(await a.client.get(`/api/v1/attachments/${file.id}/download`), 404, 'NOT_FOUND');
    expectError(await admin.get(`/api/v1/attachments/${file.id}/download`), 404, 'NOT_FOUND');
    await h.database.db.update(customers).set({ deletedAt: null }).where(eq(customers.id, customerId));
    expect((await a.client.get(`/api/v1/attachments/${file.id}/download`)).status).toBe(200);
  });

  it('move to the customer that stays when two customers are merged', async () => {
    const kept = await customerOf(admin, '青岛崂山海洋装备有限公司');
    const merged = await customerOf(admin, '烟台芝罘海洋装备贸易有限公司');
    const file = (await upload(admin, 'customer', merged, '营业执照.jpg', minimalPng())).body;
    const res = await admin.post('/api/v1/customers/merge', { survivorId: kept, mergedId: merged, take: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await admin.get(`/api/v1/attachments/customer/${kept}`)).body.items.map((i: { id: string }) => i.id)).toEqual([file.id]);
    expect((await admin.get(`/api/v1/attachments/${file.id}/download`)).status).toBe(200);
  });

  it('keep no file when the record goes away while the file is arriving', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '长沙岳麓重工有限公司');
    const pdf = minimalPdf();
    // The file was stored, then removed when the insert found the record gone.
    const puts: string[] = [];
    const put = h.storage.put.bind(h.storage);
    h.storage.put = async (key, source) => {
      puts.push(key);
      return put(key, source);
    };
    onTestFinished(() => {
      h.storage.put = put;
    });
    await expectNothingLeft(async () => {
      const body = Readable.from(
        (async function* () {
          yield pdf.subarray(0, 10);
          await h.database.db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, customerId));
          yield pdf.subarray(10);
        })(),
      );
      expectError(await upload(a.client, 'customer', customerId, '报价单.pdf', body), 404, 'NOT_FOUND');
    });
    expect(puts).toHaveLength(1);
  });

  it('delete the row with an audit entry and then the file', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '成都高新软件有限公司');
    const file = (await upload(a.client, 'customer', customerId, '旧报价.pdf', minimalPdf())).body;
    const [row] = await h.database.db.select().from(attachments).where(eq(attachments.id, file.id));
    const onDisk = path.join(h.storage.root, ...(row?.storageKey ?? '').split('/'));
    expect(fs.existsSync(onDisk)).toBe(true);
    expect((await a.client.delete(`/api/v1/attachments/${file.id}`)).status).toBe(200);
    expect(fs.existsSync(onDisk)).toBe(false);
    expect((await a.client.get(`/api/v1/attachments/customer/${customerId}`)).body.items).toEqual([]);
    expectError(await a.client.delete(`/api/v1/attachments/${file.id}`), 404, 'NOT_FOUND');
    expect((await auditOf(admin, file.id)).map((e) => e.action)).toEqual(['delete', 'create']);
  });

  it('go with a record another module hard-deletes: rows in its transaction, files after the commit', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '西安高新航空部件有限公司');
    await upload(a.client, 'customer', customerId, '一.pdf', minimalPdf());
    await upload(a.client, 'customer', customerId, '二.png', minimalPng());
    const before = await storedKeys();
    const keys = await h.database.db.transaction((tx) => deleteAttachmentsOf(tx, 'customer', [customerId]));
    expect(keys).toHaveLength(2);
    expect(await storedKeys()).toEqual(before); // not yet: only after the commit
    await removeStoredFiles(h.deps, keys);
    await removeStoredFiles(h.deps, keys); // again: nothing happens
    expect(await storedKeys()).toEqual(before.filter((k) => !keys.includes(k)));
    expect((await a.client.get(`/api/v1/attachments/customer/${customerId}`)).body.items).toEqual([]);
  });

  it('sweeps stored files without a row once they are an hour old, and nothing else', async () => {
    const orphanOld = newStorageKey();
    const orphanNew = newStorageKey();
    await h.storage.put(orphanOld, Readable.from([Buffer.from('left by a crash')]));
    await h.storage.put(orphanNew, Readable.from([Buffer.from('an upload about to insert its row')]));
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(h.storage.pathOf(orphanOld), twoHoursAgo, twoHoursAgo);
    // Files with rows stay however old they are.
    const withRows = (await h.database.db.select({ key: attachments.storageKey }).from(attachments)).map((r) => r.key);
    expect(withRows.length).toBeGreaterThan(0);
    for (const key of withRows) fs.utimesSync(h.storage.pathOf(key), twoHoursAgo, twoHoursAgo);

    const run = () => sweepAttachmentsJob.handler(h.deps, {}, { jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
    await run();
    const keys = await storedKeys();
    expect(keys).not.toContain(orphanOld);
    expect(keys).toContain(orphanNew);
    expect(keys).toEqual([...withRows, orphanNew].sort());
    await run(); // idempotent
    expect(await storedKeys()).toEqual(keys);
    for (const key of withRows) expect(fs.existsSync(h.storage.pathOf(key))).toBe(true);
  });
});
