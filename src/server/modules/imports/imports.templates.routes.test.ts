import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { readZip } from '../../../../test/helpers/zip.ts';
import { CUSTOMER_ARCHIVE, CUSTOMER_BASIC, LEAD_REGISTER, TEMPLATE_CSV_FILES, templateXlsx, withWholePhones, type Template } from '../../../../test/fixtures/requirement-templates.ts';
import { eq } from 'drizzle-orm';
import { customers, users } from '../../db/schema/index.ts';
import { importsOver } from '../../../../test/helpers/imports.ts';

/**
 * The requirement documents' own templates (requirement 003's 客户基本信息表, 004's 客户获取线索登记表
 * and 客户信息标准化档案表) imported through HTTP as a user would: upload, the proposed mapping as
 * it is, run.
 */
let h: Harness;
let admin: Client;
/** The users the sheets name: 跟进负责人 李* and 赵*, 信息录入人 likewise. */
let li: { id: string; username: string };
let zhao: { id: string; username: string };
let imports: ReturnType<typeof importsOver>;

beforeAll(async () => {
  h = await createHarness();
  imports = importsOver(h);
  admin = await h.admin();
  const dept = await h.createDepartment('销售一部');
  li = await h.createUser({ role: 'sales', departmentId: dept });
  zhao = await h.createUser({ role: 'sales', departmentId: dept });
  await h.deps.db.update(users).set({ displayName: '李*' }).where(eq(users.id, li.id));
  await h.deps.db.update(users).set({ displayName: '赵*' }).where(eq(users.id, zhao.id));
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  imports.clear();
});

const upload = (c: Client, entity: string, content: Buffer, fileName: string) => imports.upload(c, entity, content, fileName);

async function runQueued(): Promise<void> {
  await imports.runQueued();
  imports.clear();
}

/** Upload, keep the proposed mapping, run; the finished import. */
async function importAsProposed(c: Client, entity: string, content: Buffer, fileName: string, duplicatePolicy: 'skip' | 'update' | 'create' = 'skip') {
  const done = await imports.importFile(c, entity, content, duplicatePolicy, fileName);
  imports.clear();
  return done;
}

async function customerNamed(c: Client, name: string) {
  const res = await c.get(`/api/v1/customers?q=${encodeURIComponent(name)}&limit=50`);
  return (res.body.items as { id: string; name: string; stage: string; kind: string }[]).find((x) => x.name === name);
}

async function contactsOf(c: Client, customerId: string) {
  const items = (await c.get(`/api/v1/customers/${customerId}/contacts`)).body.items as { name: string; title: string | null; phones: { e164: string }[]; email: string | null; isPrimary: boolean }[];
  return items.map((x) => ({ name: x.name, title: x.title, phones: x.phones.map((p) => p.e164), email: x.email, isPrimary: x.isPrimary }));
}

/** Only the columns given, and only the rows given. */
function only(t: Template, headers: string[], rows: number[]): Template {
  const at = headers.map((name) => t.headers.indexOf(name));
  return { ...t, headers, rows: rows.map((r) => at.map((i) => t.rows[r]?.[i] ?? '')) };
}

