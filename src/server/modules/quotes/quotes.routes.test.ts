import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFen } from '../../../contracts/money.ts';
import type { LineItemInput } from '../../../contracts/sales.ts';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { businessDate } from '../../platform/clock.ts';
import { chineseCapitalAmount } from './quotes.rules.ts';
import { expireQuotes } from './quotes.service.ts';

let h: Harness;
let east: string;
let west: string;
let admin: Client;
let productId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  h = await createHarness();
  east = await h.createDepartment('华东大区');
  west = await h.createDepartment('华南大区');
  admin = await h.admin();
  productId = (await admin.post('/api/v1/products', { sku: 'KH-CRM-STD', name: '客户管理系统 标准版', unit: '套', listPriceFen: 1_980_000, taxRatePercent: 6 })).body.id;
});
afterAll(async () => h.close());

const today = () => businessDate(h.clock.now(), h.config.timeZone);
const inDays = (n: number) => businessDate(new Date(h.clock.now().getTime() + n * DAY), h.config.timeZone);

/** An opportunity made through its API by its owner (default stage: 方案报价, proposal). */
async function opportunity(opts: { client: Client; customerId: string; name?: string; lines?: LineItemInput[]; stage?: string }): Promise<string> {
  const stages = (await opts.client.get('/api/v1/pipeline-stages')).body.items as { id: string; key: string; kind: string }[];
  const stage = stages.find((s) => s.key === (opts.stage ?? 'proposal'));
  if (!stage) throw new Error('no such stage');
  const lines = opts.lines ?? [];
  const res = await opts.client.post('/api/v1/opportunities', {
    customerId: opts.customerId,
    name: opts.name ?? 'CRM 年度采购',
    stageId: stage.id,
    ...(lines.length > 0 ? { items: lines } : { amountFen: 100_000 }),
    ...(stage.kind === 'open' ? {} : { closeReason: '预算取消' }),
  });
  if (res.status !== 201) throw new Error(`opportunity create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

function pdfText(bytes: Buffer): string {
  const file = path.join(os.tmpdir(), `kehu-quote-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('quotes', () => {
  it('are made from an opportunity, seen with it, edited while draft and moved through their statuses', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const other = await h.createUser({ role: 'sales', departmentId: east });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const westManager = await h.createUser({ role: 'manager', departmentId: west });
    const customer = (await owner.client.post('/api/v1/customers', { name: '宁波海曙精密机械有限公司' })).body;
    const oppId = await opportunity({
      client: owner.client,
      customerId: customer.id,
      lines: [
        { productId, quantity: 3, discountPercent: 10 },
        { name: '上门培训', unit: '天', quantity: 2, unitPriceFen: 150_000, discountPercent: 0, taxRatePercent: 6 },
      ],
    });

    // Without items the opportunity's lines are copied; number, customer, owner and currency come with it.
    const validUntil = inDays(30);
    const created = await owner.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil, terms: '预付 30%，验收后付清' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let qt = created.body;
    expect(qt.number).toMatch(new RegExp(`^BJ${today().slice(0, 4)}\\d{3}$`));
    expect(qt).toMatchObject({ status: 'draft', customerId: customer.id, customerName: '宁波海曙精密机械有限公司', ownerId: owner.id, departmentId: east, currency: 'CNY', quoteDate: today(), validUntil, title: 'CRM 年度采购' });
    // 3 × 19,800.00 − 10% = 53,460.00 + 6% = 56,667.60; 2 × 1,500.00 + 6% = 3,180.00
    expect(qt.items.map((i: { name: string; totalFen: number }) => [i.name, i.totalFen])).toEqual([
      ['客户管理系统 标准版', 5_666_760],
      ['上门培训', 318_000],
    ]);
    expect(qt).toMatchObject({ subtotalFen: 6_240_000, discountFen: 594_000, netFen: 5_646_000, taxFen: 338_760, totalFen: 5_984_760 });
    const second = (await owner.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil, items: [{ productId, quantity: 1, discountPercent: 0 }] })).body;
    expect(Number(second.number.slice(-3))).toBe(Number(qt.number.slice(-3)) + 1);
    expect(second).toMatchObject({ totalFen: 2_098_800, items: [{ sku: 'KH-CRM-STD', quantity: 1, unitPriceFen: 1_980_000, taxFen: 118_800 }] });

    // Seen with the opportunity: owner, the manager of its department, admin; not another salesperson nor another department.
    expect((await manager.client.get(`/api/v1/quotes/${qt.id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/quotes/${qt.id}`)).status).toBe(200);
    expectError(await other.client.get(`/api/v1/quotes/${qt.id}`), 404, 'NOT_FOUND');
    expectError(await westManager.client.get(`/api/v1/quotes/${qt.id}`), 404, 'NOT_FOUND');
    expectError(await other.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil }), 400, 'VALIDATION_FAILED', ['opportunityId']);
    expectError(await other.client.patch(`/api/v1/quotes/${qt.id}`, { version: qt.version, title: 'x' }), 404, 'NOT_FOUND');
    expectError(await other.client.post(`/api/v1/quotes/${qt.id}/send`, { version: qt.version }), 404, 'NOT_FOUND');
    expectError(await other.client.get(`/api/v1/quotes/${qt.id}/pdf`), 404, 'NOT_FOUND');
    expect((await other.client.get('/api/v1/quotes')).body.items).toEqual([]);
    expectError(await other.client.get(`/api/v1/quotes?opportunityId=${oppId}`), 404, 'NOT_FOUND');
    const managerList = await manager.client.get(`/api/v1/quotes?opportunityId=${oppId}&limit=1`);
    expect(managerList.body.items.map((x: { id: string }) => x.id)).toEqual([second.id]);
    const page2 = await manager.client.get(`/api/v1/quotes?opportunityId=${oppId}&limit=1&cursor=${managerList.body.nextCursor}`);
    expect(page2.body).toMatchObject({ items: [{ id: qt.id }], nextCursor: null });
    expect((await owner.client.get(`/api/v1/quotes?customerId=${customer.id}&status=draft&q=${qt.number}`)).body.items.map((x: { id: string }) => x.id)).toEqual([qt.id]);

    // Bad input: validity before the quote date, a contact of another customer, a bad line.
    expectError(await owner.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil: inDays(-1) }), 400, 'VALIDATION_FAILED', ['validUntil']);
    const foreign = (await owner.client.post('/api/v1/customers', { name: '另一家客户' })).body;
    const foreignContact = (await owner.client.post(`/api/v1/customers/${foreign.id}/contacts`, { name: '王五' })).body;
    expect(foreignContact.id).toEqual(expect.any(String));
    expectError(await owner.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil, contactId: foreignContact.id }), 400, 'VALIDATION_FAILED', ['contactId']);
    expectError(await owner.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil, items: [{ quantity: 1, discountPercent: 0 }] }), 400, 'VALIDATION_FAILED', ['items.0.name']);
    const empty = await opportunity({ client: owner.client, customerId: customer.id, name: '空商机' });
    expectError(await owner.client.post('/api/v1/quotes', { opportunityId: empty, validUntil }), 400, 'VALIDATION_FAILED', ['items']);
    const lost = await opportunity({ client: owner.client, customerId: customer.id, stage: 'lost', lines: [{ name: '服务', quantity: 1, unitPriceFen: 100, discountPercent: 0 }] });
    expectError(await owner.client.post('/api/v1/quotes', { opportunityId: lost, validUntil }), 422, 'BUSINESS_RULE');

    // A draft is edited (totals recomputed on the server); a stale version is 409.
    const edited = await owner.client.patch(`/api/v1/quotes/${qt.id}`, { version: qt.version, items: [{ productId, quantity: 2, discountPercent: 5 }], validUntil: inDays(20) });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    // 2 × 19,800.00 = 39,600.00 − 5% = 37,620.00 + 6% = 39,877.20
    expect(edited.body).toMatchObject({ totalFen: 3_987_720, discountFen: 198_000, validUntil: inDays(20), version: 2, items: [{ quantity: 2, discountPercent: 5 }] });
    expectError(await owner.client.patch(`/api/v1/quotes/${qt.id}`, { version: 1, title: '旧' }), 409, 'VERSION_CONFLICT');
    qt = edited.body;

    // Only sent quotes are accepted; the refusal names the allowed steps.
    const early = await owner.client.post(`/api/v1/quotes/${qt.id}/accept`, { version: qt.version });
    expectError(early, 422, 'BUSINESS_RULE');
    expect(early.body.error.message).toContain('sent');

    // Sending renders the PDF and attaches it to the opportunity, for those who see the opportunity only.
    // (Handed over without a mail here: the mail is tested below.)
    const sent = await owner.client.post(`/api/v1/quotes/${qt.id}/send`, { version: qt.version, mail: false });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', sentAt: expect.any(String), attachmentId: expect.any(String), mail: null });
    qt = sent.body;
    const files = await manager.client.get(`/api/v1/attachments/opportunity/${oppId}`);
    expect(files.status).toBe(200);
    expect(files.body.items).toMatchObject([{ id: qt.attachmentId, fileName: `报价单-${qt.number}.pdf`, contentType: 'application/pdf', uploadedBy: owner.id }]);
    const download = await owner.client.get(`/api/v1/attachments/${qt.attachmentId}/download`);
    expect(download.status).toBe(200);
    expect(download.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(download.raw.rawPayload)).toContain(qt.number);
    expectError(await other.client.get(`/api/v1/attachments/opportunity/${oppId}`), 404, 'NOT_FOUND');
    expectError(await other.client.get(`/api/v1/attachments/${qt.attachmentId}/download`), 404, 'NOT_FOUND');
    expectError(await westManager.client.get(`/api/v1/attachments/opportunity/${oppId}`), 404, 'NOT_FOUND');

    // Once sent it is what the customer has: no edits, no second send, no delete.
    const locked = await owner.client.patch(`/api/v1/quotes/${qt.id}`, { version: qt.version, terms: '改' });
    expectError(locked, 422, 'BUSINESS_RULE');
    expectError(await owner.client.post(`/api/v1/quotes/${qt.id}/send`, { version: qt.version, mail: false }), 422, 'BUSINESS_RULE');
    expectError(await owner.client.delete(`/api/v1/quotes/${qt.id}`), 422, 'BUSINESS_RULE');
    expectError(await owner.client.post(`/api/v1/quotes/${qt.id}/accept`, { version: qt.version - 1 }), 409, 'VERSION_CONFLICT');

    const accepted = await manager.client.post(`/api/v1/quotes/${qt.id}/accept`, { version: qt.version });
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedAt: expect.any(String) });
    const after = await owner.client.post(`/api/v1/quotes/${qt.id}/reject`, { version: accepted.body.version });
    expectError(after, 422, 'BUSINESS_RULE');
    owner.client.language = 'zh-CN';
    expect((await owner.client.post(`/api/v1/quotes/${qt.id}/reject`, { version: accepted.body.version })).body.error.message).toContain('可变为：-');

    // The second quote: sent then rejected; a draft may be deleted.
    const s2 = (await owner.client.post(`/api/v1/quotes/${second.id}/send`, { version: second.version, mail: false })).body;
    expect((await owner.client.post(`/api/v1/quotes/${second.id}/reject`, { version: s2.version })).body.status).toBe('rejected');
    const draft = (await owner.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil })).body;
    // A draft's contact is one of its customer's: another's is a 400 on contactId; its own is taken, and cleared again.
    expectError(await owner.client.patch(`/api/v1/quotes/${draft.id}`, { version: draft.version, contactId: foreignContact.id }), 400, 'VALIDATION_FAILED', ['contactId']);
    const ownContact = (await owner.client.post(`/api/v1/customers/${customer.id}/contacts`, { name: '赵敏' })).body;
    const withContact = await owner.client.patch(`/api/v1/quotes/${draft.id}`, { version: draft.version, contactId: ownContact.id });
    expect(withContact.status, JSON.stringify(withContact.body)).toBe(200);
    expect(withContact.body).toMatchObject({ contactId: ownContact.id, contactName: '赵敏' });
    expect((await owner.client.patch(`/api/v1/quotes/${draft.id}`, { version: withContact.body.version, contactId: null })).body).toMatchObject({ contactId: null, contactName: null });
    expect((await owner.client.delete(`/api/v1/quotes/${draft.id}`)).status).toBe(200);
    expectError(await owner.client.get(`/api/v1/quotes/${draft.id}`), 404, 'NOT_FOUND');

    // The customer's timeline shows the steps to those who see the opportunity, not to the customer's other viewers.
    const timeline = await owner.client.get(`/api/v1/customers/${customer.id}/timeline?kinds=quote`);
    expect(timeline.body.items.filter((e: { entityId: string }) => e.entityId === qt.id).map((e: { kind: string }) => e.kind)).toEqual(['quote.accepted', 'quote.sent', 'quote.created']);
    expect(timeline.body.items[0].params).toMatchObject({ number: expect.stringMatching(/^BJ/), totalFen: expect.any(Number) });
    const entries = await h.deps.db.execute<{ owner_id: string; department_id: string }>(sql`select owner_id, department_id from timeline_events where entity_type = 'quote' and entity_id = ${qt.id}`);
    expect(entries.rows.every((r) => r.owner_id === owner.id && r.department_id === east)).toBe(true);

    const audit = await auditOf(admin, qt.id);
    expect(audit.map((a) => a.action)).toEqual(['update', 'update', 'update', 'create']);
    expect(audit[0]?.changes).toMatchObject({ status: ['sent', 'accepted'] });
    expect((await auditOf(admin, qt.attachmentId)).map((a) => a.action)).toEqual(['create']);
  });

  it('follow their opportunity when it changes hands', async () => {
    const first = await h.createUser({ role: 'sales', departmentId: east });
    const second = await h.createUser({ role: 'sales', departmentId: west });
    const customer = (await first.client.post('/api/v1/customers', { name: '合肥高新区光伏设备有限公司' })).body;
    const oppId = await opportunity({ client: first.client, customerId: customer.id, lines: [{ name: '逆变器', quantity: 2, unitPriceFen: 880_000, discountPercent: 0, taxRatePercent: 13 }] });
    const qt = (await first.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil: inDays(10) })).body;
    const opp = (await admin.get(`/api/v1/opportunities/${oppId}`)).body;
    const moved = await admin.patch(`/api/v1/opportunities/${oppId}`, { version: opp.version, ownerId: second.id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    expectError(await first.client.get(`/api/v1/quotes/${qt.id}`), 404, 'NOT_FOUND');
    const sent = await second.client.post(`/api/v1/quotes/${qt.id}/send`, { version: qt.version, mail: false });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect((await second.client.get(`/api/v1/attachments/opportunity/${oppId}`)).body.items).toHaveLength(1);
    expectError(await first.client.get(`/api/v1/attachments/opportunity/${oppId}`), 404, 'NOT_FOUND');
    // The entry of the send is shown to those who see the opportunity now.
    const entry = await h.deps.db.execute<{ owner_id: string; department_id: string }>(sql`select owner_id, department_id from timeline_events where entity_id = ${qt.id} and kind = 'quote.sent'`);
    expect(entry.rows).toEqual([{ owner_id: second.id, department_id: west }]);
  });

  it('print as a Chinese PDF with the company header, the customer, the number and the right total', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    expectError(await owner.client.put('/api/v1/settings/company', { name: '某公司' }), 403, 'FORBIDDEN');
    expect((await admin.get('/api/v1/settings/company')).body).toEqual({ name: 'Kehu', address: '', phone: '', email: '' });
    expectError(await admin.put('/api/v1/settings/company', { name: '' }), 400, 'VALIDATION_FAILED', ['name']);
    const company = await admin.put('/api/v1/settings/company', { name: '杭州客户云科技有限公司', address: '杭州市西湖区文三路 90 号', phone: '0571-88886666' });
    expect(company.body).toEqual({ name: '杭州客户云科技有限公司', address: '杭州市西湖区文三路 90 号', phone: '0571-88886666', email: '' });

    const customer = (await owner.client.post('/api/v1/customers', { name: '北京华夏智能制造股份有限公司' })).body;
    const oppId = await opportunity({
      client: owner.client,
      customerId: customer.id,
      lines: [
        { productId, quantity: 1, discountPercent: 0 },
        { name: '实施服务', unit: '人天', quantity: 1.5, unitPriceFen: 123_456, discountPercent: 12.5, taxRatePercent: 6 },
      ],
    });
    const qt = (await owner.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil: inDays(15), terms: '报价含税，有效期内价格不变。' })).body;
    const res = await owner.client.get(`/api/v1/quotes/${qt.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent(`报价单-${qt.number}.pdf`));
    const text = pdfText(res.raw.rawPayload);
    expect(text).toContain('北京华夏智能制造股份有限公司');
    expect(text).toContain(qt.number);
    expect(text).toContain('杭州客户云科技有限公司');
    expect(text).toContain('报价单');
    expect(text).toContain('实施服务');
    // 1,980,000 + 118,800 = 2,098,800; 1.5 × 1,234.56 = 1,851.84 − 12.5% (231.48) = 1,620.36 + 6% (97.22) = 1,717.58
    expect(qt.totalFen).toBe(2_098_800 + 171_758);
    expect(text).toContain(`合计`);
    expect(text).toContain(formatFen(qt.totalFen, 'CNY'));
    expect(formatFen(qt.totalFen, 'CNY')).toBe('¥22,705.58');
    expect(text.replace(/\s+/g, '')).toContain(`人民币${chineseCapitalAmount(qt.totalFen)}`);
    expect(chineseCapitalAmount(qt.totalFen)).toBe('贰万贰仟柒佰零伍元伍角捌分');
    expect(text).toContain('报价含税，有效期内价格不变。');
    expect(text).toContain(`${owner.username} 用户`);
  });

  it('print long tables over several pages', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const customer = (await owner.client.post('/api/v1/customers', { name: '上海浦东新区大型零售连锁集团' })).body;
    const oppId = await opportunity({ client: owner.client, customerId: customer.id });
    const items = Array.from({ length: 60 }, (_, i) => ({ name: `备件 ${String(i + 1).padStart(2, '0')} 号`, unit: '个', quantity: i + 1, unitPriceFen: 1_000, discountPercent: 0, taxRatePercent: 13 }));
    const qt = (await owner.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil: inDays(10), items })).body;
    // Σ (i × 10.00) for i = 1..60 = 18,300.00, + 13% = 20,679.00
    expect(qt.totalFen).toBe(2_067_900);
    const text = pdfText((await owner.client.get(`/api/v1/quotes/${qt.id}/pdf`)).raw.rawPayload);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(1);
    expect(text).toContain(`共 ${pages.length} 页`);
    // Every line is printed once, in order, and the table header is repeated on the continuation pages.
    const printed = [...text.matchAll(/备件 (\d\d) 号/g)].map((m) => Number(m[1]));
    expect(printed).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(pages.filter((p) => p.includes('产品/SKU')).length).toBe(pages.filter((p) => /备件 \d\d 号/.test(p)).length);
    expect(pages.at(-1)).toContain(formatFen(2_067_900, 'CNY'));
  });

  it('expire when sent and past their validity, by the daily job (once)', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const customer = (await owner.client.post('/api/v1/customers', { name: '苏州工业园区精工电子有限公司' })).body;
    const oppId = await opportunity({ client: owner.client, customerId: customer.id, lines: [{ name: '检测服务', quantity: 1, unitPriceFen: 50_000, discountPercent: 0, taxRatePercent: 6 }] });
    const make = async (days: number, send: boolean) => {
      const qt = (await owner.client.post('/api/v1/quotes', { opportunityId: oppId, validUntil: inDays(days) })).body;
      return send ? (await owner.client.post(`/api/v1/quotes/${qt.id}/send`, { version: qt.version, mail: false })).body : qt;
    };
    const short = await make(1, true);
    const long = await make(30, true);
    const draft = await make(1, false);
    const runs = [await expireQuotes(h.deps)];

    // Two days later: the short one's last day (tomorrow) is over.
    h.clock.advance(2 * DAY + 60_000);
    runs.push(await expireQuotes(h.deps), await expireQuotes(h.deps));
    expect(runs).toEqual([0, 1, 0]);
    await owner.client.login(owner.username, USER_PASSWORD);
    const get = async (id: string) => (await owner.client.get(`/api/v1/quotes/${id}`)).body;
    expect((await get(short.id)).status).toBe('expired');
    expect((await get(long.id)).status).toBe('sent');
    expect((await get(draft.id)).status).toBe('draft');
    const expired = await get(short.id);
    expectError(await owner.client.post(`/api/v1/quotes/${short.id}/accept`, { version: expired.version }), 422, 'BUSINESS_RULE');
    // A draft past its validity cannot be sent until its validity is moved.
    expectError(await owner.client.post(`/api/v1/quotes/${draft.id}/send`, { version: draft.version, mail: false }), 422, 'BUSINESS_RULE');
    const moved = (await owner.client.patch(`/api/v1/quotes/${draft.id}`, { version: draft.version, validUntil: inDays(7) })).body;
    expect((await owner.client.post(`/api/v1/quotes/${draft.id}/send`, { version: moved.version, mail: false })).body.status).toBe('sent');

    const timeline = (await owner.client.get(`/api/v1/customers/${customer.id}/timeline?kinds=quote`)).body.items;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'quote.expired').map((e: { entityId: string }) => e.entityId)).toEqual([short.id]);
    const audit = await auditOf(await h.admin(), short.id);
    expect(audit[0]).toMatchObject({ actorName: 'system', changes: { status: ['sent', 'expired'] } });
  });
});
