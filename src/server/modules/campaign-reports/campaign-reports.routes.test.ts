import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let marketingDept: string;
let eastDept: string;
let stages: Record<string, { id: string }>;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  marketingDept = await h.createDepartment('市场部');
  eastDept = await h.createDepartment('华东销售部');
  const list = (await admin.get('/api/v1/pipeline-stages')).body.items as { key: string; id: string }[];
  stages = Object.fromEntries(list.map((s) => [s.key, s]));
});
afterAll(async () => h.close());

async function created(res: { status: number; body: Record<string, unknown> }, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Record<string, any>;
}

const DAY = 86_400_000;

async function win(client: Client, opportunity: { id: string; version: number }) {
  return created(await client.post(`/api/v1/opportunities/${opportunity.id}/stage`, { version: opportunity.version, stageId: stages.won?.id, reason: '方案契合' }), 200);
}

describe('campaign attribution and reports', () => {
  it('carry the campaign from lead to customer to opportunity, and weigh first- and last-touch revenue against the cost', async () => {
    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const sales = await h.createUser({ role: 'sales', departmentId: eastDept });
    const expo = await created(await marketer.client.post('/api/v1/campaigns', { name: '2026 上海工博会', type: 'trade_show', goal: 'leads', goalTarget: 2, budgetFen: 100_000_00 }));
    const webinar = await created(await marketer.client.post('/api/v1/campaigns', { name: '智能制造线上研讨会', type: 'webinar' }));
    await created(await marketer.client.post(`/api/v1/campaigns/${expo.id}/costs`, { spentOn: '2026-11-02', item: '展位费', amountFen: 30_000_00, supplier: '上海会展中心' }));
    await created(await marketer.client.post(`/api/v1/campaigns/${expo.id}/costs`, { spentOn: '2026-11-03', item: '物料制作', amountFen: 20_000_00 }));
    await created(await marketer.client.post(`/api/v1/campaigns/${webinar.id}/costs`, { spentOn: '2026-11-10', item: '直播平台', amountFen: 10_000_00 }));

    // Leads from the show: the salesperson's (graded A by hand) and one the marketer registered.
    const hot = (await created(await sales.client.post('/api/v1/leads', { channel: 'trade_show', contactName: '郑经理', companyName: '无锡新锐自动化有限公司', phone: '13812340011', campaignId: expo.id, ownerId: sales.id, gradeOverride: { grade: 'A', reason: '现场确认预算与采购时间' } }))).lead;
    await created(await marketer.client.post('/api/v1/leads', { channel: 'trade_show', contactName: '陈女士', companyName: '常州恒达机电有限公司', phone: '13812340012', campaignId: expo.id }));
    await created(await sales.client.post('/api/v1/leads', { channel: 'website', contactName: '王工', phone: '13812340013', campaignId: webinar.id }));
    expect(hot.grade).toBe('A');

    // Conversion: the new customer keeps the show as its first touch, and the audit says so.
    const converted = await created(await sales.client.post(`/api/v1/leads/${hot.id}/convert`, { version: hot.version }), 200);
    const customer = await created(await sales.client.get(`/api/v1/customers/${converted.customerId}`), 200);
    expect(customer).toMatchObject({ campaignId: expo.id, campaignName: '2026 上海工博会' });
    expect((await auditOf(admin, hot.id))[0]?.changes).toMatchObject({ status: [hot.status, 'converted'], customerCampaign: [null, '2026 上海工博会'] });

    // Its opportunity inherits the campaign; one picked by hand keeps the pick; a bad pick is refused.
    const deal = await created(await sales.client.post('/api/v1/opportunities', { customerId: converted.customerId, name: 'MES 一期', amountFen: 180_000_00 }));
    expect(deal).toMatchObject({ campaignId: expo.id, campaignName: '2026 上海工博会' });
    const other = await created(await sales.client.post('/api/v1/customers', { name: '南通远航船舶配件有限公司' }));
    const small = await created(await sales.client.post('/api/v1/opportunities', { customerId: other.id, name: '备件年度框架', amountFen: 20_000_00, campaignId: webinar.id }));
    expect(small.campaignName).toBe('智能制造线上研讨会');
    expectError(await sales.client.post('/api/v1/opportunities', { customerId: other.id, name: 'x', amountFen: 1, campaignId: '00000000-0000-4000-8000-000000000000' }), 400, 'VALIDATION_FAILED', ['campaignId']);
    const plain = await created(await sales.client.post('/api/v1/opportunities', { customerId: converted.customerId, name: '无来源', amountFen: 1, campaignId: null }));
    expect(plain.campaignId).toBeNull();

    // A day later the customer's contact attends the webinar; the next day the deal is won.
    h.clock.advance(DAY);
    await sales.client.login(sales.username, USER_PASSWORD);
    await marketer.client.login(marketer.username, USER_PASSWORD);
    admin = await h.admin();
    const addRes = await created(await admin.post(`/api/v1/campaigns/${webinar.id}/members`, { contactIds: [converted.contactId] }), 200);
    expect(addRes.added).toBe(1);
    const member = ((await admin.get(`/api/v1/campaigns/${webinar.id}/members?kind=contact`)).body.items as { id: string }[])[0]!;
    await created(await admin.patch(`/api/v1/campaigns/${webinar.id}/members/${member.id}`, { status: 'attended' }), 200);
    h.clock.advance(DAY);
    await sales.client.login(sales.username, USER_PASSWORD);
    await marketer.client.login(marketer.username, USER_PASSWORD);
    admin = await h.admin();
    await win(sales.client, deal as { id: string; version: number });
    await win(sales.client, small as { id: string; version: number });

    // The admin sees everything: first touch gives the show the big deal, last touch the webinar.
    const report = await created(await admin.get(`/api/v1/campaigns/${expo.id}/report`), 200);
    expect(report.metrics).toMatchObject({
      members: 2,
      leads: 2,
      aLeads: 1,
      convertedLeads: 1,
      customers: 1,
      opportunities: 1,
      wonDeals: 1,
      wonRevenueFen: 180_000_00,
      lastTouchWonDeals: 0,
      lastTouchRevenueFen: 0,
      costFen: 50_000_00,
      budgetFen: 100_000_00,
      costPerLeadFen: 25_000_00,
      costPerCustomerFen: 50_000_00,
      roiFirstTouch: 2.6,
      roiLastTouch: -1,
    });
    expect(report.goalProgress).toEqual({ goal: 'leads', target: 2, reached: 2 });
    const web = await created(await admin.get(`/api/v1/campaigns/${webinar.id}/report`), 200);
    expect(web.metrics).toMatchObject({ leads: 1, customers: 0, opportunities: 1, wonDeals: 1, wonRevenueFen: 20_000_00, lastTouchWonDeals: 2, lastTouchRevenueFen: 200_000_00, costFen: 10_000_00, roiFirstTouch: 1, roiLastTouch: 19, responses: 2 });
    expect(web.metrics.byStatus).toMatchObject({ attended: 1, responded: 1 });

    // The marketer counts only what their scope holds: the lead they registered, no customer or deal of the east team.
    const mine = await created(await marketer.client.get(`/api/v1/campaigns/${expo.id}/report`), 200);
    expect(mine.metrics).toMatchObject({ members: 1, leads: 1, aLeads: 0, customers: 0, opportunities: 0, wonRevenueFen: 0, costFen: 50_000_00, costPerLeadFen: 50_000_00, roiFirstTouch: -1 });

    // The comparison: per campaign, per channel, in total.
    const compared = await created(await admin.get('/api/v1/campaign-reports'), 200);
    expect(compared.campaigns.map((c: { name: string }) => c.name)).toEqual(['智能制造线上研讨会', '2026 上海工博会']);
    expect(compared.total).toMatchObject({ leads: 3, costFen: 60_000_00, wonRevenueFen: 200_000_00, lastTouchRevenueFen: 200_000_00 });
    expect(compared.channels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'trade_show', campaigns: 1, metrics: expect.objectContaining({ leads: 2 }) }),
        expect.objectContaining({ campaigns: 1, metrics: expect.objectContaining({ leads: 1 }) }),
      ]),
    );
    expect(compared.truncated).toBe(false);
    expect((await admin.get('/api/v1/campaign-reports?type=webinar')).body.campaigns.map((c: { name: string }) => c.name)).toEqual(['智能制造线上研讨会']);
    expectError(await admin.get('/api/v1/campaign-reports?type=party'), 400, 'VALIDATION_FAILED', ['type']);

    // The xlsx: headers in Chinese, a row per campaign and the total, amounts in yuan.
    admin.language = 'zh-CN';
    const file = await admin.get('/api/v1/campaign-reports.xlsx');
    admin.language = 'en';
    expect(file.status).toBe(200);
    expect(String(file.headers['content-disposition'])).toContain(encodeURIComponent('营销活动对比'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows = sheet.getSheetValues().slice(1) as unknown[][];
    expect(rows[0]).toEqual(expect.arrayContaining(['活动名称', '线索数', 'ROI %（首次触达）', 'ROI %（末次触达）']));
    const headers = rows[0]!;
    const expoRow = rows.find((r) => r[headers.indexOf('活动名称')] === '2026 上海工博会')!;
    expect(expoRow[headers.indexOf('实际费用')]).toBe(50_000);
    expect(expoRow[headers.indexOf('ROI %（首次触达）')]).toBe(260);
    expect(expoRow[headers.indexOf('活动类型')]).toBe('展会');
    expect(rows.at(-1)?.[headers.indexOf('活动名称')]).toBe('合计');
  });

  it('refuse callers without the campaigns’ permissions or outside the campaign’s scope', async () => {
    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const outsider = await h.createUser({ role: 'marketing', departmentId: await h.createDepartment('品牌部') });
    const sales = await h.createUser({ role: 'sales', departmentId: eastDept });
    const c = await created(await marketer.client.post('/api/v1/campaigns', { name: '春季促销', type: 'email' }));
    expect((await h.client().get(`/api/v1/campaigns/${c.id}/report`)).status).toBe(401);
    expectError(await sales.client.get(`/api/v1/campaigns/${c.id}/report`), 403, 'FORBIDDEN');
    expectError(await sales.client.get('/api/v1/campaign-reports'), 403, 'FORBIDDEN');
    expectError(await outsider.client.get(`/api/v1/campaigns/${c.id}/report`), 404, 'NOT_FOUND');
    expect((await outsider.client.get('/api/v1/campaign-reports')).body.campaigns.map((x: { id: string }) => x.id)).not.toContain(c.id);
    // A manager reads reports but may not export them.
    const manager = await h.createUser({ role: 'manager', departmentId: marketingDept });
    expect((await manager.client.get(`/api/v1/campaigns/${c.id}/report`)).status).toBe(200);
    expectError(await manager.client.get('/api/v1/campaign-reports.xlsx'), 403, 'FORBIDDEN');
  });
});