describe('requirement 003: 客户基本信息表', () => {
  it('customer rows carry their primary contact, created in the same run; 客户类型 with 意向客户 is the stage', async () => {
    const t = only(CUSTOMER_BASIC, ['客户名称', '联系人姓名', '联系人职务', '联系电话', '所属行业', '客户类型', '企业地址', '客户需求描述', '首次接触时间'], [0]);
    const up = await upload(admin, 'customer', await templateXlsx(t), '客户基本信息表.xlsx');
    expect(up.body.proposedMapping).toMatchObject({ 联系人姓名: 'contactName', 联系人职务: 'contactTitle', 联系电话: 'contactPhone', 客户类型: 'kind' });
    const done = await importAsProposed(admin, 'customer', await templateXlsx(t), '客户基本信息表.xlsx');
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    const customer = await customerNamed(admin, '科技有限公司');
    expect(customer).toMatchObject({ kind: 'company', stage: 'intent' });
    const contacts = await contactsOf(admin, customer?.id ?? '');
    expect(contacts).toEqual([expect.objectContaining({ name: '*经理', title: '采购部总监', phones: ['+862168888888'], isPrimary: true })]);
  });

  it('"update" matches the contact by name and fills it; a new name is another contact, not primary', async () => {
    const csv = ['客户名称,联系人姓名,联系人职务,联系电话,邮箱', '科技有限公司,*经理,采购部总监,13812345678,jl@keji.example.cn'].join('\r\n');
    const done = await importAsProposed(admin, 'customer', Buffer.from(csv), '更新.csv', 'update');
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    expect(done.counts).toMatchObject({ created: 0, updated: 1 });
    const customer = await customerNamed(admin, '科技有限公司');
    let contacts = await contactsOf(admin, customer?.id ?? '');
    expect(contacts).toEqual([expect.objectContaining({ name: '*经理', phones: ['+862168888888', '+8613812345678'], email: 'jl@keji.example.cn', isPrimary: true })]);

    const other = ['客户名称,联系人姓名,联系人职务', '科技有限公司,赵工,IT主管'].join('\r\n');
    expect((await importAsProposed(admin, 'customer', Buffer.from(other), '更新2.csv', 'update')).status).toBe('succeeded');
    contacts = await contactsOf(admin, customer?.id ?? '');
    expect(contacts.map((c) => [c.name, c.isPrimary])).toEqual([
      ['*经理', true],
      ['赵工', false],
    ]);
  });

  it('a contact phone that is no phone fails its row with the reason, and writes neither customer nor contact', async () => {
    const csv = ['客户名称,联系人姓名,联系电话', '杭州明德设备有限公司,周工,1395678'].join('\r\n');
    const done = await importAsProposed(admin, 'customer', Buffer.from(csv), '坏电话.csv');
    expect(done.status).toBe('failed');
    expect(done.errors).toEqual([expect.objectContaining({ row: 2, field: 'contactPhone' })]);
    expect(await customerNamed(admin, '杭州明德设备有限公司')).toBeUndefined();
  });
});

