import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let east: string;
let sales: { id: string; client: Client };
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  east = await h.createDepartment('华东组');
  sales = await h.createUser({ role: 'sales', departmentId: east });
  // C leads: no assignment rule exists anyway, and they stay unassigned unless given an owner.
  const low = { needMatch: 'no', budget: 'no', authority: 'no' };
  const leads: [string, Record<string, unknown>][] = [
    ['jiangsuManu', { contactName: '江苏制造', provinceCode: '320000', industryCode: 'MANU' }],
    ['eastIt', { contactName: '华东软件', region: 'east', industryCode: 'IT' }],
    ['guangdongManu', { contactName: '广东制造', provinceCode: '440000', industryCode: 'MANU' }],
    ['unknown', { contactName: '不详' }],
    ['ownedZhejiang', { contactName: '浙江自营', provinceCode: '330000', industryCode: 'MANU', ownerId: sales.id }],
  ];
  for (const [key, body] of leads) {
    const res = await admin.post('/api/v1/leads', { channel: 'website', criteria: low, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[key] = res.body.lead.id;
  }
});
afterAll(async () => h.close());

async function listed(client: Client, query: string): Promise<string[]> {
  const res = await client.get(`/api/v1/leads?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const found = new Set((res.body.items as { id: string }[]).map((l) => l.id));
  return Object.keys(ids)
    .filter((k) => found.has(ids[k] ?? ''))
    .sort();
}

describe('lead list filters by region and industry', () => {
  it('needs a session and rejects values outside the vocabularies', async () => {
    expectError(await h.client().get('/api/v1/leads?region=east'), 401, 'UNAUTHENTICATED');
    expectError(await admin.get('/api/v1/leads?region=mars'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/v1/leads?industryCode=manu'), 400, 'VALIDATION_FAILED');
  });

  it('finds leads by the region their province sets or the region given without a province', async () => {
    expect(await listed(admin, 'region=east')).toEqual(['eastIt', 'jiangsuManu', 'ownedZhejiang']);
    expect(await listed(admin, 'region=south')).toEqual(['guangdongManu']);
    expect(await listed(admin, 'region=northwest')).toEqual([]);
  });

  it('finds leads by industry, combined with the region and the other filters', async () => {
    expect(await listed(admin, 'industryCode=MANU')).toEqual(['guangdongManu', 'jiangsuManu', 'ownedZhejiang']);
    expect(await listed(admin, 'industryCode=MANU&region=east')).toEqual(['jiangsuManu', 'ownedZhejiang']);
    expect(await listed(admin, 'industryCode=MANU&region=east&unassigned=true')).toEqual(['jiangsuManu']);
    expect(await listed(admin, 'industryCode=RETL')).toEqual([]);
  });

  it('stays within the caller’s scope', async () => {
    expect(await listed(sales.client, 'region=east&industryCode=MANU')).toEqual(['ownedZhejiang']);
  });
});
