import { describe, expect, it } from 'vitest';
import type { Product } from '../../../contracts/products.ts';
import { initialProductValues, productChanges, toCreateProductBody } from './productForm.ts';

const p: Product = { id: 'p', sku: 'ERP-PRO', name: 'ERP 专业版', category: '软件', unit: '套', listPriceFen: 12_800_050, currency: 'CNY', taxRatePercent: 13, status: 'active', description: null, createdAt: '', updatedAt: '', version: 2 };

describe('product form', () => {
  it('types the list price in yuan and sends fen', () => {
    expect(initialProductValues(p).listPrice).toBe('128000.50');
    expect(toCreateProductBody({ ...initialProductValues(null), sku: ' SVC-1 ', name: '实施服务', listPrice: '2,500.1', category: ' ' })).toEqual({
      sku: 'SVC-1',
      name: '实施服务',
      category: null,
      unit: '件',
      listPriceFen: 250_010,
      currency: 'CNY',
      taxRatePercent: 13,
      description: null,
    });
  });

  it('sends only the changes with the version', () => {
    expect(productChanges(p, initialProductValues(p))).toBeNull();
    expect(productChanges(p, { ...initialProductValues(p), listPrice: '120000', taxRatePercent: 6 })).toEqual({ version: 2, listPriceFen: 12_000_000, taxRatePercent: 6 });
  });
});
