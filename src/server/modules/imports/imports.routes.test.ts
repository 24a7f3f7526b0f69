import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readZip, sheetCells } from '../../../../test/helpers/zip.ts';
import { expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { importsOver } from '../../../../test/helpers/imports.ts';

let h: Harness;
let admin: Client;
let sales: Client;
let salesDept: string;
let upload: ReturnType<typeof importsOver>['upload'];
let runQueued: ReturnType<typeof importsOver>['runQueued'];
let importFile: ReturnType<typeof importsOver>['importFile'];
let clearQueued: () => void;

beforeAll(async () => {
  h = await createHarness();
  ({ upload, runQueued, importFile, clear: clearQueued } = importsOver(h));
  admin = await h.admin();
  salesDept = await h.createDepartment('销售部');
  sales = (await h.createUser({ role: 'sales', departmentId: salesDept })).client;
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  clearQueued();
});

async function customerNames(c: Client): Promise<string[]> {
  const res = await c.get('/api/v1/customers?limit=200&sort=name');
  return (res.body.items as { name: string }[]).map((x) => x.name);
}

const CUSTOMERS_CSV = ['客户名称,客户类型,所属行业,企业规模,生命周期阶段,省份,预算说明', '杭州云帆科技有限公司,公司客户,制造业,120,意向,浙江,预算50万', '苏州恒达精密机械有限公司,公司,,20-49人,潜在,江苏省,'].join('\n');

describe('import: permissions and upload', () => {
  it('refuses anonymous callers and roles that may not create the entity', async () => {
    expect((await upload(h.client(), 'customer', CUSTOMERS_CSV)).status).toBe(401);
    const service = await h.createUser({ role: 'service', departmentId: salesDept });
    expectError(await upload(service.client, 'lead', 'a,b\n1,2'), 403, 'FORBIDDEN');
  });

  it('refuses a file that is not a spreadsheet, in the caller’s language', async () => {
    const res = await upload(admin, 'customer', Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]));
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.message).toContain('.xlsx');
  });

  it('proposes a mapping from the headers, then the one the user chose for the same headers', async () => {
    const first = await upload(admin, 'customer', CUSTOMERS_CSV);
    expect(first.status).toBe(201);
    expect(first.body.mappingRemembered).toBe(false);
    expect(first.body.proposedMapping).toMatchObject({ 客户名称: 'name', 客户类型: 'kind', 所属行业: 'industry', 省份: 'province', 预算说明: 'budgetNotes' });
    expect(first.body.sampleRows).toHaveLength(2);
    expect(first.body.job.headers).toEqual(['客户名称', '客户类型', '所属行业', '企业规模', '生命周期阶段', '省份', '预算说明']);
    const chosen = { ...first.body.proposedMapping, 预算说明: null };
    expect((await admin.put(`/api/v1/imports/${first.body.job.id}/mapping`, { mapping: chosen, duplicatePolicy: 'skip' })).status).toBe(200);
    const second = await upload(admin, 'customer', `${CUSTOMERS_CSV}\n`);
    expect(second.body.mappingRemembered).toBe(true);
    expect(second.body.proposedMapping).toEqual(chosen);
  });

  it('answers 400 naming the mapping problem: a required field without a column', async () => {
    const up = await upload(admin, 'customer', CUSTOMERS_CSV);
    const res = await admin.put(`/api/v1/imports/${up.body.job.id}/mapping`, { mapping: { ...up.body.proposedMapping, 客户名称: null }, duplicatePolicy: 'skip' });
    expectError(res, 400, 'VALIDATION_FAILED', ['mapping']);
    expect(res.body.error.details[0].message).toContain('name');
  });
});

