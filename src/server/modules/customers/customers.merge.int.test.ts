import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { CUSTOMER_CHILDREN } from './customers.merge.queries.ts';

let h: Harness;
let admin: Client;
let dept: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  dept = await h.createDepartment('华中大区');
});
afterAll(async () => h.close());

describe('merging customers', () => {
  it('knows every table that points at a customer (a new child table must be listed)', async () => {
    const fks = await h.database.pool.query<{ table: string; column: string }>(`
      select c.conrelid::regclass::text as table, a.attname as column
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.contype = 'f' and c.confrelid = 'customers'::regclass and c.conrelid <> 'customers'::regclass`);
    const listed = CUSTOMER_CHILDREN.map((c) => `${c.table}.${c.column}`).sort();
    expect(fks.rows.map((r) => `${r.table}.${r.column}`).sort()).toEqual(listed);
  });

  it('keeps the chosen values, moves contacts, tags, collaborators and leads, and leaves a tombstone', async () => {
    const mgr = await h.createUser({ role: 'manager', departmentId: dept });
    const sales = await h.createUser({ role: 'sales', departmentId: dept });
    const vip = (await admin.post('/api/v1/tags', { name: '重点', color: 'red' })).body;
    const new_ = (await admin.post('/api/v1/tags', { name: '新客', color: 'green' })).body;
    const a = (await mgr.client.post('/api/v1/customers', { name: '武汉光谷激光有限公司', needs: '激光切割', tagIds: [vip.id] })).body;
    const b = (
      await mgr.client.post('/api/v1/customers', {
        name: '武汉光谷激光技术股份有限公司',
        creditCode: '91350100M000100Y43',
        stage: 'intent',
        budgetNotes: '预算 80 万',
        tagIds: [vip.id, new_.id],
        collaboratorIds: [sales.id],
        force: true,
        forceReason: '待确认是否同一家',
      })
    ).body;
    await mgr.client.post(`/api/v1/customers/${a.id}/contacts`, { name: '甲联系人' });
    await mgr.client.post(`/api/v1/customers/${b.id}/contacts`, { name: '乙联系人', phones: ['13912340000'] });

    const merged = await mgr.client.post('/api/v1/customers/merge', {
      survivorId: a.id,
      mergedId: b.id,
      take: { creditCode: 'merged', stage: 'merged', budgetNotes: 'merged', needs: 'survivor' },
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: a.id, number: a.number, name: '武汉光谷激光有限公司', creditCode: '91350100M000100Y43', stage: 'intent', needs: '激光切割', budgetNotes: '预算 80 万' });
    expect(merged.body.tags.map((t: { name: string }) => t.name).sort()).toEqual(['新客', '重点']);
    expect(merged.body.collaboratorIds).toEqual([sales.id]);
    const contacts = (await mgr.client.get(`/api/v1/customers/${a.id}/contacts`)).body.items.map((c: { name: string }) => c.name).sort();
    expect(contacts).toEqual(['乙联系人', '甲联系人']);
    // The merged one is gone from lists, but kept as a tombstone pointing to the survivor.
    const gone = await mgr.client.get(`/api/v1/customers/${b.id}`);
    expect(gone.status).toBe(404);
    // Those who could see it learn where it went; others do not learn it existed.
    expect(gone.body.error).toMatchObject({ code: 'NOT_FOUND', mergedIntoId: a.id, message: 'This customer was merged into another customer' });
    const outsider = await h.createUser({ role: 'manager', departmentId: await h.createDepartment('华南大区') });
    const hidden = await outsider.client.get(`/api/v1/customers/${b.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.mergedIntoId).toBeUndefined();
    const tomb = await h.database.pool.query('select merged_into_id, deleted_at from customers where id = $1', [b.id]);
    expect(tomb.rows[0].merged_into_id).toBe(a.id);
    // A tombstone is deleted too, and the database holds it so (the lists rely on it: they leave
    // merged records out by `deleted_at is null`, which their partial indexes imply).
    expect(tomb.rows[0].deleted_at).toBeInstanceOf(Date);
    await expect(h.database.pool.query('update customers set deleted_at = null where id = $1', [b.id])).rejects.toThrow(/customers_merged_deleted_ck/);
    // Found by its phone, the contact now leads to the survivor.
    const dup = await mgr.client.post('/api/v1/customers/duplicate-check', { phone: '13912340000' });
    expect(dup.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const log = (await admin.get(`/api/v1/audit-log?entityId=${a.id}&action=update`)).body.items[0];
    expect(log.changes.mergedFrom).toEqual([null, `${b.number} 武汉光谷激光技术股份有限公司`]);
    expect(log.changes.budgetNotes).toEqual([null, '***']);
  });

  it('needs both records in scope and the rights to update and delete', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: dept });
    const other = await h.createUser({ role: 'sales', departmentId: dept });
    const mine = (await s.client.post('/api/v1/customers', { name: '长沙岳麓软件有限公司' })).body;
    const theirs = (await other.client.post('/api/v1/customers', { name: '株洲轨道配件有限公司' })).body;
    expect((await s.client.post('/api/v1/customers/merge', { survivorId: mine.id, mergedId: theirs.id })).status).toBe(403); // sales may not delete
    const mgr = await h.createUser({ role: 'manager', departmentId: await h.createDepartment('别的部门') });
    expect((await mgr.client.post('/api/v1/customers/merge', { survivorId: mine.id, mergedId: theirs.id })).status).toBe(404);
    expect((await admin.post('/api/v1/customers/merge', { survivorId: mine.id, mergedId: mine.id })).status).toBe(422);
  });
});
