import { describe, expect, it } from 'vitest';
import type { Order } from '../../../contracts/orders.ts';
import { fenToYuanInput, initialOrderValues, orderChanges, previewLine, previewTotals, toCreateOrderBody } from './orderForm.ts';

describe('the order form', () => {
  it('shows fen as an exact yuan amount', () => {
    expect([0, 5, 120, 123456, 1_000_000_000_01].map(fenToYuanInput)).toEqual(['0.00', '0.05', '1.20', '1234.56', '1000000000.01']);
  });

  it('previews a line with the server’s rounding, and nothing for an incomplete one', () => {
    // 1.5 × 33.33 = 49.995 → 50.00; 10% off → 45.00; 13% tax → 5.85.
    expect(previewLine({ quantity: 1.5, unitPrice: '33.33', discountPercent: 10, taxRatePercent: 13 })).toEqual({ subtotalFen: 5000, discountFen: 500, netFen: 4500, taxFen: 585, totalFen: 5085 });
    expect(previewLine({ quantity: 1, unitPrice: '0.1' })).toMatchObject({ totalFen: 10 });
    expect(previewLine({ quantity: 1, unitPrice: '1.234' })).toBeNull();
    expect(previewLine({ quantity: 0, unitPrice: '1' })).toBeNull();
    expect(previewLine({ quantity: 1.0001, unitPrice: '1' })).toBeNull();
    expect(previewLine({ quantity: 1, unitPrice: '' })).toBeNull();
    expect(previewLine(undefined)).toBeNull();
  });

  it('adds up the complete lines', () => {
    expect(previewTotals([{ quantity: 2, unitPrice: '0.10', taxRatePercent: 6 }, { quantity: 3, unitPrice: '0.20' }, { quantity: 1, unitPrice: 'x' }])).toEqual({ subtotalFen: 80, discountFen: 0, netFen: 80, taxFen: 1, totalFen: 81 });
  });

  it('sends prices in fen, converted exactly from the yuan typed', () => {
    const body = toCreateOrderBody({
      customerId: 'c1',
      currency: 'CNY',
      items: [{ productId: 'p1', quantity: 3, unitPrice: '19.99', discountPercent: 0, taxRatePercent: 13 }, { name: ' 运费 ', quantity: 1, unitPrice: '1,000.1' }],
      shippingAddress: ' ',
      receiverName: '王工',
    });
    expect(body).toMatchObject({ customerId: 'c1', contactId: null, currency: 'CNY', shippingAddress: null, receiverName: '王工' });
    expect(body.items).toEqual([
      { productId: 'p1', name: undefined, quantity: 3, unitPriceFen: 1999, discountPercent: 0, taxRatePercent: 13 },
      { productId: null, name: '运费', quantity: 1, unitPriceFen: 100010, discountPercent: 0, taxRatePercent: 0 },
    ]);
  });

  it('edits a created order: only what changed, the lines whole when one changed', () => {
    const line = { id: 'l1', productId: 'p1', sku: 'VALVE', name: '球阀', unit: '台', quantity: 2, unitPriceFen: 12_345, discountPercent: 0, taxRatePercent: 13, subtotalFen: 24_690, discountFen: 0, netFen: 24_690, taxFen: 3_210, totalFen: 27_900 };
    const order = { id: 'o1', customerId: 'c1', contactId: null, currency: 'CNY', orderDate: '2026-12-01', items: [line], shippingAddress: null, receiverName: null, receiverPhone: null, notes: null, version: 4 } as unknown as Order;
    const v = initialOrderValues(order);
    expect(v.items[0]).toMatchObject({ unitPrice: '123.45', quantity: 2 });
    expect(orderChanges(order, v)).toBeNull();
    expect(orderChanges(order, { ...v, receiverName: '王工' })).toEqual({ version: 4, receiverName: '王工' });
    const changed = orderChanges(order, { ...v, items: [{ ...v.items[0], quantity: 3 }] });
    expect(changed).toMatchObject({ version: 4, items: [{ productId: 'p1', quantity: 3, unitPriceFen: 12_345 }] });
    expect(Object.keys(changed ?? {})).toEqual(['version', 'items']);
  });
});