describe('requirement 003: values outside Kehu’s lists, GBK CSV as Excel saves it', () => {
  it('asks once per unknown value with the nearest entry suggested; once answered, the file imports in one pass', async () => {
    const file = await readFile(TEMPLATE_CSV_FILES.customerBasic);
    const up = await upload(admin, 'customer', file, '客户基本信息表.csv');
    expect(up.status).toBe(201);
    const id = up.body.job.id as string;
    expect((await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'skip' })).status).toBe(200);
    const values = await admin.get(`/api/v1/imports/${id}/values`);
    expect(values.status, JSON.stringify(values.body)).toBe(200);
    expect(values.body.items).toEqual([
      { field: 'sourceChannel', value: '线上广告', rows: 1, firstRow: 3, suggestion: 'search_ads' },
      { field: 'industry', value: '交通运输', rows: 1, firstRow: 3, suggestion: 'LOGI' },
    ]);
    expect(values.body.canAdd).toEqual({ channel: true, tag: true });
    expect(values.body.options.sourceChannel).toEqual(expect.arrayContaining([{ key: 'search_ads', label: 'Search ads' }]));

    // Without an answer the check names the value and how to fix it.
    const unanswered = await admin.post(`/api/v1/imports/${id}/dry-run`);
    expect(unanswered.body.errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sourceChannel: Unknown source channel “线上广告”/), expect.stringMatching(/^industry: Unknown industry “交通运输”/)]),
    );

    const wrong = await admin.put(`/api/v1/imports/${id}/values`, { valueMapping: { sourceChannel: { 线上广告: 'nowhere' } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('valueMapping.sourceChannel.线上广告');

    const answered = await admin.put(`/api/v1/imports/${id}/values`, { valueMapping: { sourceChannel: { 线上广告: 'search_ads' }, industry: { 交通运输: 'LOGI' } } });
    expect(answered.status).toBe(200);
    expect(answered.body.items).toEqual([]);
    const dry = await admin.post(`/api/v1/imports/${id}/dry-run`);
    expect(dry.body, JSON.stringify(dry.body.errors)).toMatchObject({ totalRows: 2, counts: { errors: 0 } });
    await admin.post(`/api/v1/imports/${id}/run`);
    await runQueued();
    const done = (await admin.get(`/api/v1/imports/${id}`)).body;
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');

    const shunda = await customerNamed(admin, '顺达物流有限公司');
    const detail = (await admin.get(`/api/v1/customers/${shunda?.id ?? ''}`)).body;
    // 45366 is Excel's serial of 2024-03-15, stored as text.
    expect(detail).toMatchObject({ industryCode: 'LOGI', sourceChannel: 'search_ads', stage: 'potential', firstContactDate: '2024-03-15', needs: '采购服务器设备' });
    expect(await contactsOf(admin, shunda?.id ?? '')).toEqual([expect.objectContaining({ name: '王芳', title: '运营经理', phones: ['+8613912345678'], isPrimary: true })]);
  });

  it('an admin adds 线上广告 as a channel of its own; a value left out leaves the field empty', async () => {
    const channel = await admin.post('/api/v1/source-channels', { nameZh: '线上广告', nameEn: 'Online ads' });
    expect(channel.status).toBe(201);
    const csv = ['客户名称,来源渠道,所属行业', '宁波顺丰快运有限公司,线上广告,航运快递'].join('\r\n');
    const up = await upload(admin, 'customer', Buffer.from(csv), '新渠道.csv');
    const id = up.body.job.id as string;
    await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'skip' });
    // The new channel is in the list now: only the industry is unknown.
    expect((await admin.get(`/api/v1/imports/${id}/values`)).body.items.map((i: { value: string }) => i.value)).toEqual(['航运快递']);
    await admin.put(`/api/v1/imports/${id}/values`, { valueMapping: { industry: { 航运快递: null } } });
    await admin.post(`/api/v1/imports/${id}/run`);
    await runQueued();
    expect((await admin.get(`/api/v1/imports/${id}`)).body.status).toBe('succeeded');
    const c = await customerNamed(admin, '宁波顺丰快运有限公司');
    expect((await admin.get(`/api/v1/customers/${c?.id ?? ''}`)).body).toMatchObject({ sourceChannel: 'online_ads', industryCode: null });
  });
});

async function leadByNumber(c: Client, q: string) {
  return (await c.get(`/api/v1/leads?q=${encodeURIComponent(q)}&limit=50`)).body.items as Record<string, unknown>[];
}

