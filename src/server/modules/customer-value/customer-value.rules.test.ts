import { describe, expect, it } from 'vitest';
import { RFM_CLASSES } from '../../../contracts/customer-value.ts';
import { classify, meanThresholds, RFM_MATRIX, UNREACHABLE, windowStart } from './customer-value.rules.ts';

const t = { recencyDays: 60, frequency: 3, monetaryFen: 100_000_00 };

describe('RFM classes', () => {
  it('gives each of the eight combinations its class, monetary value first', () => {
    expect(classify({ recencyDays: 10, frequency: 5, monetaryFen: 200_000_00 }, t)).toBe('important_value');
    expect(classify({ recencyDays: 200, frequency: 5, monetaryFen: 200_000_00 }, t)).toBe('important_keep');
    expect(classify({ recencyDays: 10, frequency: 1, monetaryFen: 200_000_00 }, t)).toBe('important_develop');
    expect(classify({ recencyDays: 200, frequency: 1, monetaryFen: 200_000_00 }, t)).toBe('important_retain');
    expect(classify({ recencyDays: 10, frequency: 5, monetaryFen: 5_000_00 }, t)).toBe('general_value');
    expect(classify({ recencyDays: 200, frequency: 5, monetaryFen: 5_000_00 }, t)).toBe('general_keep');
    expect(classify({ recencyDays: 10, frequency: 1, monetaryFen: 5_000_00 }, t)).toBe('general_develop');
    expect(classify({ recencyDays: 200, frequency: 0, monetaryFen: 0 }, t)).toBe('general_retain');
    expect(new Set(Object.values(RFM_MATRIX)).size).toBe(8);
    expect([...Object.values(RFM_MATRIX), 'none'].sort()).toEqual([...RFM_CLASSES].sort());
  });

  it('counts the thresholds themselves as high: at the mean is as good as the mean', () => {
    expect(classify({ recencyDays: 60, frequency: 3, monetaryFen: 100_000_00 }, t)).toBe('important_value');
    expect(classify({ recencyDays: 61, frequency: 2, monetaryFen: 99_999_99 }, t)).toBe('general_retain');
  });

  it('calls a customer that never paid 无交易, whatever the thresholds', () => {
    expect(classify({ recencyDays: null, frequency: 0, monetaryFen: 0 }, t)).toBe('none');
    expect(classify({ recencyDays: 0, frequency: 9, monetaryFen: 9 }, UNREACHABLE)).toBe('general_retain');
  });
});

describe('RFM thresholds and window', () => {
  it('are the means of the customers who bought in the window', () => {
    expect(meanThresholds([])).toBeNull();
    expect(meanThresholds([{ recencyDays: 10, frequency: 1, monetaryFen: 100 }, { recencyDays: 30, frequency: 5, monetaryFen: 300 }])).toEqual({ recencyDays: 20, frequency: 3, monetaryFen: 200 });
  });

  it('goes back whole calendar months, clamping to the month’s last day', () => {
    expect(windowStart(new Date('2026-12-07T10:00:00Z'), 12).toISOString()).toBe('2025-12-07T10:00:00.000Z');
    expect(windowStart(new Date('2026-03-31T00:00:00Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(windowStart(new Date('2024-03-31T00:00:00Z'), 1).toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
});
