import { describe, expect, it } from 'vitest';
import type { QuoteDetail } from '../../../contracts/quotes.ts';
import { initialEditValues, lineFromProduct, previewTotals, quoteChanges, toCreateBody, toLineInputs, yuanToFen } from './quoteForm.ts';
import type { Product } from '../../../contracts/products.ts';

describe('quote form', () => {
  it('turns yuan into fen exactly, never through float multiplication', () => {
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(1234.56)).toBe(123456);
    expect(yuanToFen(19800)).toBe(1_980_000);
    expect(yuanToFen(-1)).toBeNull();
    expect(yuanToFen(null)).toBeNull();
  });

  it('previews totals with the server’s money rules and skips incomplete lines', () => {
    const totals = previewTotals([{ name: 'a', quantity: 3, unitPrice: 99.99, discountPercent: 10, taxRatePercent: 13 }, { name: 'b', quantity: 1, unitPrice: 500, taxRatePercent: 6 }, { name: 'half typed', quantity: null, unitPrice: 1 }]);
    expect(totals).toEqual({ subtotalFen: 79997, discountFen: 3000, netFen: 76997, taxFen: 6510, totalFen: 83507 });
  });

  it('fills a line from a picked product, keeping the quantity and discount typed', () => {
    const product = {
      id: '00000000-0000-4000-8000-000000000009',
      sku: 'VALVE-DN50',
      name: '不锈钢球阀 DN50',
      category: '阀门',
      unit: '台',
      listPriceFen: 128_099,
      currency: 'CNY',
      taxRatePercent: 13,
      status: 'active',
      description: null,
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
      version: 1,
    } as Product;
    const line = lineFromProduct(product, { name: '手写的', quantity: 4, discountPercent: 5, unitPrice: 1 });
    expect(line).toMatchObject({ productId: product.id, sku: 'VALVE-DN50', name: '不锈钢球阀 DN50', unit: '台', unitPrice: 1280.99, taxRatePercent: 13, quantity: 4, discountPercent: 5 });
    // The list price goes back to the same fen, and a new line starts at 1 without discount.
    expect(toLineInputs([line])[0]?.unitPriceFen).toBe(128_099);
    expect(lineFromProduct(product, undefined)).toMatchObject({ quantity: 1, discountPercent: 0 });
  });

  it('sends only what changed of a draft, lines whole', () => {
    const q = {
      version: 3,
      title: '年度采购',
      validUntil: '2026-03-31',
      terms: null,
      notes: null,
      contactId: null,
      items: [{ id: 'x', productId: 'p', sku: 'S', name: '传感器', unit: '个', quantity: 2, unitPriceFen: 9999, discountPercent: 0, taxRatePercent: 13, subtotalFen: 0, discountFen: 0, netFen: 0, taxFen: 0, totalFen: 0 }],
    } as unknown as QuoteDetail;
    const v = initialEditValues(q);
    expect(quoteChanges(q, v)).toBeNull();
    expect(quoteChanges(q, { ...v, terms: ' 预付 30% ' })).toEqual({ version: 3, terms: '预付 30%' });
    const items = [{ ...v.items[0], quantity: 5 }];
    expect(quoteChanges(q, { ...v, items })).toEqual({ version: 3, items: toLineInputs(items) });
    expect(toLineInputs(items)).toEqual([{ productId: 'p', name: '传感器', unit: '个', quantity: 5, unitPriceFen: 9999, discountPercent: 0, taxRatePercent: 13 }]);
  });

  it('sends a chosen or cleared contact, and always says the contact of a new quote', () => {
    const q = { version: 2, title: '年度采购', validUntil: '2026-03-31', terms: null, notes: null, contactId: 'c1', items: [] } as unknown as QuoteDetail;
    const v = initialEditValues(q);
    expect(v.contactId).toBe('c1');
    expect(quoteChanges(q, { ...v, contactId: 'c2' })).toEqual({ version: 2, contactId: 'c2' });
    expect(quoteChanges(q, { ...v, contactId: undefined })).toEqual({ version: 2, contactId: null });
    // Cleared on a new quote: null, else the server would take the opportunity's contact.
    expect(toCreateBody('o1', { validUntil: '2026-03-31', items: [] }, false)).toMatchObject({ opportunityId: 'o1', contactId: null });
    expect(toCreateBody('o1', { validUntil: '2026-03-31', contactId: 'c1', items: [] }, false).contactId).toBe('c1');
  });
});