describe('requirement 004: 客户获取线索登记表 imports as leads', () => {
  it('maps every column by its header and takes number, channel, contact, grade, owner and date from the sheet', async () => {
    const file = await templateXlsx(withWholePhones(LEAD_REGISTER));
    const up = await upload(admin, 'lead', file, '客户获取线索登记表.xlsx');
    expect(up.body.proposedMapping).toEqual({
      线索编号: 'legacyNumber',
      获取渠道: 'channel',
      '来源详情（如展会名称/推广关键词）': 'sourceDetail',
      客户名称: 'companyName',
      联系人: 'contactName',
      职位: 'title',
      联系方式: 'contactReach',
      初步需求描述: 'needs',
      意向等级: 'grade',
      跟进负责人: 'owner',
      登记日期: 'registeredAt',
    });
    const id = up.body.job.id as string;
    await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'update' });
    // 行业展会 and 搜索引擎推广 are synonyms of the built-in channels: nothing to answer.
    expect((await admin.get(`/api/v1/imports/${id}/values`)).body.items).toEqual([]);
    await admin.post(`/api/v1/imports/${id}/run`);
    await runQueued();
    const done = (await admin.get(`/api/v1/imports/${id}`)).body;
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    expect(done.counts.created).toBe(2);

    const [first] = await leadByNumber(admin, 'LX2024001');
    expect(first).toMatchObject({
      number: 'LX2024001',
      legacyNumber: null,
      channel: 'trade_show',
      sources: [expect.objectContaining({ channel: 'trade_show', detail: '2024中国制造业数字化转型博览会' })],
      companyName: '科技有限公司',
      contactName: '张*',
      title: '采购经理',
      needs: '寻找生产环节数据管理工具',
      grade: 'A',
      gradeOverrideReason: '导入',
      ownerId: li.id,
      status: 'assigned',
      // 2024-03-15 in the business time zone (Asia/Shanghai).
      registeredAt: '2024-03-14T16:00:00.000Z',
    });
    const [second] = await leadByNumber(admin, 'LX2024002');
    expect(second).toMatchObject({ channel: 'search_ads', phone: expect.objectContaining({ e164: '+8613956781234' }), grade: 'B', ownerId: zhao.id });
  });

  it('a number that collides (or does not fit) is kept as a searchable legacy number', async () => {
    const again = { ...withWholePhones(LEAD_REGISTER), rows: withWholePhones(LEAD_REGISTER).rows.map((r) => r.map((v) => (v === 'YY贸易公司' ? 'ZZ商贸公司' : v === '王*' ? '钱*' : v === '科技有限公司' ? '新科技有限公司' : v))) };
    const odd = { ...again, rows: [again.rows[0]?.map((v, i) => (i === 0 ? 'XS-7' : i === 4 ? '孙*' : v)) ?? [], ...again.rows] };
    const done = await importAsProposed(admin, 'lead', await templateXlsx(odd), '再次登记.xlsx', 'create');
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    const found = await leadByNumber(admin, 'LX2024001');
    expect(found.map((l) => [l.number === 'LX2024001', l.legacyNumber])).toEqual(expect.arrayContaining([[true, null], [false, 'LX2024001']]));
    const [odd7] = await leadByNumber(admin, 'XS-7');
    expect(odd7).toMatchObject({ legacyNumber: 'XS-7', contactName: '孙*' });
  });

  it('the document’s own rows: the phone printed cut short (1395678) and an unknown 跟进负责人 are row errors naming them', async () => {
    const csv = await readFile(TEMPLATE_CSV_FILES.leadRegister);
    const up = await upload(admin, 'lead', csv, '客户获取线索登记表.csv');
    const id = up.body.job.id as string;
    await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'create' });
    const dry = (await admin.post(`/api/v1/imports/${id}/dry-run`)).body;
    expect(dry.errors).toEqual([expect.objectContaining({ row: 3, field: 'contactReach' })]);

    const unknown = { ...withWholePhones(LEAD_REGISTER), rows: [withWholePhones(LEAD_REGISTER).rows[0]?.map((v) => (v === '李*' ? '钱*' : v)) ?? []] };
    const failed = await importAsProposed(admin, 'lead', await templateXlsx(unknown), '未知负责人.xlsx', 'create');
    expect(failed.status).toBe('failed');
    expect(failed.errors).toEqual([{ row: 2, field: 'owner', message: 'No active user is named “钱*” (display name or username)' }]);
  });
});