describe('import: dry run, all or nothing, error report', () => {
  const BAD = ['客户名称,所属行业,首次接触日期', '宁波海天贸易有限公司,制造业,2024-03-05', 'X,不存在的行业,2024-13-01', '温州正泰商贸有限公司,,'].join('\n');

  it('a dry run reports every row error and writes nothing', async () => {
    const up = await upload(admin, 'customer', BAD);
    const id = up.body.job.id as string;
    await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'skip' });
    const dry = await admin.post(`/api/v1/imports/${id}/dry-run`);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.totalRows).toBe(3);
    expect(dry.body.counts).toEqual({ created: 2, updated: 0, skipped: 0, errors: 1 });
    const fields = (dry.body.errors as { row: number; field: string }[]).map((e) => `${e.row}:${e.field}`).sort();
    expect(fields).toEqual(['3:firstContactDate', '3:industry', '3:name']);
    expect((dry.body.errors as { message: string }[]).find((e) => e.message.includes('不存在的行业'))).toBeTruthy();
    expect(await customerNames(admin)).not.toContain('宁波海天贸易有限公司');
  });

  it('a run with one bad row writes nothing at all and says why; the error report holds the row and the reasons', async () => {
    const done = await importFile(admin, 'customer', BAD);
    expect(done.status).toBe('failed');
    expect(done.counts).toMatchObject({ created: 0, errors: 1 });
    expect(done.errors.length).toBe(3);
    expect(await customerNames(admin)).not.toContain('宁波海天贸易有限公司');

    const report = await admin.get(`/api/v1/imports/${done.id}/errors.xlsx`);
    expect(report.status).toBe(200);
    expect(report.headers['content-type']).toContain('spreadsheetml');
    const zip = readZip(report.raw.rawPayload);
    const rows = sheetCells(zip.get('xl/worksheets/sheet1.xml')?.toString('utf8') ?? '');
    expect(rows.map((r) => r.map((c) => c.value))[0]).toEqual(['Row', '客户名称', '所属行业', '首次接触日期', 'Errors']);
    expect(rows).toHaveLength(2);
    const [rowNo, name, industry, , errors] = (rows[1] ?? []).map((c) => c.value);
    expect([rowNo, name, industry]).toEqual(['3', 'X', '不存在的行业']);
    expect(errors).toContain('不存在的行业');
  });
});

