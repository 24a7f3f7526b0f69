import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let east: string;
beforeAll(async () => {
  h = await createHarness();
  east = await h.createDepartment('华东大区');
});
afterAll(async () => h.close());

const iso = (ms: number) => new Date(ms).toISOString();

async function all(client: Client, url: string, limit = 10) {
  const seen: { id: string; kind: string; entityType: string; params: Record<string, unknown> }[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: typeof seen; nextCursor: string | null } } = await client.get(`${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return seen;
}

describe('customer timeline', () => {
  it('shows what happened newest first, pages without gaps, filters by kind, and hides other people’s tasks from a collaborator', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const colleague = await h.createUser({ role: 'sales', departmentId: east });
    const stranger = await h.createUser({ role: 'sales', departmentId: east });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const c = (await owner.client.post('/api/v1/customers', { name: '绍兴柯桥纺织印染有限公司', collaboratorIds: [colleague.id] })).body;
    await owner.client.post(`/api/v1/customers/${c.id}/contacts`, { name: '钱总', title: '总经理' });
    const start = h.clock.now().getTime() - 30 * 3_600_000;
    for (let i = 0; i < 12; i++) {
      const res = await owner.client.post('/api/v1/follow-ups', { customerId: c.id, method: i % 2 ? 'phone' : 'visit', happenedAt: iso(start + i * 3_600_000), content: `第 ${i + 1} 次跟进` });
      expect(res.status).toBe(201);
    }
    const task = (await owner.client.post('/api/v1/tasks', { title: '准备合同草稿', dueAt: iso(h.clock.now().getTime() + 86_400_000), customerId: c.id })).body;
    const current = (await owner.client.get(`/api/v1/customers/${c.id}`)).body;
    expect((await owner.client.patch(`/api/v1/customers/${c.id}`, { version: current.version, stage: 'intent' })).status).toBe(200);

    const mine = await all(owner.client, `/api/v1/customers/${c.id}/timeline`);
    expect(mine).toHaveLength(1 + 1 + 12 + 1 + 1);
    expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
    expect(mine[0]).toMatchObject({ kind: 'customer.stage_changed', params: { from: 'potential', to: 'intent' } });
    // Visits logged afterwards go where they happened, before the customer was entered.
    expect(mine.at(-1)).toMatchObject({ kind: 'follow_up.logged', params: { summary: '第 1 次跟进' } });
    expect(mine.map((e) => e.kind)).toContain('customer.created');
    const followUps = mine.filter((e) => e.kind === 'follow_up.logged');
    expect(followUps.map((e) => e.params.summary)).toEqual(Array.from({ length: 12 }, (_, i) => `第 ${12 - i} 次跟进`));

    const filtered = await all(owner.client, `/api/v1/customers/${c.id}/timeline?kinds=task,contact`);
    expect(filtered.map((e) => e.kind).sort()).toEqual(['contact.added', 'task.created']);
    expect(filtered.find((e) => e.kind === 'task.created')).toMatchObject({ entityType: 'task', params: { title: '准备合同草稿' } });

    // The collaborator reads the customer's history but not the owner's own tasks.
    const shared = await all(colleague.client, `/api/v1/customers/${c.id}/timeline`);
    expect(shared.map((e) => e.kind)).not.toContain('task.created');
    expect(shared).toHaveLength(mine.length - 1);
    expect((await colleague.client.get(`/api/v1/tasks/${task.id}`)).status).toBe(404);
    // The manager sees the team's tasks, so also their entries.
    expect((await all(manager.client, `/api/v1/customers/${c.id}/timeline`)).map((e) => e.kind)).toContain('task.created');
    // Someone who cannot see the customer gets nothing, not even that it exists.
    expect((await stranger.client.get(`/api/v1/customers/${c.id}/timeline`)).status).toBe(404);
    expect((await owner.client.get(`/api/v1/customers/${c.id}/timeline?kinds=task%25`)).status).toBe(400);
  });

  it('keeps the lead’s history on the lead and brings it to the customer on conversion', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    let lead = (await s.client.post('/api/v1/leads', { channel: 'referral', companyName: '嘉兴南湖光电有限公司', contactName: '陆经理', ownerId: s.id, criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' } })).body.lead;
    await s.client.post('/api/v1/follow-ups', { leadId: lead.id, method: 'phone', happenedAt: iso(h.clock.now().getTime() - 60_000), content: '首次电话' });
    expect((await all(s.client, `/api/v1/leads/${lead.id}/timeline`)).map((e) => e.kind)).toEqual(['follow_up.logged']);
    lead = (await s.client.get(`/api/v1/leads/${lead.id}`)).body;
    lead = (await s.client.patch(`/api/v1/leads/${lead.id}`, { version: lead.version, status: 'qualified' })).body;
    const converted = (await s.client.post(`/api/v1/leads/${lead.id}/convert`, { version: lead.version })).body;
    const kinds = (await all(s.client, `/api/v1/customers/${converted.customerId}/timeline`)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['lead.converted', 'follow_up.logged', 'customer.created', 'contact.added']));
  });
});
