import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './backoff.ts';

describe('reconnectDelayMs', () => {
  const opts = { minMs: 500, maxMs: 30_000 };
  it('doubles from the minimum up to the maximum', () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((n) => reconnectDelayMs(n, opts, none))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
  it('takes off up to a quarter at random, never more', () => {
    expect(reconnectDelayMs(0, opts, () => 0.999_999)).toBe(375);
    expect(reconnectDelayMs(10, opts, () => 0.5)).toBe(26_250);
    for (let i = 0; i < 100; i++) {
      const d = reconnectDelayMs(3, opts);
      expect(d).toBeGreaterThanOrEqual(3000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });
  it('treats a negative count as none', () => {
    expect(reconnectDelayMs(-3, opts, () => 0)).toBe(500);
  });
});