describe('requirement 004: 客户信息标准化档案表 imports as customers', () => {
  it('takes the legacy number, size range, tags, decision chain, contact, who entered it and when', async () => {
    const file = await templateXlsx(withWholePhones(CUSTOMER_ARCHIVE));
    const up = await upload(admin, 'customer', file, '客户信息标准化档案表.xlsx');
    expect(up.body.proposedMapping).toMatchObject({
      客户编号: 'legacyNumber',
      客户名称: 'name',
      所属行业: 'industry',
      '企业规模（员工人数）': 'employeeSize',
      联系人: 'contactName',
      职位: 'contactTitle',
      联系方式: 'contactReach',
      核心需求标签: 'tags',
      '决策链成员（姓名/职位）': 'decisionChain',
      '历史合作记录（合同号/金额/周期）': null,
      信息录入人: 'recordedBy',
      录入日期: 'recordedAt',
      最后更新日期: 'lastUpdatedAt',
    });
    const id = up.body.job.id as string;
    await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'update' });
    // The need tags are new: an admin adds them as tags in the value step.
    const values = (await admin.get(`/api/v1/imports/${id}/values`)).body;
    expect(values.items.map((i: { field: string; value: string }) => `${i.field}:${i.value}`)).toEqual(['tags:数据管理', 'tags:流程优化', 'tags:客户跟进', 'tags:报表统计']);
    const answers: Record<string, string> = {};
    for (const name of ['数据管理', '流程优化', '客户跟进', '报表统计']) answers[name] = (await admin.post('/api/v1/tags', { name })).body.id;
    expect((await admin.put(`/api/v1/imports/${id}/values`, { valueMapping: { tags: answers } })).body.items).toEqual([]);
    await admin.post(`/api/v1/imports/${id}/run`);
    await runQueued();
    const done = (await admin.get(`/api/v1/imports/${id}`)).body;
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    // 科技有限公司 came in with requirement 003's sheet above: updated; YY贸易公司 is new.
    expect(done.counts).toMatchObject({ created: 1, updated: 1 });

    const keji = (await admin.get(`/api/v1/customers/${(await customerNamed(admin, '科技有限公司'))?.id ?? ''}`)).body;
    expect(keji).toMatchObject({ legacyNumber: 'CU2024001', employeeSize: '200-499', decisionChain: [{ name: '李', title: '总经理', role: null }, { name: '张', title: '采购经理', role: null }] });
    expect(keji.tags.map((t: { name: string }) => t.name).sort()).toEqual(['数据管理', '流程优化']);
    expect((await contactsOf(admin, keji.id)).map((c) => [c.name, c.title, c.isPrimary])).toEqual(expect.arrayContaining([['张*', '采购经理', false]]));

    const yy = (await admin.get(`/api/v1/customers/${(await customerNamed(admin, 'YY贸易公司'))?.id ?? ''}`)).body;
    expect(yy).toMatchObject({
      legacyNumber: 'CU2024002',
      industryCode: 'RETL',
      employeeSize: '50-99',
      decisionChain: [{ name: '王', title: '财务主管', role: null }, { name: '陈', title: '老板', role: null }],
      createdAt: '2024-03-15T16:00:00.000Z',
      updatedAt: '2024-03-16T16:00:00.000Z',
    });
    expect(yy.number).toMatch(/^\d{4}-RETL-\d{3}$/);
    expect(await contactsOf(admin, yy.id)).toEqual([expect.objectContaining({ name: '王*', title: '财务主管', phones: ['+8613956781234'], isPrimary: true })]);
    // 信息录入人 赵* entered it.
    const [row] = await h.deps.db.select({ createdBy: customers.createdBy }).from(customers).where(eq(customers.id, yy.id));
    expect(row?.createdBy).toBe(zhao.id);
    // The legacy number finds it in the list's search box.
    expect((await admin.get('/api/v1/customers?q=CU2024002')).body.items.map((c: { name: string }) => c.name)).toEqual(['YY贸易公司']);
  });

  it('a 客户编号 that fits Kehu’s pattern and is free becomes the number; the sequence continues after it', async () => {
    const csv = ['客户编号,客户名称,所属行业', '2024-MANU-007,常州恒力机械有限公司,制造业', ',无锡华新机械有限公司,制造业'].join('\r\n');
    // The number's year is 2024; draw this year's next one after another 2024 number.
    const done = await importAsProposed(admin, 'customer', Buffer.from(csv), '编号.csv');
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    const kept = (await admin.get(`/api/v1/customers/${(await customerNamed(admin, '常州恒力机械有限公司'))?.id ?? ''}`)).body;
    expect(kept).toMatchObject({ number: '2024-MANU-007', legacyNumber: null });
  });
});

