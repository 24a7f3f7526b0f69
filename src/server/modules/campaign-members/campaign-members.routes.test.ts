import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let marketingDept: string;
let eastDept: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  marketingDept = await h.createDepartment('市场部');
  eastDept = await h.createDepartment('华东销售部');
});
afterAll(async () => h.close());

async function created(res: { status: number; body: Record<string, unknown> }, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Record<string, any>;
}

async function customerWithContact(client: Client, name: string, contact: string) {
  const customer = await created(await client.post('/api/v1/customers', { name }));
  const c = await created(await client.post(`/api/v1/customers/${customer.id}/contacts`, { name: contact }));
  return { customerId: customer.id as string, contactId: c.id as string };
}

const members = async (client: Client, campaignId: string, query = '') => (await client.get(`/api/v1/campaigns/${campaignId}/members${query}`)).body.items as { id: string; kind: string; name: string; companyName: string | null; status: string; source: string; leadId: string | null; contactId: string | null }[];

describe('campaign members', () => {
  it('are the contacts and leads in the marketer’s scope, added by hand or joined by the leads themselves', async () => {
    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const ownSales = await h.createUser({ role: 'sales', departmentId: marketingDept });
    const farSales = await h.createUser({ role: 'sales', departmentId: eastDept });
    const outsiderDept = await h.createDepartment('品牌部');
    const outsider = await h.createUser({ role: 'marketing', departmentId: outsiderDept });
    const campaign = await created(await marketer.client.post('/api/v1/campaigns', { name: '2026 苏州智能制造展', type: 'trade_show' }));
    const cid = campaign.id as string;

    const near = await customerWithContact(ownSales.client, '苏州精工机械有限公司', '周工');
    const far = await customerWithContact(farSales.client, '杭州远景科技有限公司', '吴总');

    // Refusals: no session, no permission, outside the campaign's scope, bad ids.
    expect((await h.client().get(`/api/v1/campaigns/${cid}/members`)).status).toBe(401);
    expectError(await ownSales.client.get(`/api/v1/campaigns/${cid}/members`), 403, 'FORBIDDEN');
    expectError(await outsider.client.get(`/api/v1/campaigns/${cid}/members`), 404, 'NOT_FOUND');
    expectError(await outsider.client.post(`/api/v1/campaigns/${cid}/members`, { contactIds: [near.contactId] }), 404, 'NOT_FOUND');
    expectError(await marketer.client.post(`/api/v1/campaigns/${cid}/members`, { contactIds: ['x'] }), 400, 'VALIDATION_FAILED', ['contactIds.0']);
    expectError(await marketer.client.post(`/api/v1/campaigns/${cid}/members`, { contactIds: [], status: 'bored' }), 400, 'VALIDATION_FAILED', ['status']);

    // A contact out of the marketer's scope is counted, not added and not named.
    const added = await created(await marketer.client.post(`/api/v1/campaigns/${cid}/members`, { contactIds: [near.contactId, far.contactId, near.contactId] }), 200);
    expect(added).toEqual({ added: 1, alreadyMembers: 0, notVisible: 1 });
    expect(await created(await marketer.client.post(`/api/v1/campaigns/${cid}/members`, { contactIds: [near.contactId] }), 200)).toEqual({ added: 0, alreadyMembers: 1, notVisible: 0 });

    // A salesperson registers a lead from the show, naming the campaign (whose budget they cannot see).
    const options = (await ownSales.client.get('/api/v1/campaign-options')).body.items as { id: string }[];
    expect(options.map((o) => o.id)).toContain(cid);
    const registered = await created(await ownSales.client.post('/api/v1/leads', { channel: 'trade_show', sourceDetail: '苏州智能制造展 A3 展位', contactName: '郑经理', companyName: '无锡新锐自动化有限公司', phone: '13812340001', campaignId: cid }));
    const lead = registered.lead;
    expect(lead).toMatchObject({ campaignId: cid, campaignName: '2026 苏州智能制造展' });
    expect(lead.sources).toEqual([expect.objectContaining({ channel: 'trade_show', campaignId: cid })]);
    // A lead of another department's salesperson, in the same campaign, is a member the marketer does not see.
    await created(await farSales.client.post('/api/v1/leads', { channel: 'trade_show', contactName: '陈女士', phone: '13812340002', campaignId: cid }));

    const list = await members(marketer.client, cid);
    expect(list.map((m) => [m.kind, m.name, m.companyName, m.status, m.source])).toEqual([
      ['lead', '郑经理', '无锡新锐自动化有限公司', 'responded', 'lead'],
      ['contact', '周工', '苏州精工机械有限公司', 'added', 'manual'],
    ]);
    expect((await marketer.client.get(`/api/v1/campaigns/${cid}/members/summary`)).body).toMatchObject({ total: 2, contacts: 1, leads: 1, byStatus: { added: 1, responded: 1, registered: 0 } });
    // The admin sees the other department's lead too.
    expect((await admin.get(`/api/v1/campaigns/${cid}/members/summary`)).body.total).toBe(3);
    expect((await members(marketer.client, cid, '?kind=contact')).map((m) => m.name)).toEqual(['周工']);
    expect((await members(marketer.client, cid, `?q=${encodeURIComponent('无锡')}`)).map((m) => m.name)).toEqual(['郑经理']);
    // The lead list filters by campaign.
    expect(((await marketer.client.get(`/api/v1/leads?campaignId=${cid}`)).body.items as { id: string }[]).map((l) => l.id)).toEqual([lead.id]);

    // A response set by hand, audited; a member of another campaign is not reached through this one.
    const contactMember = list[1]!;
    const set = await created(await marketer.client.patch(`/api/v1/campaigns/${cid}/members/${contactMember.id}`, { status: 'registered' }), 200);
    expect(set).toMatchObject({ status: 'registered', kind: 'contact' });
    expect((await auditOf(admin, contactMember.id)).map((a) => [a.action, a.changes])).toEqual([
      ['update', { status: ['added', 'registered'] }],
      ['create', expect.anything()],
    ]);
    const other = await created(await marketer.client.post('/api/v1/campaigns', { name: '秋季答谢会', type: 'offline_event' }));
    expectError(await marketer.client.patch(`/api/v1/campaigns/${other.id}/members/${contactMember.id}`, { status: 'attended' }), 404, 'NOT_FOUND');
    expect((await marketer.client.delete(`/api/v1/campaigns/${cid}/members/${contactMember.id}`)).status).toBe(200);
    expect((await members(marketer.client, cid)).map((m) => m.name)).toEqual(['郑经理']);
    // A campaign with leads is history: cancelled, not deleted.
    expectError(await marketer.client.delete(`/api/v1/campaigns/${cid}`), 422, 'BUSINESS_RULE');
  });

  it('follow the lead: a second campaign of the same prospect adds a source and a membership, conversion marks them 已转化', async () => {
    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const expo = await created(await marketer.client.post('/api/v1/campaigns', { name: '春季工博会', type: 'trade_show' }));
    const webinar = await created(await marketer.client.post('/api/v1/campaigns', { name: 'MES 线上研讨会', type: 'webinar' }));
    const cancelled = await created(await marketer.client.post('/api/v1/campaigns', { name: '取消的沙龙', type: 'offline_event' }));
    await marketer.client.post(`/api/v1/campaigns/${cancelled.id}/status`, { version: cancelled.version, status: 'cancelled' });
    const prospect = { contactName: '钱工', companyName: '常州联合精密有限公司', phone: '13912345678', criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' } };

    // A cancelled or unknown campaign cannot be named.
    expectError(await marketer.client.post('/api/v1/leads', { ...prospect, channel: 'trade_show', campaignId: cancelled.id }), 400, 'VALIDATION_FAILED', ['campaignId']);
    expectError(await marketer.client.post('/api/v1/leads', { ...prospect, channel: 'trade_show', campaignId: '0190a000-0000-7000-8000-000000000099' }), 400, 'VALIDATION_FAILED', ['campaignId']);

    const first = (await created(await marketer.client.post('/api/v1/leads', { ...prospect, channel: 'trade_show', sourceDetail: '春季工博会', campaignId: expo.id, ownerId: marketer.id }))).lead;
    const again = await created(await marketer.client.post('/api/v1/leads', { ...prospect, channel: 'website', campaignId: webinar.id }), 200);
    expect(again.merged).toBe(true);
    // First touch stays the lead's campaign; each source keeps its own.
    expect(again.lead).toMatchObject({ id: first.id, campaignId: expo.id, campaignName: '春季工博会' });
    expect(again.lead.sources.map((s: { channel: string; campaignId: string | null }) => [s.channel, s.campaignId])).toEqual([
      ['trade_show', expo.id],
      ['website', webinar.id],
    ]);
    expect((await members(marketer.client, webinar.id)).map((m) => [m.leadId, m.status])).toEqual([[first.id, 'responded']]);
    // The lead's page names every source's campaign.
    const page = await created(await marketer.client.get(`/api/v1/leads/${first.id}`), 200);
    expect(page.sources.map((s: { campaignName: string | null }) => s.campaignName)).toEqual(['春季工博会', 'MES 线上研讨会']);

    // Moving the lead to another campaign by hand adds that membership and keeps the old one.
    const moved = await created(await marketer.client.patch(`/api/v1/leads/${first.id}`, { version: again.lead.version, campaignId: webinar.id }), 200);
    expect(moved).toMatchObject({ campaignId: webinar.id, campaignName: 'MES 线上研讨会' });
    expect(moved.sources[0].campaignId).toBe(webinar.id);
    expectError(await marketer.client.patch(`/api/v1/leads/${first.id}`, { version: moved.version, campaignId: cancelled.id }), 400, 'VALIDATION_FAILED', ['campaignId']);

    // Conversion: every membership of the lead becomes 已转化.
    const contacted = await created(await marketer.client.patch(`/api/v1/leads/${first.id}`, { version: moved.version, status: 'contacted' }), 200);
    const qualified = await created(await marketer.client.patch(`/api/v1/leads/${first.id}`, { version: contacted.version, status: 'qualified' }), 200);
    // Marketing hands over; a manager (here the admin) converts.
    await created(await admin.post(`/api/v1/leads/${first.id}/convert`, { version: qualified.version }), 200);
    expect((await members(marketer.client, expo.id)).map((m) => m.status)).toEqual(['converted']);
    expect((await members(marketer.client, webinar.id)).map((m) => m.status)).toEqual(['converted']);
    expect((await marketer.client.get(`/api/v1/campaigns/${expo.id}/members/summary`)).body.byStatus.converted).toBe(1);
  });

  it('are added from a segment in the marketer’s scope: a customers segment gives their primary contacts, a leads segment its leads', async () => {
    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const ownSales = await h.createUser({ role: 'sales', departmentId: marketingDept });
    const farSales = await h.createUser({ role: 'sales', departmentId: eastDept });
    const campaign = await created(await marketer.client.post('/api/v1/campaigns', { name: '华东制造业客户答谢会', type: 'offline_event' }));
    const mk = async (client: Client, name: string) => {
      const c = await created(await client.post('/api/v1/customers', { name, industryCode: 'MANU' }));
      await created(await client.post(`/api/v1/customers/${c.id}/contacts`, { name: `${name.slice(0, 2)}总`, isPrimary: true }));
      await created(await client.post(`/api/v1/customers/${c.id}/contacts`, { name: `${name.slice(0, 2)}工` }));
      return c.id as string;
    };
    await mk(ownSales.client, '昆山鼎盛精密有限公司');
    await mk(ownSales.client, '太仓华力机械有限公司');
    await mk(farSales.client, '宁波远航机械有限公司');
    const segment = await created(await marketer.client.post('/api/v1/segments', { name: '制造业客户', entity: 'customer', definition: { match: 'all', conditions: [{ field: 'industryCode', op: 'in', value: ['MANU'] }] } }));
    expectError(await marketer.client.post(`/api/v1/campaigns/${campaign.id}/members/from-segment`, { segmentId: '0190a000-0000-7000-8000-000000000042' }), 400, 'VALIDATION_FAILED', ['segmentId']);
    const added = await created(await marketer.client.post(`/api/v1/campaigns/${campaign.id}/members/from-segment`, { segmentId: segment.id, status: 'sent' }), 200);
    // Two customers in scope, their primary contacts; the other department's customer is not in the marketer's segment.
    expect(added).toEqual({ added: 2, alreadyMembers: 0, notVisible: 0 });
    expect((await members(marketer.client, campaign.id)).map((m) => [m.name, m.status, m.source]).sort()).toEqual([
      ['太仓总', 'sent', 'segment'],
      ['昆山总', 'sent', 'segment'],
    ]);
    const all = await created(await marketer.client.post(`/api/v1/campaigns/${campaign.id}/members/from-segment`, { segmentId: segment.id, contacts: 'all' }), 200);
    expect(all).toEqual({ added: 2, alreadyMembers: 2, notVisible: 0 });
    expect((await auditOf(admin, campaign.id)).find((a) => a.entityType === 'campaign_member')?.entityLabel).toBe('华东制造业客户答谢会 ← 制造业客户');

    // A segment of leads adds its leads.
    await created(await marketer.client.post('/api/v1/leads', { channel: 'website', contactName: '马经理', companyName: '嘉兴新材料有限公司', phone: '13812348888' }));
    const leadsSegment = await created(await marketer.client.post('/api/v1/segments', { name: '官网线索', entity: 'lead', definition: { match: 'all', conditions: [{ field: 'channel', op: 'in', value: ['website'] }] } }));
    const fromLeads = await created(await marketer.client.post(`/api/v1/campaigns/${campaign.id}/members/from-segment`, { segmentId: leadsSegment.id }), 200);
    expect(fromLeads.added).toBeGreaterThanOrEqual(1);
    expect((await members(marketer.client, campaign.id, '?kind=lead')).map((m) => m.name)).toContain('马经理');
  });
});
