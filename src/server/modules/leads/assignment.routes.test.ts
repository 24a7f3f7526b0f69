import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let sales: string;
let east: string;
let north: string;
let marketing: { id: string; client: Client };
const yes = { needMatch: 'yes', budget: 'yes', authority: 'yes' };

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  sales = await h.createDepartment('销售部');
  east = await h.createDepartment('华东组', sales);
  north = await h.createDepartment('华北组', sales);
  marketing = await h.createUser({ role: 'marketing', departmentId: sales });
});
afterAll(async () => h.close());

async function newLead(body: Record<string, unknown>) {
  const res = await marketing.client.post('/api/v1/leads', { channel: 'website', criteria: yes, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.lead;
}

async function ownerOf(id: string): Promise<string | null> {
  return (await admin.get(`/api/v1/leads/${id}`)).body.ownerId;
}

describe('assignment rules', () => {
  it('are managed by those who assign leads, validated, and audited', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    expectError(await s.client.get('/api/v1/lead-assignment-rules'), 403, 'FORBIDDEN');
    expectError(await s.client.post('/api/v1/lead-assignment-rules', { name: 'x', departmentId: east }), 403, 'FORBIDDEN');

    const stranger = await h.createUser({ role: 'sales', departmentId: north });
    const bad = await admin.post('/api/v1/lead-assignment-rules', { name: '华东制造', departmentId: east, memberIds: [stranger.id], industryCodes: ['NOPE'] });
    expectError(bad, 400, 'VALIDATION_FAILED', ['industryCodes', 'memberIds']);
    const lang = await admin.post('/api/v1/lead-assignment-rules', { name: '', departmentId: 'x' });
    expectError(lang, 400, 'VALIDATION_FAILED', ['departmentId', 'name']);

    const created = await admin.post('/api/v1/lead-assignment-rules', { name: '华东制造', departmentId: east, regions: ['east'], industryCodes: ['MANU'], memberIds: [s.id], priority: 5 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '华东制造', departmentName: '华东组', regions: ['east'], memberIds: [s.id], nextMemberId: s.id, active: true });
    const renamed = await admin.patch(`/api/v1/lead-assignment-rules/${created.body.id}`, { version: created.body.version, name: '华东制造业' });
    expect(renamed.body.name).toBe('华东制造业');
    expectError(await admin.patch(`/api/v1/lead-assignment-rules/${created.body.id}`, { version: 1, name: 'stale' }), 409, 'VERSION_CONFLICT');

    // A manager of another department neither sees nor changes it.
    const mgr = await h.createUser({ role: 'manager', departmentId: north });
    expect((await mgr.client.get('/api/v1/lead-assignment-rules')).body.items).toEqual([]);
    expectError(await mgr.client.patch(`/api/v1/lead-assignment-rules/${created.body.id}`, { version: 2, active: false }), 404, 'NOT_FOUND');

    expect((await admin.delete(`/api/v1/lead-assignment-rules/${created.body.id}`)).status).toBe(200);
    expect((await admin.get('/api/v1/lead-assignment-rules')).body.items.map((r: { id: string }) => r.id)).not.toContain(created.body.id);
    const log = await auditOf(admin, created.body.id);
    expect(log.map((e) => e.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('hand matching leads round the team in turn, skip whoever cannot take them, and tell the new owner', async () => {
    const dept = await h.createDepartment('华南组', sales);
    const a = await h.createUser({ role: 'sales', departmentId: dept, username: 'rr_a' });
    const b = await h.createUser({ role: 'sales', departmentId: dept, username: 'rr_b' });
    const c = await h.createUser({ role: 'sales', departmentId: dept, username: 'rr_c' });
    const rule = (await admin.post('/api/v1/lead-assignment-rules', { name: '华南 IT', departmentId: dept, regions: ['south'], industryCodes: ['IT'], priority: 1 })).body;
    expect(rule.memberIds).toEqual([]); // the whole department, in username order
    expect(rule.nextMemberId).toBe(a.id);

    const owners: (string | null)[] = [];
    for (let i = 0; i < 4; i++) owners.push((await newLead({ contactName: `轮询${i}`, phone: `1380000100${i}`, provinceCode: '440000', industryCode: 'IT' })).ownerId);
    expect(owners).toEqual([a.id, b.id, c.id, a.id]);

    // Not matching (another region), a C lead (nurture), and an explicit owner are left alone.
    expect((await newLead({ contactName: '北方客户', phone: '13800002000', provinceCode: '110000', industryCode: 'IT' })).ownerId).toBeNull();
    const cLead = await newLead({ contactName: '低意向', phone: '13800002001', provinceCode: '440000', industryCode: 'IT', criteria: { needMatch: 'no' } });
    expect(cLead).toMatchObject({ ownerId: null, grade: 'C', status: 'nurture' });

    // b is disabled: the turn passes over b.
    const users = await admin.get(`/api/v1/users/${b.id}`);
    expect((await admin.patch(`/api/v1/users/${b.id}`, { version: users.body.version, status: 'disabled' })).status).toBe(200);
    const next = await newLead({ contactName: '跳过', phone: '13800002002', provinceCode: '440000', industryCode: 'IT' });
    expect(next).toMatchObject({ ownerId: c.id, status: 'assigned', departmentId: dept });

    const log = await auditOf(admin, next.id);
    expect(log[0]?.changes).toMatchObject({ assignmentRule: [null, '华南 IT'] });
    const inbox = (await c.client.get('/api/v1/notifications')).body.items;
    expect(inbox[0]).toMatchObject({ kind: 'lead.assigned', entityType: 'lead', entityId: next.id, params: { number: next.number, by: '华南 IT', grade: 'A' } });
    expect((await c.client.get('/api/v1/notifications/unread-count')).body.unread).toBe(2);
  });

  it('take strict turns under concurrent leads', async () => {
    const dept = await h.createDepartment('西南组', sales);
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const b = await h.createUser({ role: 'sales', departmentId: dept });
    await admin.post('/api/v1/lead-assignment-rules', { name: '西南', departmentId: dept, regions: ['southwest'], memberIds: [a.id, b.id], priority: 2 });
    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => newLead({ contactName: `并发${i}`, phone: `1390000300${i}`, provinceCode: '510000' })));
    const counts = new Map<string, number>();
    for (const l of made) counts.set(l.ownerId, (counts.get(l.ownerId) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ [a.id]: 4, [b.id]: 4 });
  });

  it('assign an existing unassigned lead on request, by priority, and say so when no rule matches', async () => {
    const dept = await h.createDepartment('西北组', sales);
    const first = await h.createUser({ role: 'sales', departmentId: dept });
    const catchAll = await h.createUser({ role: 'sales', departmentId: dept });
    const lead = await newLead({ contactName: '手动触发', phone: '13800004000', region: 'northwest', industryCode: 'RETL' });
    expect(lead.ownerId).toBeNull();
    expectError(await admin.post(`/api/v1/leads/${lead.id}/auto-assign`), 422, 'BUSINESS_RULE');

    await admin.post('/api/v1/lead-assignment-rules', { name: '兜底', departmentId: dept, memberIds: [catchAll.id], priority: 900 });
    await admin.post('/api/v1/lead-assignment-rules', { name: '西北零售', departmentId: dept, regions: ['northwest'], industryCodes: ['RETL'], memberIds: [first.id], priority: 3 });
    const res = await admin.post(`/api/v1/leads/${lead.id}/auto-assign`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ assigned: true, lead: { ownerId: first.id, status: 'assigned' } });
    expectError(await admin.post(`/api/v1/leads/${lead.id}/auto-assign`), 422, 'BUSINESS_RULE');
    expect(await ownerOf(lead.id)).toBe(first.id);

    // The catch-all takes what the specific rule does not match.
    expect((await newLead({ contactName: '别的行业', phone: '13800004001', region: 'northwest', industryCode: 'MANU' })).ownerId).toBe(catchAll.id);
  });

  it('records province, region and industry on the lead and rejects unknown ones', async () => {
    const lead = await newLead({ contactName: '地区', phone: '13800005000', provinceCode: '310000', industryCode: 'MANU', criteria: { needMatch: 'no' } });
    expect(lead).toMatchObject({ provinceCode: '310000', region: 'east', industryCode: 'MANU' });
    const bad = await marketing.client.post('/api/v1/leads', { channel: 'website', contactName: '错', provinceCode: '990000', industryCode: 'NOPE' });
    expectError(bad, 400, 'VALIDATION_FAILED', ['industryCode', 'provinceCode']);
  });
});
