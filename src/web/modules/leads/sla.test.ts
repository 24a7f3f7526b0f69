import { describe, expect, it } from 'vitest';
import { formatDuration, slaAt, slaTicks } from './sla.ts';

const deadline = '2026-03-02T10:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('slaAt', () => {
  it('counts down from the deadline, not from the snapshot the server sent', () => {
    const sla = { kind: 'pending', deadline, remainingMs: 86_400_000 } as const;
    expect(slaAt(sla, at('2026-03-02T09:00:00.000Z'))).toEqual({ kind: 'pending', remainingMs: 3_600_000 });
  });

  it('is still pending at the deadline itself and overdue a millisecond later', () => {
    const sla = { kind: 'pending', deadline, remainingMs: 1000 } as const;
    expect(slaAt(sla, at(deadline))).toEqual({ kind: 'pending', remainingMs: 0 });
    expect(slaAt(sla, at(deadline) + 1)).toEqual({ kind: 'overdue', overdueMs: 1 });
  });

  it('keeps counting an overdue lead', () => {
    const sla = { kind: 'overdue', deadline, overdueMs: 5 } as const;
    expect(slaAt(sla, at('2026-03-02T12:30:00.000Z'))).toEqual({ kind: 'overdue', overdueMs: 9_000_000 });
  });

  it('leaves settled SLAs as the server decided them', () => {
    expect(slaAt({ kind: 'met', deadline }, at('2030-01-01T00:00:00Z'))).toEqual({ kind: 'met' });
    expect(slaAt({ kind: 'missed', deadline, lateByMs: 42 }, 0)).toEqual({ kind: 'missed', lateByMs: 42 });
    expect(slaAt({ kind: 'none' }, 0)).toEqual({ kind: 'none' });
  });

  it('ticks only while the lead waits for an owner', () => {
    expect(slaTicks({ kind: 'pending', deadline, remainingMs: 1 })).toBe(true);
    expect(slaTicks({ kind: 'overdue', deadline, overdueMs: 1 })).toBe(true);
    expect(slaTicks({ kind: 'met', deadline })).toBe(false);
    expect(slaTicks({ kind: 'none' })).toBe(false);
  });
});

describe('formatDuration', () => {
  it('shows hours, minutes and seconds, hours unbounded', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(86_399_999)).toBe('23:59:59');
    expect(formatDuration(86_400_000)).toBe('24:00:00');
    expect(formatDuration(50 * 3_600_000 + 61_000)).toBe('50:01:01');
  });

  it('never shows a negative time', () => {
    expect(formatDuration(-5000)).toBe('0:00:00');
  });
});
