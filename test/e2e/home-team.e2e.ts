import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, newPage, pageApi, signInFirstTime, signInFirstTimeAs, signOut, snap, startServer, type E2EServer } from './server.ts';

/**
 * A sales manager's home page, in the browser: the 团队概况 cards show their department's figures
 * (A leads past the 24-hour assignment deadline, overdue follow-ups per salesperson, the open
 * pipeline by stage, this month's won amount) and none of the other department's, which has the
 * same kinds of records. A salesperson's home page keeps 我的跟进 and has no team cards.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const MANAGER = { username: 'zhaomin', displayName: '赵敏', initial: 'Initial2026!', next: 'Manager2026!' };
const REP = { username: 'xiaoming', displayName: '王小明', initial: 'Initial2026!', next: 'Sales2026!!' };
const NORTH_REP = { username: 'laoli', displayName: '李大山', initial: 'Initial2026!' };
const yes = { needMatch: 'yes', budget: 'yes', authority: 'yes' };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `home-team-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Moves a record's clock back, for figures that need time to pass (the SLA, the follow-up cadence). */
async function backdate(table: 'leads' | 'customers', id: string, days: number) {
  const at = new Date(Date.now() - days * 86_400_000).toISOString();
  if (table === 'leads') await server.deps.db.execute(sql`update leads set registered_at = ${at}::timestamptz, graded_at = ${at}::timestamptz, created_at = ${at}::timestamptz where id = ${id}`);
  else await server.deps.db.execute(sql`update customers set created_at = ${at}::timestamptz where id = ${id}`);
}

describe('the team figures on a manager’s home page, in the browser', () => {
  it('sets up two departments with the same kinds of records (as the admin, through the API)', async () => {
    await signInFirstTime(page, server, ADMIN_NEW_PASSWORD);
    const east = await pageApi<{ id: string }>(page, 'POST', '/departments', { name: '华东销售一部' });
    const north = await pageApi<{ id: string }>(page, 'POST', '/departments', { name: '华北销售部' });
    const roles = await pageApi<{ items: { id: string; key: string | null }[] }>(page, 'GET', '/roles');
    const roleId = (key: string) => roles.items.find((r) => r.key === key)?.id;
    await pageApi(page, 'POST', '/users', { username: MANAGER.username, displayName: MANAGER.displayName, password: MANAGER.initial, roleId: roleId('manager'), departmentId: east.id });
    const rep = await pageApi<{ id: string }>(page, 'POST', '/users', { username: REP.username, displayName: REP.displayName, password: REP.initial, roleId: roleId('sales'), departmentId: east.id });
    const northRep = await pageApi<{ id: string }>(page, 'POST', '/users', { username: NORTH_REP.username, displayName: NORTH_REP.displayName, password: NORTH_REP.initial, roleId: roleId('sales'), departmentId: north.id });
    const stages = await pageApi<{ items: { id: string; key: string }[] }>(page, 'GET', '/pipeline-stages');
    const stage = (key: string) => stages.items.find((s) => s.key === key)?.id;

    for (const [ownerId, departmentId, suffix] of [[rep.id, east.id, '华东'], [northRep.id, north.id, '华北']] as const) {
      // An A lead registered two days ago and still unassigned, in the department.
      const unassigned = await pageApi<{ lead: { id: string } }>(page, 'POST', '/leads', { channel: 'trade_show', companyName: suffix === '华东' ? '无锡新吴精工有限公司' : '石家庄装备制造有限公司', contactName: '钱经理', criteria: yes });
      await backdate('leads', unassigned.lead.id, 2);
      await server.deps.db.execute(sql`update leads set department_id = ${departmentId} where id = ${unassigned.lead.id}`);
      // The salesperson's own lead and customer, untouched for 40 days.
      const owned = await pageApi<{ lead: { id: string } }>(page, 'POST', '/leads', { channel: 'website', contactName: `${suffix}孙先生`, criteria: yes, ownerId });
      await backdate('leads', owned.lead.id, 40);
      const customer = await pageApi<{ id: string }>(page, 'POST', '/customers', { name: suffix === '华东' ? '宁波北仑港口物流有限公司' : '天津滨海重工集团', ownerId });
      await backdate('customers', customer.id, 40);
      // An open opportunity and one won today.
      await pageApi(page, 'POST', '/opportunities', { customerId: customer.id, name: `${suffix}产线改造`, amountFen: suffix === '华东' ? 12_345_600 : 99_900_000, stageId: stage('proposal'), ownerId });
      await pageApi(page, 'POST', '/opportunities', { customerId: customer.id, name: `${suffix}备件采购`, amountFen: suffix === '华东' ? 880_000 : 55_500_000, stageId: stage('won'), closeReason: '老客户复购', ownerId });
    }
    await signOut(page);
  });

  it('shows the manager their department’s figures only', async () => {
    await signInFirstTimeAs(page, server, MANAGER);
    const team = page.getByTestId('home-team');
    await team.waitFor();
    // Late A leads are counted from the manager's 待分配 queue: both departments' waiting leads,
    // since any lead manager may hand over a waiting lead.
    await expect.poll(() => page.getByTestId('home-team-leads-past-sla').locator('.ant-statistic-content').innerText()).toBe('2');
    expect(await page.getByTestId('home-team-won-month').locator('.ant-statistic-content').innerText()).toBe('¥8,800.00');
    expect(await page.getByTestId('home-team-won-count').innerText()).toBe('共 1 个商机');

    const dueRows = page.getByTestId('home-team-follow-ups-due').locator('tbody tr.ant-table-row');
    await expect.poll(() => dueRows.count()).toBe(1);
    expect(await dueRows.first().innerText()).toMatch(/王小明\s+1\s+1/);

    const proposal = page.getByTestId('home-team-stage-proposal');
    expect(await proposal.getByTestId('stage-amount').innerText()).toBe('¥123,456.00');
    expect(await proposal.getByTestId('stage-count').innerText()).toBe('1 个');
    expect(await page.getByTestId('home-team-stage-negotiation').getByTestId('stage-count').innerText()).toBe('0 个');
    await page.getByTestId('home-team-pipeline-chart').locator('canvas').waitFor();
    await snap(page, 'home-team-01-manager');

    // The card opens the 待分配 queue's A leads, the two it counted.
    await page.getByTestId('home-team-leads-past-sla').click();
    await page.waitForURL(/\/leads\?.*queue=true/);
    await expect.poll(() => page.getByTestId('leads-table').locator('tbody tr.ant-table-row').count()).toBe(2);
    await signOut(page);
  });

  it('keeps 我的跟进 for the salesperson, without team cards', async () => {
    await signInFirstTimeAs(page, server, REP);
    await page.getByTestId('home-follow-up-summary').waitFor();
    await expect.poll(() => page.getByTestId('home-summary-customersDue').locator('.ant-statistic-content').innerText()).toBe('1');
    expect(await page.getByTestId('home-team').count()).toBe(0);
  });
});
