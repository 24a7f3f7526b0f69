import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError, walkPages } from '../../../../test/helpers/api.ts';
import { createHarness, type Harness } from '../../../../test/helpers/harness.ts';
import { priceLines } from './products.pricing.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

describe('products', () => {
  it('are maintained by those allowed and read by sales; SKUs are unique whatever their case', async () => {
    const admin = await h.admin();
    const sales = await h.createUser({ role: 'sales' });
    const body = { sku: 'KH-CRM-STD', name: '客户管理系统 标准版', category: '软件', unit: '套', listPriceFen: 1_980_000, taxRatePercent: 6 };
    expectError(await sales.client.post('/api/v1/products', body), 403, 'FORBIDDEN');
    const created = await admin.post('/api/v1/products', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku: 'KH-CRM-STD', listPriceFen: 1_980_000, taxRatePercent: 6, currency: 'CNY', status: 'active' });
    expectError(await admin.post('/api/v1/products', { ...body, sku: 'kh-crm-std' }), 400, 'VALIDATION_FAILED', ['sku']);
    expectError(await admin.post('/api/v1/products', { ...body, sku: 'X 1', listPriceFen: 12.5, taxRatePercent: 6.125 }), 400, 'VALIDATION_FAILED', ['sku', 'listPriceFen', 'taxRatePercent']);

    const list = await sales.client.get('/api/v1/products?q=crm');
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
    expect((await sales.client.get('/api/v1/products/categories')).body.items).toContain('软件');
    expectError(await sales.client.patch(`/api/v1/products/${created.body.id}`, { version: 1, name: 'x' }), 403, 'FORBIDDEN');

    const changed = await admin.patch(`/api/v1/products/${created.body.id}`, { version: 1, listPriceFen: 2_180_000 });
    expect(changed.body).toMatchObject({ listPriceFen: 2_180_000, version: 2 });
    expectError(await admin.patch(`/api/v1/products/${created.body.id}`, { version: 1, name: '旧' }), 409, 'VERSION_CONFLICT');
    const audit = await auditOf(admin, created.body.id);
    expect(audit.map((a) => a.action)).toEqual(['update', 'create']);
  });

  it('page through every sort order without skipping or repeating a product', async () => {
    const admin = await h.admin();
    // Names sort against SKUs, and two share a name, so each order and its id tie-break show.
    for (const [sku, name] of [['PG-C', '页 甲'], ['PG-A', '页 丙'], ['PG-B', '页 甲'], ['PG-D', '页 乙']] as const) {
      expect((await admin.post('/api/v1/products', { sku, name, unit: '个', listPriceFen: 100, taxRatePercent: 0 })).status).toBe(201);
    }
    for (const sort of ['name', '-name', 'sku', '-sku', 'createdAt', '-createdAt']) {
      const all = (await admin.get(`/api/v1/products?sort=${sort}&q=PG-&limit=200`)).body.items as { id: string }[];
      expect(all).toHaveLength(4);
      const { items, pages } = await walkPages<{ id: string }>(admin, `/api/v1/products?sort=${sort}&q=PG-`, 1);
      expect(pages, sort).toBe(4);
      expect(items.map((p) => p.id), sort).toEqual(all.map((p) => p.id));
    }
  });

  it('price lines exactly from the catalogue, refuse retired products on new lines and keep them on old ones', async () => {
    const admin = await h.admin();
    const p = (await admin.post('/api/v1/products', { sku: 'SENSOR-01', name: '温度传感器', unit: '个', listPriceFen: 9999, taxRatePercent: 13 })).body;
    const priced = await priceLines(h.deps.db, [{ productId: p.id, quantity: 3, discountPercent: 10 }, { name: '安装服务', quantity: 1, unitPriceFen: 50_000, discountPercent: 0, taxRatePercent: 6 }], { currency: 'CNY' });
    expect(priced.lines[0]).toMatchObject({ name: '温度传感器', unit: '个', sku: 'SENSOR-01', quantity: '3.000', subtotalFen: 29997, discountFen: 3000, netFen: 26997, taxFen: 3510, totalFen: 30507 });
    expect(priced.totals).toEqual({ subtotalFen: 79997, discountFen: 3000, netFen: 76997, taxFen: 6510, totalFen: 83507 });

    await admin.patch(`/api/v1/products/${p.id}`, { version: 1, status: 'retired' });
    await expect(priceLines(h.deps.db, [{ productId: p.id, quantity: 1, discountPercent: 0 }], { currency: 'CNY' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'items.0.productId', key: 'product.retired' }] });
    const kept = await priceLines(h.deps.db, [{ productId: p.id, quantity: 1, discountPercent: 0 }], { currency: 'CNY', keepProductIds: new Set([p.id]) });
    expect(kept.totals.totalFen).toBe(11299);
    await expect(priceLines(h.deps.db, [{ productId: p.id, quantity: 1, discountPercent: 0 }], { currency: 'USD', keepProductIds: new Set([p.id]) })).rejects.toMatchObject({ details: [{ path: 'items.0.unitPriceFen' }] });
    await expect(priceLines(h.deps.db, [{ quantity: 1, discountPercent: 0 }], { currency: 'CNY' })).rejects.toMatchObject({ details: [{ path: 'items.0.name', key: 'validation.required' }] });
  });
});