describe('import: duplicate policies', () => {
  const FIRST = ['客户名称,统一社会信用代码,生命周期阶段,需求', '上海华信精密机械有限公司,91350100M000100Y43,潜在,数控机床', '北京星河数据技术有限公司,,意向,'].join('\n');

  it('creates, then a re-import of the same file with skip creates nothing new', async () => {
    const first = await importFile(sales, 'customer', FIRST);
    expect(first.status).toBe('succeeded');
    expect(first.counts).toEqual({ created: 2, updated: 0, skipped: 0, errors: 0 });
    const again = await importFile(sales, 'customer', FIRST, 'skip');
    expect(again.status).toBe('succeeded');
    expect(again.counts).toEqual({ created: 0, updated: 0, skipped: 2, errors: 0 });
    const names = await customerNames(sales);
    expect(names.filter((n) => n === '上海华信精密机械有限公司')).toHaveLength(1);
    // Numbered like any create, owned by the importer.
    const list = await sales.get('/api/v1/customers?limit=10');
    for (const c of list.body.items) expect(c.number).toMatch(/^\d{4}-GEN-\d{3}$/);
  });

  it('update fills the existing customer from the non-empty cells (audited per record)', async () => {
    const csv = ['客户名称,生命周期阶段,需求,详细地址', '上海华信精密机械有限公司,成交,五轴加工中心,', '北京星河数据技术有限公司,,,北京市海淀区中关村大街1号'].join('\n');
    const done = await importFile(sales, 'customer', csv, 'update');
    expect(done.counts).toEqual({ created: 0, updated: 2, skipped: 0, errors: 0 });
    const list = (await sales.get('/api/v1/customers?limit=10&q=华信')).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ stage: 'customer', needs: '五轴加工中心', creditCode: '91350100M000100Y43' });
    const xinghe = (await sales.get('/api/v1/customers?limit=10&q=星河')).body.items[0];
    expect(xinghe).toMatchObject({ stage: 'intent', address: '北京市海淀区中关村大街1号' });
    const audit = await admin.get(`/api/v1/audit-log?entityId=${list[0].id}&limit=10`);
    expect(audit.body.items[0].changes).toMatchObject({ stage: ['potential', 'customer'], needs: ['数控机床', '五轴加工中心'] });
  });

  it('create makes a second record anyway, but never a second one with the same credit code', async () => {
    const dupName = await importFile(sales, 'customer', '客户名称\n北京星河数据技术有限公司', 'create');
    expect(dupName.counts.created).toBe(1);
    expect((await customerNames(sales)).filter((n) => n === '北京星河数据技术有限公司')).toHaveLength(2);
    const dupCode = await importFile(sales, 'customer', '客户名称,统一社会信用代码\n华信精密,91350100M000100Y43', 'create');
    expect(dupCode.status).toBe('failed');
    expect(dupCode.errors[0]).toMatchObject({ row: 2, field: 'creditCode' });
  });

  it('a match owned by someone else cannot be updated: the row is an error, nothing is written', async () => {
    const other = await h.createUser({ role: 'sales', departmentId: salesDept });
    const done = await importFile(other.client, 'customer', '客户名称,需求\n上海华信精密机械有限公司,抢单', 'update');
    expect(done.status).toBe('failed');
    expect(done.errors[0].message).toContain('someone else');
  });

  it('one customer twice in a file is reported with the earlier row', async () => {
    const up = await upload(sales, 'customer', '客户名称\n重复科技有限公司\n重复科技有限公司');
    await sales.put(`/api/v1/imports/${up.body.job.id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'skip' });
    const dry = await sales.post(`/api/v1/imports/${up.body.job.id}/dry-run`);
    expect(dry.body.errors).toEqual([{ row: 3, field: 'name', message: 'The same record as row 2 of this file' }]);
  });
});

describe('import: the job', () => {
  it('runs 2,500 rows to completion, reporting progress, audited once', async () => {
    const lines = ['客户名称,所属行业,企业规模'];
    for (let i = 0; i < 2500; i++) lines.push(`批量导入测试${String(i).padStart(4, '0')}有限公司,制造业,${(i % 900) + 1}`);
    const up = await upload(admin, 'customer', lines.join('\r\n'));
    const id = up.body.job.id as string;
    await admin.put(`/api/v1/imports/${id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'skip' });
    expect((await admin.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
    expectError(await admin.post(`/api/v1/imports/${id}/run`), 422, 'BUSINESS_RULE');
    const seen: number[] = [];
    let finished = false;
    const running = runQueued().finally(() => {
      finished = true;
    });
    while (!finished) {
      seen.push((await admin.get(`/api/v1/imports/${id}`)).body.processedRows as number);
      await new Promise((r) => setTimeout(r, 20));
    }
    await running;
    const done = (await admin.get(`/api/v1/imports/${id}`)).body;
    expect(done).toMatchObject({ status: 'succeeded', totalRows: 2500, processedRows: 2500, counts: { created: 2500, updated: 0, skipped: 0, errors: 0 } });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // The compact audit trail: every created id, in file order; the file itself is dropped.
    const stored = await h.database.pool.query('select cardinality(created_ids) as n, file is null as dropped from import_jobs where id = $1', [id]);
    expect(stored.rows[0]).toEqual({ n: 2500, dropped: true });
    const page = await admin.get('/api/v1/customers?q=批量导入测试0042&limit=5');
    expect(page.body.items[0]).toMatchObject({ industryCode: 'MANU', employeeSize: '20-49' });
    const audit = await admin.get(`/api/v1/audit-log?entityId=${id}&limit=5`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ action: 'create', entityType: 'import' });
    // Running the same job again changes nothing.
    await runQueued();
    expect((await admin.get('/api/v1/customers?q=批量导入测试0042&limit=5')).body.items).toHaveLength(1);
    // Nor when the run stopped after its rows committed and before it reported done (its
    // vacuum): the retry only reports it done.
    await h.database.pool.query(`update import_jobs set status = 'running' where id = $1`, [id]);
    expect((await admin.get(`/api/v1/imports/${id}`)).body.status).toBe('running');
    await runQueued();
    expect((await admin.get(`/api/v1/imports/${id}`)).body).toMatchObject({ status: 'succeeded', counts: { created: 2500 } });
    expect((await admin.get('/api/v1/customers?q=批量导入测试0042&limit=5')).body.items).toHaveLength(1);
  });

  it('analyzes the tables it wrote a large share of before it reports done, and leaves them alone after a few rows', async () => {
    const counts = async (column: 'analyze_count' | 'vacuum_count') => {
      const { rows } = await h.database.pool.query<{ relname: string; n: number }>(
        `select relname, ${column}::int as n from pg_stat_user_tables where relname in ('customers', 'contacts')`,
      );
      return Object.fromEntries(rows.map((r) => [r.relname, r.n]));
    };
    const analyzed = () => counts('analyze_count');
    const vacuumed = () => counts('vacuum_count');
    // Customers with their primary contacts, as 客户基本信息表 keeps them: more than 10 % of either table.
    const lines = ['客户名称,联系人姓名,联系电话'];
    for (let i = 0; i < 400; i++) lines.push(`统计信息测试${String(i).padStart(3, '0')}贸易有限公司,王${'伟芳娜敏静'[i % 5]},1391234${String(i).padStart(4, '0')}`);
    const before = await analyzed();
    const vacuumedBefore = await vacuumed();
    expect(await importFile(admin, 'customer', lines.join('\n'))).toMatchObject({ status: 'succeeded', counts: { created: 400 } });
    const after = await analyzed();
    expect(after.customers).toBe((before.customers ?? 0) + 1);
    expect(after.contacts).toBe((before.contacts ?? 0) + 1);
    // …and vacuumed once committed, before it said so: the new rows' pages are all-visible.
    const vacuumedAfter = await vacuumed();
    expect(vacuumedAfter).toEqual({ customers: (vacuumedBefore.customers ?? 0) + 1, contacts: (vacuumedBefore.contacts ?? 0) + 1 });
    const { rows: visible } = await h.database.pool.query<{ pages: number; visible: number }>(`select relpages as pages, relallvisible as visible from pg_class where relname = 'customers'`);
    expect(visible[0]?.visible).toBe(visible[0]?.pages);
    // …on connections of their own, so that the pool's own connections (which the searches after
    // it get first) are not server processes just started.
    const { rows: maintenance } = await h.database.pool.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name like '%+maintenance'`,
    );
    expect(maintenance[0]?.n).toBeGreaterThanOrEqual(1);
    // Its write counts reached the statistics before the analyze: nothing left for autovacuum
    // to analyze again beside the first searches.
    const { rows: mods } = await h.database.pool.query<{ n: number }>(`select n_mod_since_analyze::int as n from pg_stat_user_tables where relname = 'customers'`);
    expect(mods[0]?.n).toBeLessThan(40);
    // …and leaves no new entries in the search indexes' pending lists, which every search would read through.
    await h.database.pool.query('create extension if not exists pageinspect');
    const { rows: pending } = await h.database.pool.query<{ name: string; n: string }>(
      `select c.relname as name, (gin_metapage_info(get_raw_page(c.relname, 0))).n_pending_tuples as n
         from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
        where a.amname = 'gin' and i.indrelid in ('customers'::regclass, 'contacts'::regclass)`,
    );
    expect(pending.length).toBeGreaterThan(3);
    expect(pending.filter((p) => Number(p.n) > 0)).toEqual([]);
    // Two more customers are well under 10 % of some 3,000: autovacuum's business, not the import's.
    expect(await importFile(admin, 'customer', ['客户名称', '统计信息测试补充甲有限公司', '统计信息测试补充乙有限公司'].join('\n'))).toMatchObject({ status: 'succeeded' });
    expect(await analyzed()).toEqual(after);
    expect(await vacuumed()).toEqual(vacuumedAfter);
  });
});

describe('import: contacts and leads', () => {
  it('contacts name their customer by number or exact name within the importer’s scope', async () => {
    const mine = (await sales.get('/api/v1/customers?q=华信&limit=5')).body.items[0];
    const outsider = await h.createUser({ role: 'sales', departmentId: salesDept });
    await importFile(outsider.client, 'customer', '客户名称\n外人公司有限公司');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('联系人');
    sheet.addRow(['所属客户', '姓名', '手机', '邮箱']);
    sheet.addRow([mine.number, '王经理', '13812345678', 'wang@example.com']);
    sheet.addRow(['北京星河数据技术有限公司', '李工', '', '']);
    sheet.addRow(['外人公司有限公司', '赵六', '', '']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await upload(sales, 'contact', xlsx, '联系人.xlsx');
    expect(up.body.proposedMapping).toEqual({ 所属客户: 'customer', 姓名: 'name', 手机: 'phones', 邮箱: 'email' });
    await sales.put(`/api/v1/imports/${up.body.job.id}/mapping`, { mapping: up.body.proposedMapping, duplicatePolicy: 'skip' });
    const dry = (await sales.post(`/api/v1/imports/${up.body.job.id}/dry-run`)).body;
    // 星河 exists twice (created anyway above): ambiguous; 外人公司 is outside the scope: not found.
    expect((dry.errors as { row: number; field: string }[]).map((e) => `${e.row}:${e.field}`)).toEqual(['3:customer', '4:customer']);
    const ok = await importFile(sales, 'contact', `所属客户,姓名,手机\n${mine.number},王经理,13812345678\n上海华信精密机械有限公司,陈总,13900001111`);
    expect(ok.counts).toEqual({ created: 2, updated: 0, skipped: 0, errors: 0 });
    const contacts = (await sales.get(`/api/v1/customers/${mine.id}/contacts`)).body.items;
    expect(contacts.map((c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary])).toEqual([
      ['王经理', true],
      ['陈总', false],
    ]);
    const again = await importFile(sales, 'contact', `所属客户,姓名,手机\n${mine.number},王经理,13812345678`);
    expect(again.counts.skipped).toBe(1);
  });

  it('leads are graded as by the API, and the same prospect is merged (in the file and with existing leads)', async () => {
    const existing = await admin.post('/api/v1/leads', { channel: 'website', contactName: '周明', phone: '13700001234' });
    expect(existing.status).toBe(201);
    const csv = [
      '联系人,公司名称,手机,来源渠道,展会名称,需求匹配,预算,决策权限',
      '周明,明达科技,13700001234,展会,2026工博会,是,是,是',
      '吴芳,芳华贸易,13600005678,搜索推广,,是,不明确,否',
      '吴芳,芳华贸易,,转介绍,老客户推荐,是,不明确,否',
      '郑强,,13500009999,官网,,否,否,否',
    ].join('\n');
    const done = await importFile(admin, 'lead', csv, 'update');
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    expect(done.counts).toEqual({ created: 2, updated: 2, skipped: 0, errors: 0 });
    const leads = (await admin.get('/api/v1/leads?limit=50')).body.items as { contactName: string; grade: string; status: string; sources: { channel: string }[]; companyName: string | null }[];
    const zhou = leads.filter((l) => l.contactName === '周明');
    expect(zhou).toHaveLength(1);
    expect(zhou[0]?.sources.map((s) => s.channel)).toEqual(['website', 'trade_show']);
    expect(zhou[0]?.companyName).toBe('明达科技');
    const wu = leads.filter((l) => l.contactName === '吴芳');
    expect(wu).toHaveLength(1);
    expect(wu[0]).toMatchObject({ grade: 'B' });
    expect(wu[0]?.sources.map((s) => s.channel)).toEqual(['search_ads', 'referral']);
    expect(leads.find((l) => l.contactName === '郑强')).toMatchObject({ grade: 'C', status: 'nurture' });
  });

  it('imported leads carry province and industry, and the assignment rules hand them round', async () => {
    const dept = await h.createDepartment('华东导入组');
    const a = await h.createUser({ role: 'sales', departmentId: dept, username: 'imp_a' });
    const b = await h.createUser({ role: 'sales', departmentId: dept, username: 'imp_b' });
    const rule = await admin.post('/api/v1/lead-assignment-rules', { name: '华东制造导入', departmentId: dept, regions: ['east'], industryCodes: ['MANU'], memberIds: [a.id, b.id] });
    expect(rule.status).toBe(201);
    const csv = [
      '联系人,公司名称,手机,来源渠道,省份,所属行业,需求匹配,预算,决策权限',
      '钱一,苏州一号机械,13811110001,展会,江苏,制造业,是,是,是',
      '钱二,苏州二号机械,13811110002,展会,江苏省,MANU,是,不明确,是',
      '钱三,苏州三号机械,13811110003,展会,江苏,制造业,是,是,是',
      '孙四,成都四号机械,13811110004,展会,四川,制造业,是,是,是',
      '孙五,苏州五号机械,13811110005,展会,江苏,制造业,否,否,否',
    ].join('\n');
    const done = await importFile(admin, 'lead', csv);
    expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
    const leads = (await admin.get('/api/v1/leads?limit=100')).body.items as { contactName: string; ownerId: string | null; status: string; region: string | null; industryCode: string | null; provinceCode: string | null }[];
    const byName = new Map(leads.map((l) => [l.contactName, l]));
    expect(byName.get('钱一')).toMatchObject({ provinceCode: '320000', region: 'east', industryCode: 'MANU', ownerId: a.id, status: 'assigned' });
    expect(byName.get('钱二')).toMatchObject({ ownerId: b.id, status: 'assigned' });
    expect(byName.get('钱三')).toMatchObject({ ownerId: a.id });
    expect(byName.get('孙四')).toMatchObject({ region: 'southwest', ownerId: null }); // no rule for the southwest
    expect(byName.get('孙五')).toMatchObject({ ownerId: null, status: 'nurture' }); // grade C waits
    const inbox = (await b.client.get('/api/v1/notifications')).body.items;
    expect(inbox).toEqual([expect.objectContaining({ kind: 'lead.assigned', params: expect.objectContaining({ by: '华东制造导入', name: '苏州二号机械' }) })]);
  });
});
