import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCustomers } from '../../src/server/demo-customers.ts';
import { loadDemoSales } from '../../src/server/demo-sales.ts';
import { DEMO_PASSWORD, loadDemoData } from '../../src/server/demo.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

describe('npm run demo', () => {
  it('loads a Chinese organisation with users in every role, once', async () => {
    const first = await loadDemoData(h.deps);
    expect(first.summary).toContain('8 new users');
    const again = await loadDemoData(h.deps);
    expect(again.summary).toContain('0 new users');

    const admin = await h.admin();
    const departments = (await admin.get('/api/v1/departments')).body.items as { name: string; parentId: string | null; id: string }[];
    const byName = new Map(departments.map((d) => [d.name, d]));
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['总经办', '销售部', '华北大区', '华东大区', '华南大区', '市场部', '客服部']));
    expect(byName.get('华东大区')?.parentId).toBe(byName.get('销售部')?.id);
    expect(departments.filter((d) => d.name === '销售部')).toHaveLength(1);

    const users = (await admin.get('/api/v1/users?limit=50')).body.items as { username: string; roleName: string }[];
    const roles = new Set(users.map((u) => u.roleName));
    expect(roles).toEqual(new Set(['系统管理员', '销售经理', '销售', '客服', '市场']));
  });

  it('lets each demo user log in without a forced password change, within their scope', async () => {
    const manager = h.client();
    const login = await manager.login('zhangwei', DEMO_PASSWORD);
    expect(login.status).toBe(200);
    expect(login.body.mustChangePassword).toBe(false);
    // The 销售部 manager sees the sales department and its regions, not 市场部 or 客服部.
    const seen = ((await manager.get('/api/v1/users?limit=50')).body.items as { username: string }[]).map((u) => u.username).sort();
    expect(seen).toEqual(['chenjing', 'lina', 'liuyang', 'wangfang', 'zhangwei']);

    const sales = h.client();
    expect((await sales.login('wangfang', DEMO_PASSWORD)).status).toBe(200);
    expect((await sales.get('/api/v1/users')).status).toBe(403);
  });
});

describe('npm run demo: customers', () => {
  it('loads customers, contacts, follow-ups and tasks, tags, leads and an assignment rule through the services, once', async () => {
    await loadDemoData(h.deps);
    const summary = await loadDemoCustomers(h.deps);
    expect(summary).toContain('16 customers');
    expect(await loadDemoCustomers(h.deps)).toBe('');

    const sales = h.client();
    expect((await sales.login('wangfang', DEMO_PASSWORD)).status).toBe(200);
    const mine = (await sales.get('/api/v1/customers?limit=50')).body.items as { name: string; number: string; ownerName: string }[];
    expect(mine).toHaveLength(5);
    expect(mine.every((c) => c.ownerName === '王芳' && /^\d{4}-[A-Z]+-\d{3}$/.test(c.number))).toBe(true);
    // Search works on the generated data: pinyin initials and phone digits.
    expect(((await sales.get('/api/v1/customers?q=shhx')).body.items as { name: string }[]).map((c) => c.name)).toEqual(['上海华信精密机械有限公司']);
    expect(((await sales.get('/api/v1/customers?q=12345678')).body.items as { name: string }[]).map((c) => c.name)).toEqual(['上海华信精密机械有限公司']);
    expect((await sales.get('/api/v1/pool/customers')).body.items).toHaveLength(3);
    // Each owned customer has a follow-up with its next step as a task of its owner.
    const followUps = (await sales.get('/api/v1/follow-ups?limit=50')).body.items as { customerName: string; taskId: string | null }[];
    expect(followUps).toHaveLength(5);
    expect(followUps.every((f) => f.taskId !== null)).toBe(true);
    expect((await sales.get('/api/v1/tasks?view=mine')).body.items).toHaveLength(5);

    // The east-China lead went round the 华东大区 team by the rule; the C lead waits in nurture.
    const admin = await h.admin();
    const leads = (await admin.get('/api/v1/leads?limit=50')).body.items as { companyName: string; ownerName: string | null; status: string }[];
    expect(leads).toHaveLength(6);
    const wuxi = leads.find((l) => l.companyName === '无锡太湖精工机械有限公司');
    expect(wuxi?.ownerName).toMatch(/李娜|王芳/);
    expect(leads.find((l) => l.companyName === '郑州中原商贸城有限公司')?.status).toBe('nurture');
  });
});

describe('npm run demo: sales', () => {
  it('loads products and opportunities across the pipeline through the services, once', async () => {
    await loadDemoData(h.deps);
    await loadDemoCustomers(h.deps);
    expect(await loadDemoSales(h.deps)).toContain('6 products, 7 opportunities');
    expect(await loadDemoSales(h.deps)).toBe('');
    const sales = h.client();
    expect((await sales.login('wangfang', DEMO_PASSWORD)).status).toBe(200);
    const board = (await sales.get('/api/v1/opportunities/board')).body as { columns: { stage: { key: string }; items: { name: string; amountFen: number }[] }[] };
    const byStage = Object.fromEntries(board.columns.map((c) => [c.stage.key, c.items.map((i) => i.name)]));
    expect(byStage).toMatchObject({ negotiation: ['二期产线加工中心扩容'], won: ['MES 上线'], proposal: ['设备联网改造'] });
    // 4 × 385,000.00 − 5% = 1,463,000.00 + 13% = 1,653,190.00; maintenance 36,000.00 + 6% = 38,160.00
    expect(board.columns.find((c) => c.stage.key === 'negotiation')?.items[0]?.amountFen).toBe(169_135_000);
  });
});
