import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditOf, createRole, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { bulkRunJob } from './bulk.jobs.ts';

// A small sync limit: 3 records run in the request, 4 or more as a job (500 in production).
const SYNC_LIMIT = 3;

let h: Harness;
let admin: Client;
let east: string;
let west: string;
/** Jobs the API enqueued; the tests run them by calling the handler, as other job tests do. */
let sent: { jobId: string }[] = [];

beforeAll(async () => {
  h = await createHarness({ BULK_SYNC_LIMIT: String(SYNC_LIMIT) });
  h.deps.jobs = {
    send: async (_job, data) => {
      sent.push(data as { jobId: string });
      return 'job-id';
    },
  };
  admin = await h.admin();
  east = await h.createDepartment('华东销售部');
  west = await h.createDepartment('西南销售部');
});
afterAll(async () => h.close());
beforeEach(() => {
  sent = [];
});

async function runQueued(): Promise<void> {
  for (const data of sent) await bulkRunJob.handler(h.deps, data, { jobId: 't', runKey: null, attempt: 1, signal: new AbortController().signal });
}

async function customer(name: string, ownerId: string | null, extra: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
  const res = await admin.post('/api/v1/customers', { name, ownerId, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function ownerOf(id: string): Promise<string | null> {
  return (await admin.get(`/api/v1/customers/${id}`)).body.ownerId;
}

/** One's notifications, kind and params only. */
async function bell(client: Client) {
  const items = (await client.get('/api/v1/notifications')).body.items as { kind: string; params: Record<string, unknown> }[];
  return items.map((n) => ({ kind: n.kind, params: n.params }));
}

describe('bulk actions on customers', () => {
  it('needs a login, the single action’s permission, and exactly one selection', async () => {
    const sales = await h.createUser({ role: 'sales', departmentId: east });
    const mine = await customer('苏州工业园区精密机械有限公司', sales.id);
    expectError(await h.client().post('/api/v1/customers/bulk', { action: 'release', ids: [mine.id] }), 401, 'UNAUTHENTICATED');
    // Transferring needs customer:assign, as transferring one customer does.
    expectError(await sales.client.post('/api/v1/customers/bulk', { action: 'transfer', ownerId: sales.id, ids: [mine.id] }), 403, 'FORBIDDEN');
    expectError(await sales.client.post('/api/v1/customers/bulk', { action: 'release' }), 400, 'VALIDATION_FAILED', ['ids']);
    expectError(await sales.client.post('/api/v1/customers/bulk', { action: 'release', ids: [mine.id], filter: {} }), 400, 'VALIDATION_FAILED', ['ids']);
    expectError(await sales.client.post('/api/v1/customers/bulk', { action: 'setStage', stage: 'won', ids: [mine.id] }), 400, 'VALIDATION_FAILED', ['stage']);
    expectError(await sales.client.post('/api/v1/customers/bulk', { action: 'addTag', tagId: crypto.randomUUID(), ids: [mine.id] }), 400, 'VALIDATION_FAILED', ['tagId']);
    const zh = h.client();
    zh.cookie = sales.client.cookie;
    zh.csrf = sales.client.csrf;
    zh.language = 'zh-CN';
    const res = await zh.post('/api/v1/customers/bulk', { action: 'release' });
    expect(res.body.error.details[0].message).toBe('请提供所选记录的 ids 或列表的筛选条件（二选一）');
  });

  it('a salesperson’s bulk transfer skips another’s customer, counts it, and changes only their own (audited per record)', async () => {
    // A salesperson (own data scope) whose role may transfer customers.
    const roleId = await createRole(admin, ['customer:read', 'customer:update', 'customer:assign', 'user:read'], 'own');
    const rep = await h.createUser({ role: roleId, departmentId: east });
    const colleague = await h.createUser({ role: 'sales', departmentId: east });
    const other = await h.createUser({ role: 'sales', departmentId: east });
    const mine = await customer('杭州西湖智能科技有限公司', rep.id);
    const theirs = await customer('宁波北仑港口物流有限公司', other.id);

    const res = await rep.client.post('/api/v1/customers/bulk', { action: 'transfer', ownerId: colleague.id, ids: [mine.id, theirs.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: null, status: 'done', total: 2, processed: 2, done: 1, skipped: 1 });
    expect(res.body.reasons).toEqual([{ reason: 'bulk.outOfScope', message: 'Not in your data scope, or deleted', count: 1 }]);
    expect(await ownerOf(mine.id)).toBe(colleague.id);
    expect(await ownerOf(theirs.id)).toBe(other.id);

    const trail = await auditOf(admin, mine.id);
    expect(trail[0]).toMatchObject({ actorId: rep.id, action: 'update', changes: { owner: [`${rep.username} 用户`, `${colleague.username} 用户`] } });
    expect((await auditOf(admin, theirs.id)).filter((e) => e.actorId === rep.id)).toEqual([]);
    // The new owner hears of it once, with the count and a link to their customers.
    expect(await bell(colleague.client)).toEqual([{ kind: 'bulk.customers_assigned', params: { count: 1, by: `${rep.username} 用户`, ownerId: colleague.id } }]);
  });

  it('a manager’s “all matching” acts on the filter’s records within the department, one audit entry each', async () => {
    const manager = await h.createUser({ role: 'manager', departmentId: west });
    const rep = await h.createUser({ role: 'sales', departmentId: west });
    const outsider = await h.createUser({ role: 'sales', departmentId: east });
    const a = await customer('成都高新区云计算有限公司', rep.id, { industryCode: 'IT' });
    const b = await customer('重庆两江新区汽车配件有限公司', rep.id, { industryCode: 'IT' });
    const beyond = await customer('上海浦东新区芯片设计有限公司', outsider.id, { industryCode: 'IT' });
    const filter = { industryCode: 'IT', stage: 'potential' };

    const count = await manager.client.get('/api/v1/customers/bulk/count?industryCode=IT&stage=potential');
    expect(count.body).toEqual({ total: 2 });
    const res = await manager.client.post('/api/v1/customers/bulk', { action: 'setStage', stage: 'intent', filter });
    expect(res.body).toMatchObject({ status: 'done', total: 2, done: 2, skipped: 0, reasons: [] });
    for (const c of [a, b]) {
      expect((await admin.get(`/api/v1/customers/${c.id}`)).body.stage).toBe('intent');
      const [entry] = await auditOf(admin, c.id);
      expect(entry).toMatchObject({ actorId: manager.id, action: 'update', changes: { stage: ['potential', 'intent'] } });
    }
    expect((await admin.get(`/api/v1/customers/${beyond.id}`)).body.stage).toBe('potential');
    // An owner outside the manager's scope is bad input for every record: 400 on the field, nothing changed.
    const refused = await manager.client.post('/api/v1/customers/bulk', { action: 'transfer', ownerId: outsider.id, filter: { industryCode: 'IT' } });
    expectError(refused, 400, 'VALIDATION_FAILED', ['ownerId']);
    expect(await ownerOf(a.id)).toBe(rep.id);
  });

  it('adds and removes a tag, counting customers that already are so', async () => {
    const rep = await h.createUser({ role: 'sales', departmentId: east });
    const tag = (await admin.post('/api/v1/tags', { name: '重点客户', color: 'red' })).body;
    const a = await customer('无锡新吴精工有限公司', rep.id);
    const b = await customer('常州武进机电有限公司', rep.id, { tagIds: [tag.id] });
    const added = await rep.client.post('/api/v1/customers/bulk', { action: 'addTag', tagId: tag.id, ids: [a.id, b.id] });
    expect(added.body).toMatchObject({ done: 1, skipped: 1, reasons: [{ reason: 'bulk.unchanged', count: 1 }] });
    expect((await admin.get(`/api/v1/customers/${a.id}`)).body.tags.map((t: { id: string }) => t.id)).toEqual([tag.id]);
    const removed = await rep.client.post('/api/v1/customers/bulk', { action: 'removeTag', tagId: tag.id, ids: [a.id, b.id] });
    expect(removed.body).toMatchObject({ done: 2, skipped: 0 });
    expect((await admin.get(`/api/v1/customers/${b.id}`)).body.tags).toEqual([]);
  });

  it('releases to the pool by the pool’s rules: one’s own customers, not a colleague’s', async () => {
    const rep = await h.createUser({ role: 'sales', departmentId: east });
    const colleague = await h.createUser({ role: 'sales', departmentId: east });
    const mine = await customer('南京江宁软件有限公司', rep.id);
    const theirs = await customer('合肥高新电子有限公司', colleague.id);
    const res = await rep.client.post('/api/v1/customers/bulk', { action: 'release', ids: [mine.id, theirs.id, mine.id] });
    expect(res.body).toMatchObject({ total: 2, done: 1, skipped: 1 });
    expect(await ownerOf(mine.id)).toBeNull();
    expect(await ownerOf(theirs.id)).toBe(colleague.id);
    const again = await admin.post('/api/v1/customers/bulk', { action: 'release', ids: [mine.id] });
    expect(again.body).toMatchObject({ done: 0, skipped: 1, reasons: [{ reason: 'bulk.alreadyInPool', count: 1 }] });
  });

  it('above the sync limit runs as a job: progress, per-record audit, a notification to its starter', async () => {
    const dept = await h.createDepartment('华南销售部');
    const manager = await h.createUser({ role: 'manager', departmentId: dept });
    const from = await h.createUser({ role: 'sales', departmentId: dept });
    const to = await h.createUser({ role: 'sales', departmentId: dept });
    const names = ['广州天河数码有限公司', '深圳南山通信设备有限公司', '佛山顺德家电制造有限公司', '东莞松山湖机器人有限公司', '珠海横琴贸易有限公司'];
    const ids: string[] = [];
    for (const name of names) ids.push((await customer(name, from.id)).id);

    const res = await manager.client.post('/api/v1/customers/bulk', { action: 'transfer', ownerId: to.id, filter: { ownerId: from.id } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ entity: 'customer', action: 'transfer', status: 'queued', total: 5, processed: 0, done: 0 });
    const jobId = res.body.id as string;
    expect(sent).toEqual([{ jobId }]);
    for (const id of ids) expect(await ownerOf(id)).toBe(from.id);
    // Only its starter sees the job.
    expectError(await to.client.get(`/api/v1/bulk-jobs/${jobId}`), 404, 'NOT_FOUND');

    await runQueued();
    const done = await manager.client.get(`/api/v1/bulk-jobs/${jobId}`);
    expect(done.body).toMatchObject({ status: 'succeeded', total: 5, processed: 5, done: 5, skipped: 0, failure: null });
    expect(done.body.finishedAt).not.toBeNull();
    for (const id of ids) {
      expect(await ownerOf(id)).toBe(to.id);
      expect((await auditOf(admin, id))[0]).toMatchObject({ actorId: manager.id, changes: { owner: [`${from.username} 用户`, `${to.username} 用户`] } });
    }
    const notes = (await manager.client.get('/api/v1/notifications')).body.items as { kind: string; params: Record<string, unknown> }[];
    expect(notes.find((n) => n.kind === 'bulk.customers_done')?.params).toEqual({ total: 5, done: 5, skipped: 0 });
    // One notification for the five, not five.
    expect(await bell(to.client)).toEqual([{ kind: 'bulk.customers_assigned', params: { count: 5, by: `${manager.username} 用户`, ownerId: to.id } }]);

    // Delivered again, a finished job changes nothing.
    await runQueued();
    expect((await manager.client.get(`/api/v1/bulk-jobs/${jobId}`)).body).toMatchObject({ status: 'succeeded', done: 5 });
  });

  it('a job re-checks each record as its starter may act now, and carries on after the last committed batch', async () => {
    const dept = await h.createDepartment('华北销售部');
    const manager = await h.createUser({ role: 'manager', departmentId: dept });
    const rep = await h.createUser({ role: 'sales', departmentId: dept });
    const ids: string[] = [];
    for (const name of ['北京中关村软件有限公司', '天津滨海新区化工有限公司', '石家庄药业有限公司', '太原煤机装备有限公司']) ids.push((await customer(name, rep.id)).id);
    const res = await manager.client.post('/api/v1/customers/bulk', { action: 'setStage', stage: 'lost', ids });
    expect(res.status).toBe(202);
    // Meanwhile one customer leaves the manager's department.
    const elsewhere = await h.createUser({ role: 'sales', departmentId: east });
    const target = ids[2] ?? '';
    const current = (await admin.get(`/api/v1/customers/${target}`)).body;
    expect((await admin.post(`/api/v1/customers/${target}/assign`, { ownerId: elsewhere.id, version: current.version })).status).toBe(200);
    // As if a first delivery had committed one record's batch and then died: the next delivery
    // starts after it (the first record is left as that delivery left it).
    await h.database.pool.query('update bulk_jobs set status = $2, processed = 1, done_count = 1 where id = $1', [res.body.id, 'running']);
    await runQueued();
    const done = await manager.client.get(`/api/v1/bulk-jobs/${res.body.id}`);
    expect(done.body).toMatchObject({ status: 'succeeded', processed: 4, done: 3, skipped: 1, reasons: [{ reason: 'bulk.outOfScope', count: 1 }] });
    expect((await admin.get(`/api/v1/customers/${target}`)).body.stage).toBe('potential');
    expect((await admin.get(`/api/v1/customers/${ids[0] ?? ''}`)).body.stage).toBe('potential');
    expect((await admin.get(`/api/v1/customers/${ids[3] ?? ''}`)).body.stage).toBe('lost');
  });
});

describe('bulk actions on leads', () => {
  it('transfers leads and changes their status by the allowed transitions, skipping the rest with the reason', async () => {
    const dept = await h.createDepartment('华中销售部');
    const manager = await h.createUser({ role: 'manager', departmentId: dept });
    const rep = await h.createUser({ role: 'sales', departmentId: dept });
    const mk = async (contactName: string) => {
      const res = await manager.client.post('/api/v1/leads', { channel: 'trade_show', sourceDetail: '2024 工博会', companyName: `${contactName}的公司`, contactName, ownerId: manager.id });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.lead as { id: string; status: string };
    };
    const a = await mk('钱经理');
    const b = await mk('孙先生');
    const moved = await manager.client.post('/api/v1/leads/bulk', { action: 'transfer', ownerId: rep.id, ids: [a.id, b.id] });
    expect(moved.body).toMatchObject({ entity: 'lead', done: 2, skipped: 0 });
    expect((await rep.client.get(`/api/v1/leads/${a.id}`)).body.ownerId).toBe(rep.id);
    expect((await auditOf(admin, a.id))[0]).toMatchObject({ actorId: manager.id, action: 'update' });
    expect(await bell(rep.client)).toEqual([{ kind: 'bulk.leads_assigned', params: { count: 2, by: `${manager.username} 用户`, ownerId: rep.id } }]);

    // assigned → contacted is allowed; a lead already contacted cannot go to contacted again (unchanged),
    // and assigned → qualified skips a step (refused by the lead's rules).
    const first = await manager.client.post('/api/v1/leads/bulk', { action: 'setStatus', status: 'contacted', ids: [a.id] });
    expect(first.body).toMatchObject({ done: 1 });
    const second = await manager.client.post('/api/v1/leads/bulk', { action: 'setStatus', status: 'qualified', ids: [a.id, b.id] });
    expect(second.body).toMatchObject({ done: 1, skipped: 1 });
    expect(second.body.reasons[0]).toMatchObject({ reason: 'lead.transition', count: 1 });
    expect((await admin.get(`/api/v1/leads/${b.id}`)).body.status).toBe('assigned');
    expectError(await manager.client.post('/api/v1/leads/bulk', { action: 'setStatus', status: 'converted', ids: [a.id] }), 400, 'VALIDATION_FAILED', ['status']);

    const count = await manager.client.get('/api/v1/leads/bulk/count?channel=trade_show');
    expect(count.body.total).toBeGreaterThanOrEqual(2);
    // Salespeople may not assign leads.
    expectError(await rep.client.post('/api/v1/leads/bulk', { action: 'transfer', ownerId: rep.id, ids: [a.id] }), 403, 'FORBIDDEN');
  });
});

describe('export selected', () => {
  it('exports only the selected rows, within the caller’s scope', async () => {
    const rep = await h.createUser({ role: 'sales', departmentId: east });
    const other = await h.createUser({ role: 'sales', departmentId: east });
    const a = await customer('温州鹿城鞋业有限公司', rep.id);
    await customer('嘉兴南湖纺织有限公司', rep.id);
    const theirs = await customer('绍兴柯桥印染有限公司', other.id);
    const res = await rep.client.get(`/api/v1/customers/export?format=csv&ids=${a.id},${theirs.id}`);
    expect(res.status).toBe(200);
    const text = res.raw.body;
    expect(text).toContain('温州鹿城鞋业有限公司');
    expect(text).not.toContain('嘉兴南湖纺织有限公司');
    expect(text).not.toContain('绍兴柯桥印染有限公司');
  });
});
