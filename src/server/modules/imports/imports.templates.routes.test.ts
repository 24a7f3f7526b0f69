import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type Response } from '../../../../test/helpers/harness.ts';
import { CUSTOMER_BASIC, TEMPLATE_CSV_FILES, templateXlsx, type Template } from '../../../../test/fixtures/requirement-templates.ts';
import { importRunJob } from './imports.jobs.ts';

/**
 * The requirement documents' own templates (requirement 003's 客户基本信息表, 004's 客户获取线索登记表
 * and 客户信息标准化档案表) imported through HTTP as a user would: upload, the proposed mapping as
 * it is, run.
 */
let h: Harness;
let admin: Client;
let sent: { importId: string }[] = [];

beforeAll(async () => {
  h = await createHarness();
  h.deps.jobs = {
    send: async (_job, data) => {
      sent.push(data as { importId: string });
      return 'job-id';
    },
  };
  admin = await h.admin();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  sent = [];
});

function upload(c: Client, entity: string, content: Buffer, fileName: string): Promise<Response> {
  return c.request('POST', `/api/v1/imports?entity=${entity}&fileName=${encodeURIComponent(fileName)}`, content, { 'content-type': 'application/octet-stream' });
}

async function runQueued(): Promise<void> {
  for (const data of sent) await importRunJob.handler(h.deps, data, { jobId: 't', runKey: null, attempt: 1, signal: new AbortController().signal });
  sent = [];
}

/** Upload, keep the proposed mapping, run; the finished import. */
async function importAsProposed(c: Client, entity: string, content: Buffer, fileName: string, duplicatePolicy: 'skip' | 'update' | 'create' = 'skip') {
  const up = await upload(c, entity, content, fileName);
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const id = up.body.job.id as string;
  const mapped = await c.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy });
  expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
  const run = await c.post(`/api/v1/imports/${id}/run`);
  expect(run.status, JSON.stringify(run.body)).toBe(202);
  await runQueued();
  return (await c.get(`/api/v1/imports/${id}`)).body;
}

async function customerNamed(c: Client, name: string) {
  const res = await c.get(`/api/v1/customers?q=${encodeURIComponent(name)}&limit=50`);
  return (res.body.items as { id: string; name: string; stage: string; kind: string }[]).find((x) => x.name === name);
}

async function contactsOf(c: Client, customerId: string) {
  const items = (await c.get(`/api/v1/customers/${customerId}/contacts`)).body.items as { name: string; title: string | null; phones: { e164: string }[]; email: string | null; isPrimary: boolean }[];
  return items.map((x) => ({ name: x.name, title: x.title, phones: x.phones.map((p) => p.e164), email: x.email, isPrimary: x.isPrimary }));
}

/** Only the columns given, and only the rows given. */
function only(t: Template, headers: string[], rows: number[]): Template {
  const at = headers.map((name) => t.headers.indexOf(name));
  return { ...t, headers, rows: rows.map((r) => at.map((i) => t.rows[r]?.[i] ?? '')) };
}

describe('requirement 003: 客户基本信息表', () => {
  it('customer rows carry their primary contact, created in the same run; 客户类型 with 意向客户 is the stage', async () => {
    const t = only(CUSTOMER_BASIC, ['客户名称', '联系人姓名', '联系人职务', '联系电话', '所属行业', '客户类型', '企业地址', '客户需求描述', '首次接触时间'], [0]);
    const up = await upload(admin, 'customer', await templateXlsx(t), '客户基本信息表.xlsx');
    expect(up.body.proposedMapping).toMatchObject({ 联系人姓名: 'contactName', 联系人职务: 'contactTitle', 联系电话: 'contactPhone', 客户类型: 'kind' });
    const done = await importAsProposed(admin, 'customer', await templateXlsx(t), '客户基本信息表.xlsx');
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    const customer = await customerNamed(admin, '科技有限公司');
    expect(customer).toMatchObject({ kind: 'company', stage: 'intent' });
    const contacts = await contactsOf(admin, customer?.id ?? '');
    expect(contacts).toEqual([expect.objectContaining({ name: '*经理', title: '采购部总监', phones: ['+862168888888'], isPrimary: true })]);
  });

  it('"update" matches the contact by name and fills it; a new name is another contact, not primary', async () => {
    const csv = ['客户名称,联系人姓名,联系人职务,联系电话,邮箱', '科技有限公司,*经理,采购部总监,13812345678,jl@keji.example.cn'].join('\r\n');
    const done = await importAsProposed(admin, 'customer', Buffer.from(csv), '更新.csv', 'update');
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    expect(done.counts).toMatchObject({ created: 0, updated: 1 });
    const customer = await customerNamed(admin, '科技有限公司');
    let contacts = await contactsOf(admin, customer?.id ?? '');
    expect(contacts).toEqual([expect.objectContaining({ name: '*经理', phones: ['+862168888888', '+8613812345678'], email: 'jl@keji.example.cn', isPrimary: true })]);

    const other = ['客户名称,联系人姓名,联系人职务', '科技有限公司,赵工,IT主管'].join('\r\n');
    expect((await importAsProposed(admin, 'customer', Buffer.from(other), '更新2.csv', 'update')).status).toBe('succeeded');
    contacts = await contactsOf(admin, customer?.id ?? '');
    expect(contacts.map((c) => [c.name, c.isPrimary])).toEqual([
      ['*经理', true],
      ['赵工', false],
    ]);
  });

  it('a contact phone that is no phone fails its row with the reason, and writes neither customer nor contact', async () => {
    const csv = ['客户名称,联系人姓名,联系电话', '杭州明德设备有限公司,周工,1395678'].join('\r\n');
    const done = await importAsProposed(admin, 'customer', Buffer.from(csv), '坏电话.csv');
    expect(done.status).toBe('failed');
    expect(done.errors).toEqual([expect.objectContaining({ row: 2, field: 'contactPhone' })]);
    expect(await customerNamed(admin, '杭州明德设备有限公司')).toBeUndefined();
  });
});

