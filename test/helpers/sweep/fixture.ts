import { sql } from 'drizzle-orm';
import { queueMail } from '../../../src/server/platform/mail/outbox.ts';
import { createRole } from '../api.ts';
import type { Client, Harness, Response } from '../harness.ts';
import { minimalPdf } from '../office.ts';

/**
 * The kinds of record a path can name. `scoped` kinds belong to an owner and a department
 * (or to one user): another department's salesperson must not reach them. The others are shared
 * lists and settings, guarded by permissions alone.
 */
export const RECORD_KINDS = {
  customer: { scoped: true, get: '/api/v1/customers/{id}' },
  contact: { scoped: true, get: '/api/v1/contacts/{id}' },
  lead: { scoped: true, get: '/api/v1/leads/{id}' },
  followUp: { scoped: true, get: '/api/v1/follow-ups/{id}' },
  task: { scoped: true, get: '/api/v1/tasks/{id}' },
  feedback: { scoped: true, get: '/api/v1/feedback/{id}' },
  opportunity: { scoped: true, get: '/api/v1/opportunities/{id}' },
  quote: { scoped: true, get: '/api/v1/quotes/{id}' },
  order: { scoped: true, get: '/api/v1/orders/{id}' },
  contract: { scoped: true, get: '/api/v1/contracts/{id}' },
  contractPayment: { scoped: true, get: null },
  campaign: { scoped: true, get: '/api/v1/campaigns/{id}' },
  campaignCost: { scoped: true, get: null },
  campaignMember: { scoped: true, get: null },
  mailing: { scoped: true, get: '/api/v1/mailings/{id}' },
  leadForm: { scoped: true, get: '/api/v1/lead-forms/{id}' },
  smsSend: { scoped: true, get: '/api/v1/sms-sends/{id}' },
  segment: { scoped: true, get: '/api/v1/segments/{id}' },
  attachment: { scoped: true, get: null },
  importJob: { scoped: true, get: '/api/v1/imports/{id}' },
  bulkJob: { scoped: true, get: '/api/v1/bulk-jobs/{id}' },
  savedView: { scoped: true, get: null },
  apiToken: { scoped: true, get: null },
  notification: { scoped: true, get: null },
  mail: { scoped: true, get: null },
  user: { scoped: true, get: '/api/v1/users/{id}' },
  department: { scoped: true, get: '/api/v1/departments/{id}' },
  assignmentRule: { scoped: true, get: null },
  role: { scoped: false, get: '/api/v1/roles/{id}' },
  product: { scoped: false, get: '/api/v1/products/{id}' },
  tag: { scoped: false, get: null },
  industry: { scoped: false, get: null },
  sourceChannel: { scoped: false, get: null },
  followUpMethod: { scoped: false, get: null },
  stage: { scoped: false, get: null },
} as const;

export type RecordKind = keyof typeof RECORD_KINDS;

/** One record: its id (or code) and, where it has one, its current version. */
export interface RecordRef {
  id: string;
  version?: number;
}

export interface Person {
  id: string;
  username: string;
  client: Client;
  departmentId: string;
}

/** Records one person owns: what a body may legitimately name when that person calls. */
export interface Owned {
  customer: RecordRef;
  /** A second customer (a merge names two). */
  customer2: RecordRef;
  contact: RecordRef;
  lead: RecordRef;
  followUp: RecordRef;
  task: RecordRef;
  feedback: RecordRef;
  opportunity: RecordRef;
  quote: RecordRef;
  order: RecordRef;
  contract: RecordRef;
  contractPayment: RecordRef;
  campaign: RecordRef;
  campaignCost: RecordRef;
  campaignMember: RecordRef;
  mailing: RecordRef;
  smsSend: RecordRef;
  attachment: RecordRef;
}

/** Written into every sensitive field of the fixture: a response to a role without the right must never contain it. */
export const SENSITIVE_MARKER = 'SWEEP-SENSITIVE-7f3a';

export interface SweepFixture {
  admin: Client;
  departmentA: string;
  departmentB: string;
  /** A role with no permission at all, scope own. */
  noPermissionRoleId: string;
  salesA: Person;
  salesB: Person;
  noPermission: Person;
  /** Built-in manager (scope department) of department A. */
  managerA: Person;
  /** A user whose role may read everything (every `:read`) and change nothing, scope own. */
  readOnly: Person;
  /** The admin, through a read-only API token: may read everything and change nothing. */
  adminReadToken: Client;
  /** Every kind of record, in department B, owned by (or belonging to) salesperson B. */
  b: Record<RecordKind, RecordRef>;
  /** The manager's are salesperson A's (in the manager's department). */
  own: { salesA: Owned; managerA: Owned; noPermission: Owned; readOnly: Owned };
  /** The first open pipeline stage, the catalogue product (shared by everyone). */
  stageId: string;
  productId: string;
  /** A follow-up method's code. */
  followUpMethod: string;
}

