import { describe, expect, it } from 'vitest';
import { startOfDay } from './clock.ts';

describe('startOfDay', () => {
  it('is midnight in the business time zone, not in UTC', () => {
    // 00:30 on 2 March in Beijing is still 1 March in UTC.
    expect(startOfDay(new Date('2026-03-01T16:30:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(startOfDay(new Date('2026-03-01T15:59:59Z'), 'Asia/Shanghai').toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(startOfDay(new Date('2026-03-01T12:00:00Z'), 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});