describe('下载模板, messages in the user’s words, importing the valid rows', () => {
  it('the template of each entity has the columns, a sample row that imports as it is, and drop-down lists', async () => {
    for (const entity of ['customer', 'lead', 'contact'] as const) {
      const res = await admin.get(`/api/v1/imports/template.xlsx?entity=${entity}`);
      expect(res.status, entity).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const zip = readZip(res.raw.rawPayload);
      const sheet = zip.get('xl/worksheets/sheet1.xml')?.toString('utf8') ?? '';
      if (entity !== 'contact') {
        expect(sheet, entity).toMatch(/<dataValidation [^>]*type="list"/);
        expect(zip.get('xl/workbook.xml')?.toString('utf8')).toMatch(/state="hidden"/);
      }
      // Uploaded again, every column maps by itself; the sample row passes every check.
      const up = await upload(admin, entity, res.raw.rawPayload, `${entity}-template.xlsx`);
      expect(Object.values(up.body.proposedMapping).filter((v) => v === null), entity).toEqual([]);
      if (entity === 'contact') continue;
      await admin.put(`/api/v1/imports/${up.body.job.id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'create' });
      const dry = (await admin.post(`/api/v1/imports/${up.body.job.id}/dry-run`)).body;
      expect(dry, entity).toMatchObject({ totalRows: 1, counts: { errors: 0 } });
    }
    const { client: service } = await h.createUser({ role: 'service' });
    expect((await service.get('/api/v1/imports/template.xlsx?entity=lead')).status).toBe(403);
  });

  it('says what is wrong as a person would, not as the schema does', async () => {
    const csv = ['客户名称,联系人姓名,邮箱', 'Y,张*,zhang-at-example'].join('\r\n');
    const up = await upload(admin, 'customer', Buffer.from(csv), '坏行.csv');
    await admin.put(`/api/v1/imports/${up.body.job.id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'skip' });
    const dry = (await admin.post(`/api/v1/imports/${up.body.job.id}/dry-run`)).body;
    expect(dry.errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`).sort()).toEqual(['contactEmail: “zhang-at-example” is not an e-mail address', 'name: “Y” is too short: at least 2 characters']);
  });

  it('lists every skipped row with its reason', async () => {
    const csv = ['客户名称,联系人姓名', '科技有限公司,*经理', '苏州全新精密有限公司,'].join('\r\n');
    const done = await importAsProposed(admin, 'customer', Buffer.from(csv), '重复.csv', 'skip');
    expect(done.status).toBe('succeeded');
    expect(done.counts).toMatchObject({ created: 1, skipped: 1 });
    expect(done.skipped).toEqual([{ row: 2, field: null, message: expect.stringMatching(/^Skipped: the same as \S+ 科技有限公司, which exists already$/) }]);
  });

  it('"import the valid rows": the document’s exact rows go in except the one with the cut-short phone, listed with its reason and in the error report', async () => {
    const up = await upload(admin, 'customer', await readFile(TEMPLATE_CSV_FILES.customerArchive), '客户信息标准化档案表.csv');
    const id = up.body.job.id as string;
    await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: { ...up.body.proposedMapping, 核心需求标签: null }, duplicatePolicy: 'create' });
    const dry = (await admin.post(`/api/v1/imports/${id}/dry-run`)).body;
    expect(dry.counts).toMatchObject({ created: 1, errors: 1 });
    expect((await admin.post(`/api/v1/imports/${id}/run`, { validOnly: true })).status).toBe(202);
    expect(imports.sent).toEqual([{ importId: id, validOnly: true }]);
    await runQueued();
    const done = (await admin.get(`/api/v1/imports/${id}`)).body;
    expect(done.status).toBe('succeeded');
    expect(done.counts).toMatchObject({ created: 1, errors: 1 });
    expect(done.errors).toEqual([{ row: 3, field: 'contactReach', message: expect.stringContaining('1395678') }]);
    const report = await admin.get(`/api/v1/imports/${id}/errors.xlsx`);
    expect(report.status).toBe(200);
    const log = (await admin.get(`/api/v1/audit-log?entityType=import&entityId=${id}`)).body.items;
    expect(log[0].changes).toMatchObject({ validOnly: [null, true], failedRows: [null, 1] });
  });
});