function expectStatus(res: Response, status: number, what: string): any {
  if (res.status !== status) throw new Error(`sweep fixture: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

let names = 0;
/** Company names far apart, so that duplicate detection never joins two fixture customers. */
const COMPANIES = ['甲骨文软件', '青松机械', '海鸥物流', '金穗食品', '白鹭纺织', '紫藤医药', '北辰电子', '南岭建材', '东篱农业', '西岭光学', '赤峰化工', '碧波水务'];
function company(): string {
  const n = names++;
  return `${COMPANIES[n % COMPANIES.length]}${Math.floor(n / COMPANIES.length) || ''}有限公司`;
}

/**
 * Builds, as admin through the API, the people and records the sweep calls against: departments
 * A and B, salespeople in each, a user whose role has no permission (in A), one record of every
 * kind in B, and the records each caller owns (for the ids in its bodies).
 */
export async function buildSweepFixture(h: Harness): Promise<SweepFixture> {
  const admin = await h.admin();
  const departmentA = await h.createDepartment('华东大区');
  const departmentB = await h.createDepartment('华北大区');
  const noPermissionRoleId = await createRole(admin, [], 'own', false, '无权限角色');
  const person = async (role: string, departmentId: string, username: string): Promise<Person> => ({ ...(await h.createUser({ role, departmentId, username })), departmentId });
  const salesA = await person('sales', departmentA, 'sales_a');
  const salesB = await person('sales', departmentB, 'sales_b');
  const managerA = await person('manager', departmentA, 'manager_a');
  const noPermission = await person(noPermissionRoleId, departmentA, 'nobody');
  const readOnlyRoleId = await createRole(admin, h.deps.modules.permissions.filter((p) => p.endsWith(':read')), 'own', false, '只读角色');
  const readOnly = await person(readOnlyRoleId, departmentA, 'reader');
  const adminReadToken = h.client();
  adminReadToken.bearer = expectStatus(await admin.post('/api/v1/auth/tokens', { name: '巡检只读令牌', scope: 'read' }), 201, 'read-only token').secret;
  // Its first use stamps last_used_at; on the harness's stopped clock no later call does again.
  expectStatus(await adminReadToken.get('/api/v1/auth/me'), 200, 'read-only token use');

  const stages = expectStatus(await admin.get('/api/v1/pipeline-stages'), 200, 'stages');
  const stageId = (stages.items ?? stages).find((s: { kind?: string; isWon?: boolean }) => (s.kind ?? 'open') === 'open')?.id as string;
  const product = expectStatus(await admin.post('/api/v1/products', { sku: 'SWEEP-1', name: '巡检服务', listPriceFen: 10_000 }), 201, 'product');
  const methods = expectStatus(await admin.get('/api/v1/follow-up-methods'), 200, 'follow-up methods');
  const methodCode = (methods.items ?? methods)[0].code as string;

  const owned = async (owner: Person): Promise<Owned> => {
    // Sensitive notes that only roles with the sensitive-field right may ever see.
    const customer = expectStatus(
      await admin.post('/api/v1/customers', { name: company(), ownerId: owner.id, budgetNotes: SENSITIVE_MARKER, decisionNotes: SENSITIVE_MARKER }),
      201,
      'customer',
    );
    const customer2 = expectStatus(await admin.post('/api/v1/customers', { name: company(), ownerId: owner.id }), 201, 'customer 2');
    const contact = expectStatus(await admin.post(`/api/v1/customers/${customer.id}/contacts`, { name: '王经理', email: `wang${names}@sweep.example` }), 201, 'contact');
    // A qualified lead (A grade, contacted, qualified), so that it can be converted.
    const criteria = { needMatch: 'yes', budget: 'yes', authority: 'yes' };
    const created = expectStatus(await admin.post('/api/v1/leads', { channel: 'website', contactName: `线索${names++}`, companyName: company(), ownerId: owner.id, criteria }), 201, 'lead').lead;
    const contacted = expectStatus(await admin.patch(`/api/v1/leads/${created.id}`, { version: created.version, status: 'contacted' }), 200, 'lead contacted');
    const lead = expectStatus(await admin.patch(`/api/v1/leads/${created.id}`, { version: contacted.version, status: 'qualified' }), 200, 'lead qualified');
    const followUp = expectStatus(
      await admin.post('/api/v1/follow-ups', { method: methodCode, happenedAt: new Date(h.clock.now().getTime() - 3600_000).toISOString(), content: '电话沟通', customerId: customer.id, ownerId: owner.id }),
      201,
      'follow-up',
    );
    const task = expectStatus(await admin.post('/api/v1/tasks', { title: '回访', dueAt: new Date(h.clock.now().getTime() + 86400_000).toISOString(), assigneeId: owner.id, customerId: customer.id }), 201, 'task');
    const feedback = expectStatus(await admin.post('/api/v1/feedback', { customerId: customer.id, kind: 'complaint', title: '交付延迟', handlerId: owner.id }), 201, 'feedback');
    const opportunity = expectStatus(await admin.post('/api/v1/opportunities', { customerId: customer.id, name: '年度采购', amountFen: 100_000, ownerId: owner.id, stageId }), 201, 'opportunity');
    const quote = expectStatus(
      await admin.post('/api/v1/quotes', { opportunityId: opportunity.id, validUntil: '2026-12-31', items: [{ productId: product.id, quantity: 1 }] }),
      201,
      'quote',
    );
    const order = expectStatus(await admin.post('/api/v1/orders', { customerId: customer.id, ownerId: owner.id, items: [{ name: '备件', quantity: 1, unitPriceFen: 1_000 }] }), 201, 'order');
    const contract = expectStatus(await admin.post('/api/v1/contracts', { title: '维保合同', customerId: customer.id, amountFen: 100_000, ownerId: owner.id }), 201, 'contract');
    expectStatus(await admin.post(`/api/v1/contracts/${contract.id}/status`, { version: contract.version, status: 'active', signedOn: '2026-01-05' }), 200, 'contract signing');
    const paid = expectStatus(await admin.post(`/api/v1/contracts/${contract.id}/payments`, { paidOn: '2026-01-10', amountFen: 1_000, method: 'bank_transfer' }), 201, 'contract payment');
    const payments = (paid.payments ?? paid.contract?.payments ?? []) as { id: string }[];
    const contractPayment = { id: payments[0]?.id ?? paid.id };
    const campaign = expectStatus(await admin.post('/api/v1/campaigns', { name: `活动${names++}`, type: 'trade_show', ownerId: owner.id }), 201, 'campaign');
    const costed = expectStatus(await admin.post(`/api/v1/campaigns/${campaign.id}/costs`, { spentOn: '2026-01-10', item: '展位费', amountFen: 1_000 }), 201, 'campaign cost');
    const campaignCost = { id: (costed.costs as { id: string }[])[0]?.id ?? '' };
    expectStatus(await admin.post(`/api/v1/campaigns/${campaign.id}/members`, { contactIds: [contact.id] }), 200, 'campaign member');
    const memberList = expectStatus(await admin.get(`/api/v1/campaigns/${campaign.id}/members`), 200, 'campaign members');
    const campaignMember = { id: (memberList.items as { id: string }[])[0]?.id ?? '' };
    const mailing = expectStatus(await admin.post('/api/v1/mailings', { campaignId: campaign.id, name: '巡检群发', subject: '通知', html: '<p>通知</p>' }), 201, 'mailing');
    const smsSend = expectStatus(await admin.post('/api/v1/sms-sends', { campaignId: campaign.id, name: '巡检短信', signName: '客户科技', templateCode: 'SMS_1', text: '通知' }), 201, 'sms send');
    const attachment = expectStatus(
      await admin.post(`/api/v1/attachments/customer/${customer.id}?fileName=sweep.pdf`, minimalPdf(), { 'content-type': 'application/octet-stream' }),
      201,
      'attachment',
    );
    return { customer, customer2, contact, lead, followUp, task, feedback, opportunity, quote, order, contract, contractPayment, campaign, campaignCost, campaignMember, mailing, smsSend, attachment };
  };

  const ownedB = await owned(salesB);
  const ownSalesA = await owned(salesA);
  const ownNoPermission = await owned(noPermission);
  const ownReadOnly = await owned(readOnly);

  // What belongs to salesperson B alone, made as B.
  const importJob = expectStatus(
    await salesB.client.request('POST', '/api/v1/imports?entity=customer&fileName=sweep.csv', Buffer.from('客户名称\n远山贸易有限公司\n'), { 'content-type': 'application/octet-stream' }),
    201,
    'import',
  ).job;
  const savedView = expectStatus(await salesB.client.post('/api/v1/saved-views', { resource: 'customer', name: 'B 的视图', config: {} }), 201, 'saved view');
  const apiToken = expectStatus(await salesB.client.post('/api/v1/auth/tokens', { name: 'B 的令牌' }), 201, 'API token').token;
  const notifications = expectStatus(await salesB.client.get('/api/v1/notifications'), 200, 'notifications');
  const notification = (notifications.items as { id: string }[])[0];
  if (!notification) throw new Error('sweep fixture: salesperson B has no notification (the assigned task should have made one)');
  await queueMail(h.deps.db, h.config, [{ to: 'sales_b@example.com', userId: salesB.id, subject: '提醒', text: '明天回访' }], h.clock.now());
  const mail = (await h.deps.db.execute<{ id: string }>(sql`select id from mail_outbox order by created_at desc limit 1`)).rows[0];
  // A bulk action large enough to run as a job (above BULK_SYNC_LIMIT), as B started it.
  const bulkJob = (await h.deps.db.execute<{ id: string }>(sql`insert into bulk_jobs (id, entity, action, total, created_by) values (gen_random_uuid(), 'customer', 'release', 0, ${salesB.id}) returning id`)).rows[0];
  // A segment salesperson B keeps (B's role may not make one: written as the module would).
  const segment = (
    await h.deps.db.execute<{ id: string }>(
      sql`insert into segments (id, name, entity, kind, definition, owner_id, department_id, created_by) values (gen_random_uuid(), 'B 的分群', 'customer', 'dynamic', '{"match":"all","conditions":[]}'::jsonb, ${salesB.id}, ${departmentB}, ${salesB.id}) returning id`,
    )
  ).rows[0];
  // A form salesperson B keeps (B's role may not make one: written as the module would).
  const leadForm = (
    await h.deps.db.execute<{ id: string }>(
      sql`insert into lead_forms (id, name, slug, title, fields, channel, thank_you_message, status, owner_id, department_id, created_by) values (gen_random_uuid(), 'B 的表单', ${`sweep-b-${departmentB.slice(0, 8)}`}, '咨询', '[{"key":"contactName","label":"姓名","required":true},{"key":"phone","label":"手机","required":true}]'::jsonb, 'website', '谢谢', 'published', ${salesB.id}, ${departmentB}, ${salesB.id}) returning id`,
    )
  ).rows[0];
  const assignmentRule = expectStatus(await admin.post('/api/v1/lead-assignment-rules', { name: '华北分配', departmentId: departmentB, memberIds: [salesB.id] }), 201, 'assignment rule');
  const tag = expectStatus(await admin.post('/api/v1/tags', { name: '重点' }), 201, 'tag');
  const industries = expectStatus(await admin.get('/api/v1/industries'), 200, 'industries');
  const industry = (industries.items ?? industries)[0];
  const channels = expectStatus(await admin.get('/api/v1/source-channels'), 200, 'source channels');
  const channel = (channels.items as { key: string; version: number }[])[0];
  if (!channel) throw new Error('sweep fixture: no source channel (the migration seeds eight)');

  // B's second customer is not a kind of its own.
  const { customer2: _second, ...ownedKinds } = ownedB;
  const b: Record<RecordKind, RecordRef> = {
    ...ownedKinds,
    importJob,
    bulkJob: { id: bulkJob?.id ?? '' },
    savedView,
    apiToken,
    notification,
    mail: { id: mail?.id ?? '' },
    user: { id: salesB.id },
    department: { id: departmentB },
    assignmentRule,
    segment: { id: segment?.id ?? '', version: 1 },
    leadForm: { id: leadForm?.id ?? '', version: 1 },
    role: { id: noPermissionRoleId },
    product,
    tag,
    industry: { id: industry.code, version: industry.version },
    sourceChannel: { id: channel.key, version: channel.version },
    followUpMethod: { id: methodCode, version: (methods.items ?? methods)[0].version },
    stage: { id: stageId, version: (stages.items ?? stages).find((s: { id: string }) => s.id === stageId)?.version },
  };
  return { admin, departmentA, departmentB, noPermissionRoleId, salesA, salesB, managerA, noPermission, readOnly, adminReadToken, b, own: { salesA: ownSalesA, managerA: ownSalesA, noPermission: ownNoPermission, readOnly: ownReadOnly }, stageId, productId: product.id, followUpMethod: methodCode };
}

/** Reads the current version of every record of B that has one (children bump their parents). */
export async function refreshVersions(fx: SweepFixture): Promise<void> {
  for (const [kind, ref] of Object.entries(fx.b) as [RecordKind, RecordRef][]) {
    const get = RECORD_KINDS[kind].get;
    if (!get) continue;
    const res = await fx.admin.get(get.replace('{id}', ref.id));
    if (res.status === 200 && typeof res.body?.version === 'number') ref.version = res.body.version;
  }
}
