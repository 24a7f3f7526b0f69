import { describe, expect, it } from 'vitest';
import { formatFen, lineAmounts, parseYuan, percentToBp, quantityToMilli, sumLines, weightedFen } from './money.ts';

describe('lineAmounts', () => {
  it('multiplies, discounts, then taxes the net, each rounded half up to the fen', () => {
    // 3 × ¥99.99 = 299.97; 10% off = 29.997 → 30.00; net 269.97; 13% tax = 35.0961 → 35.10
    expect(lineAmounts({ quantityMilli: 3000, unitPriceFen: 9999, discountBp: 1000, taxRateBp: 1300 })).toEqual({
      subtotalFen: 29997,
      discountFen: 3000,
      netFen: 26997,
      taxFen: 3510,
      totalFen: 30507,
    });
  });

  it('rounds a half fen up and anything less down', () => {
    // 0.5 × 1 fen = 0.5 → 1; 0.499 × 1 fen → 0
    expect(lineAmounts({ quantityMilli: 500, unitPriceFen: 1, discountBp: 0, taxRateBp: 0 }).subtotalFen).toBe(1);
    expect(lineAmounts({ quantityMilli: 499, unitPriceFen: 1, discountBp: 0, taxRateBp: 0 }).subtotalFen).toBe(0);
    // 6% of 25 fen = 1.5 → 2 (tax); 6% of 24 = 1.44 → 1
    expect(lineAmounts({ quantityMilli: 1000, unitPriceFen: 25, discountBp: 0, taxRateBp: 600 }).taxFen).toBe(2);
    expect(lineAmounts({ quantityMilli: 1000, unitPriceFen: 24, discountBp: 0, taxRateBp: 600 }).taxFen).toBe(1);
  });

  it('is exact where floating point is not (0.1 + 0.2, 1.005)', () => {
    // 1.005 × ¥1.00 in floats is 1.00499999…; in fen thousandths it is exactly 100.5 → 101
    expect(lineAmounts({ quantityMilli: quantityToMilli(1.005), unitPriceFen: 100, discountBp: 0, taxRateBp: 0 }).subtotalFen).toBe(101);
    expect(percentToBp(0.1) + percentToBp(0.2)).toBe(percentToBp(0.3));
  });

  it('handles a 100% discount and large amounts without losing a fen', () => {
    expect(lineAmounts({ quantityMilli: 2000, unitPriceFen: 5000, discountBp: 10_000, taxRateBp: 1300 })).toMatchObject({ netFen: 0, taxFen: 0, totalFen: 0 });
    // 99,999.999 × ¥99,999,999.99: far beyond 2^53 before the division by 1000
    const big = lineAmounts({ quantityMilli: 99_999_999, unitPriceFen: 9_999_999_999, discountBp: 0, taxRateBp: 0 });
    expect(big.subtotalFen).toBe(999_999_989_900_000);
    // beyond exact integers altogether: refused, not rounded
    expect(() => lineAmounts({ quantityMilli: 999_999_999_000, unitPriceFen: 9_999_999_999, discountBp: 0, taxRateBp: 0 })).toThrow(RangeError);
  });

  it('refuses negative, fractional and out-of-range inputs', () => {
    expect(() => lineAmounts({ quantityMilli: -1, unitPriceFen: 1, discountBp: 0, taxRateBp: 0 })).toThrow(RangeError);
    expect(() => lineAmounts({ quantityMilli: 1000, unitPriceFen: 1.5, discountBp: 0, taxRateBp: 0 })).toThrow(RangeError);
    expect(() => lineAmounts({ quantityMilli: 1000, unitPriceFen: 1, discountBp: 10_001, taxRateBp: 0 })).toThrow(RangeError);
  });
});

describe('sumLines', () => {
  it('adds the rounded line amounts and does not re-round the total', () => {
    const a = lineAmounts({ quantityMilli: 1000, unitPriceFen: 25, discountBp: 0, taxRateBp: 600 }); // tax 1.5 → 2
    const b = lineAmounts({ quantityMilli: 1000, unitPriceFen: 25, discountBp: 0, taxRateBp: 600 });
    // Taxing the summed net (50 × 6% = 3) would give 3; the rule is per line: 2 + 2 = 4
    expect(sumLines([a, b])).toEqual({ subtotalFen: 50, discountFen: 0, netFen: 50, taxFen: 4, totalFen: 54 });
    expect(sumLines([])).toEqual({ subtotalFen: 0, discountFen: 0, netFen: 0, taxFen: 0, totalFen: 0 });
  });
});

describe('weightedFen', () => {
  it('is amount × probability rounded half up', () => {
    expect(weightedFen(100_000, 60)).toBe(60_000);
    expect(weightedFen(5, 10)).toBe(1); // 0.5 → 1
    expect(weightedFen(4, 10)).toBe(0); // 0.4 → 0
    expect(weightedFen(123_457, 0)).toBe(0);
    expect(() => weightedFen(1, 101)).toThrow(RangeError);
  });
});

describe('formatFen and parseYuan', () => {
  it('print every fen as stored and read it back', () => {
    expect(formatFen(123456)).toBe('1,234.56');
    expect(formatFen(5, 'CNY')).toBe('¥0.05');
    expect(formatFen(100_000_000_00, 'USD')).toBe('$100,000,000.00');
    expect(formatFen(-150)).toBe('-1.50');
    expect(parseYuan('1,234.56')).toBe(123456);
    expect(parseYuan('1234.5')).toBe(123450);
    expect(parseYuan(' 7 ')).toBe(700);
    expect(parseYuan('1.005')).toBeNull();
    expect(parseYuan('12,34')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
  });
});