describe('requirement 003: values outside Kehu’s lists, GBK CSV as Excel saves it', () => {
  it('asks once per unknown value with the nearest entry suggested; once answered, the file imports in one pass', async () => {
    const file = await readFile(TEMPLATE_CSV_FILES.customerBasic);
    const up = await upload(admin, 'customer', file, '客户基本信息表.csv');
    expect(up.status).toBe(201);
    const id = up.body.job.id as string;
    expect((await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'skip' })).status).toBe(200);
    const values = await admin.get(`/api/v1/imports/${id}/values`);
    expect(values.status, JSON.stringify(values.body)).toBe(200);
    expect(values.body.items).toEqual([
      { field: 'sourceChannel', value: '线上广告', rows: 1, firstRow: 3, suggestion: 'search_ads' },
      { field: 'industry', value: '交通运输', rows: 1, firstRow: 3, suggestion: 'LOGI' },
    ]);
    expect(values.body.canAdd).toEqual({ channel: true, tag: true });
    expect(values.body.options.sourceChannel).toEqual(expect.arrayContaining([{ key: 'search_ads', label: 'Search ads' }]));

    // Without an answer the check names the value and how to fix it.
    const unanswered = await admin.post(`/api/v1/imports/${id}/dry-run`);
    expect(unanswered.body.errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sourceChannel: Unknown source channel “线上广告”/), expect.stringMatching(/^industry: Unknown industry “交通运输”/)]),
    );

    const wrong = await admin.put(`/api/v1/imports/${id}/values`, { valueMapping: { sourceChannel: { 线上广告: 'nowhere' } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('valueMapping.sourceChannel.线上广告');

    const answered = await admin.put(`/api/v1/imports/${id}/values`, { valueMapping: { sourceChannel: { 线上广告: 'search_ads' }, industry: { 交通运输: 'LOGI' } } });
    expect(answered.status).toBe(200);
    expect(answered.body.items).toEqual([]);
    const dry = await admin.post(`/api/v1/imports/${id}/dry-run`);
    expect(dry.body, JSON.stringify(dry.body.errors)).toMatchObject({ totalRows: 2, counts: { errors: 0 } });
    await admin.post(`/api/v1/imports/${id}/run`);
    await runQueued();
    const done = (await admin.get(`/api/v1/imports/${id}`)).body;
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');

    const shunda = await customerNamed(admin, '顺达物流有限公司');
    const detail = (await admin.get(`/api/v1/customers/${shunda?.id ?? ''}`)).body;
    // 45366 is Excel's serial of 2024-03-15, stored as text.
    expect(detail).toMatchObject({ industryCode: 'LOGI', sourceChannel: 'search_ads', stage: 'potential', firstContactDate: '2024-03-15', needs: '采购服务器设备' });
    expect(await contactsOf(admin, shunda?.id ?? '')).toEqual([expect.objectContaining({ name: '王芳', title: '运营经理', phones: ['+8613912345678'], isPrimary: true })]);
  });

  it('an admin adds 线上广告 as a channel of its own; a value left out leaves the field empty', async () => {
    const channel = await admin.post('/api/v1/source-channels', { nameZh: '线上广告', nameEn: 'Online ads' });
    expect(channel.status).toBe(201);
    const csv = ['客户名称,来源渠道,所属行业', '宁波顺丰快运有限公司,线上广告,航运快递'].join('\r\n');
    const up = await upload(admin, 'customer', Buffer.from(csv), '新渠道.csv');
    const id = up.body.job.id as string;
    await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'skip' });
    // The new channel is in the list now: only the industry is unknown.
    expect((await admin.get(`/api/v1/imports/${id}/values`)).body.items.map((i: { value: string }) => i.value)).toEqual(['航运快递']);
    await admin.put(`/api/v1/imports/${id}/values`, { valueMapping: { industry: { 航运快递: null } } });
    await admin.post(`/api/v1/imports/${id}/run`);
    await runQueued();
    expect((await admin.get(`/api/v1/imports/${id}`)).body.status).toBe('succeeded');
    const c = await customerNamed(admin, '宁波顺丰快运有限公司');
    expect((await admin.get(`/api/v1/customers/${c?.id ?? ''}`)).body).toMatchObject({ sourceChannel: 'online_ads', industryCode: null });
  });
});
