import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextDocumentNumber } from './numbering.service.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
});
afterAll(async () => h.close());

const year = () => Number(new Intl.DateTimeFormat('en-US', { timeZone: h.config.timeZone, year: 'numeric' }).format(h.clock.now()));

describe('numbering settings', () => {
  it('everyone who works with customers reads them; only admins change them', async () => {
    const sales = await h.createUser({ role: 'sales' });
    const read = await sales.client.get('/api/v1/settings/numbering');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ customer: '{year}-{industryCode}-{seq:3}', lead: 'LX{year}{seq:3}', defaults: { customer: '{year}-{industryCode}-{seq:3}', lead: 'LX{year}{seq:3}' } });
    expectError(await sales.client.put('/api/v1/settings/numbering', { customer: 'KH{seq:4}', lead: 'LX{year}{seq:3}' }), 403, 'FORBIDDEN');
    expect((await h.client().get('/api/v1/settings/numbering')).status).toBe(401);
  });

  it('previews the next number of each pattern, for the industry asked for', async () => {
    const res = await admin.get('/api/v1/settings/numbering?industryCode=MANU');
    expect(res.body.preview).toEqual({ customer: `${year()}-MANU-001`, lead: `LX${year()}001`, quote: `BJ${year()}001`, order: `DD${year()}000001`, contract: `HT${year()}001`, industryCode: 'MANU' });
    expect((await admin.post('/api/v1/customers', { name: '苏州工业园区精密制造有限公司', industryCode: 'MANU' })).body.number).toBe(`${year()}-MANU-001`);
    expect((await admin.get('/api/v1/settings/numbering?industryCode=MANU')).body.preview.customer).toBe(`${year()}-MANU-002`);
    const live = await admin.post('/api/v1/settings/numbering/preview', { customer: 'KH-{industryCode}-{seq:5}', lead: 'XS{yy}{seq}', industryCode: 'RETL' });
    expect(live.status).toBe(200);
    expect(live.body.preview).toMatchObject({ customer: 'KH-RETL-00001', lead: `XS${String(year()).slice(2)}1`, quote: `BJ${year()}001`, industryCode: 'RETL' });
    // A preview saves nothing.
    expect((await admin.get('/api/v1/settings/numbering')).body.customer).toBe('{year}-{industryCode}-{seq:3}');
  });

  it('refuses a bad pattern with 400 naming the field and the reason, in the caller’s language', async () => {
    const res = await admin.put('/api/v1/settings/numbering', { customer: '{year}-{industryCode}', lead: 'LX{year}{seq:3}' });
    expectError(res, 400, 'VALIDATION_FAILED', ['customer']);
    expect(res.body.error.details[0].message).toBe('The pattern must contain a sequence placeholder such as {seq:3}');
    const both = await admin.put('/api/v1/settings/numbering', { customer: 'KH{day}{seq:3}', lead: 'LX{industryCode}{seq:3}' });
    expectError(both, 400, 'VALIDATION_FAILED', ['customer', 'lead']);
    expect(both.body.error.details.find((d: { path: string }) => d.path === 'customer').message).toMatch(/\{day\}/);
    admin.language = 'zh-CN';
    const zh = await admin.post('/api/v1/settings/numbering/preview', { customer: '{year}{seq:3}', lead: 'LX {seq:3}' });
    expectError(zh, 400, 'VALIDATION_FAILED', ['lead']);
    expect(zh.body.error.details[0].message).toBe('第 3 个字符“ ”不允许使用：只能用字母、数字、- _ / 和占位符');
    admin.language = 'en';
    expect((await admin.get('/api/v1/settings/numbering')).body.customer).toBe('{year}-{industryCode}-{seq:3}');
  });

  it('uses a changed pattern from the next create on, and audits the change', async () => {
    const saved = await admin.put('/api/v1/settings/numbering', { customer: ' KH-{industryCode}-{yy}{seq:4} ', lead: 'XS{year}-{seq:4}' });
    expect(saved.status).toBe(200);
    const yy = String(year()).slice(2);
    expect(saved.body).toMatchObject({ customer: 'KH-{industryCode}-{yy}{seq:4}', lead: 'XS{year}-{seq:4}' });
    const c = await admin.post('/api/v1/customers', { name: '杭州西湖丝绸零售有限公司', industryCode: 'RETL' });
    expect(c.body.number).toBe(`KH-RETL-${yy}0001`);
    const lead = await admin.post('/api/v1/leads', { channel: 'website', contactName: '吴先生', criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' } });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    expect(lead.body.lead.number).toBe(`XS${year()}-0001`);
    const [entry] = await auditOf(admin, 'numbering');
    expect(entry).toMatchObject({ action: 'update', entityType: 'setting', changes: { customer: ['{year}-{industryCode}-{seq:3}', 'KH-{industryCode}-{yy}{seq:4}'], lead: ['LX{year}{seq:3}', 'XS{year}-{seq:4}'] } });
  });

  it('numbers quotes, orders and contracts from patterns admins may change, without an industry', async () => {
    expectError(await admin.put('/api/v1/settings/numbering', { customer: '{year}-{industryCode}-{seq:3}', lead: 'LX{year}{seq:3}', contract: 'HT-{industryCode}-{seq:3}' }), 400, 'VALIDATION_FAILED', ['contract']);
    const saved = await admin.put('/api/v1/settings/numbering', { customer: '{year}-{industryCode}-{seq:3}', lead: 'LX{year}{seq:3}', contract: 'HT{yy}{month}-{seq:4}' });
    expect(saved.status).toBe(200);
    const yy = String(year()).slice(2);
    expect(saved.body).toMatchObject({ contract: 'HT{yy}{month}-{seq:4}', quote: 'BJ{year}{seq:3}', defaults: { contract: 'HT{year}{seq:3}' } });
    expect(saved.body.preview.contract).toMatch(new RegExp(`^HT${yy}\\d\\d-0001$`));
    // Leaving a document pattern out keeps it.
    const again = await admin.put('/api/v1/settings/numbering', { customer: '{year}-{industryCode}-{seq:3}', lead: 'LX{year}{seq:3}' });
    expect(again.body.contract).toBe('HT{yy}{month}-{seq:4}');
    const tx = h.deps.db;
    const first = await tx.transaction((t) => nextDocumentNumber(t, 'contract', h.clock.now(), h.deps.config.timeZone));
    const second = await tx.transaction((t) => nextDocumentNumber(t, 'contract', h.clock.now(), h.deps.config.timeZone));
    expect([first.slice(-4), second.slice(-4)]).toEqual(['0001', '0002']);
    expect(await tx.transaction((t) => nextDocumentNumber(t, 'quote', h.clock.now(), h.deps.config.timeZone))).toBe(`BJ${year()}001`);
  });
});
