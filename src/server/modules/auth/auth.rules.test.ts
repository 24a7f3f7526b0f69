import { describe, expect, it } from 'vitest';
import { LOCKOUT, lockState, normaliseLogin } from './auth.rules.ts';

const now = new Date('2026-03-01T10:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;

/** `n` failures, newest first, the newest `newestAgo` ms ago and one minute apart. */
function failures(n: number, newestAgo = 0, gap = MIN): Date[] {
  return Array.from({ length: n }, (_, i) => ago(newestAgo + i * gap));
}

describe('lockState', () => {
  it('is unlocked without failures', () => {
    expect(lockState([], now)).toEqual({ locked: false });
  });

  it('does not lock after 4 failures', () => {
    expect(LOCKOUT.maxFailures).toBe(5);
    expect(lockState(failures(4), now)).toEqual({ locked: false });
  });

  it('locks after 5 failures until 15 minutes after the fifth newest', () => {
    const f = failures(5); // newest now, fifth newest 4 minutes ago
    const state = lockState(f, now);
    expect(state).toEqual({ locked: true, until: new Date(ago(4 * MIN).getTime() + LOCKOUT.windowMs), minutes: 11 });
  });

  it('counts from the fifth newest failure when there are more', () => {
    // 7 failures: the oldest two are older than the window; the fifth newest is 4 minutes ago
    const state = lockState(failures(7), now);
    expect(state.locked).toBe(true);
    if (state.locked) expect(state.until.getTime()).toBe(now.getTime() - 4 * MIN + LOCKOUT.windowMs);
  });

  it('unlocks exactly when the window has passed since the fifth newest failure', () => {
    const fifthAt = (msAgo: number) => [ago(0), ago(1), ago(2), ago(3), ago(msAgo)];
    expect(lockState(fifthAt(LOCKOUT.windowMs), now)).toEqual({ locked: false });
    expect(lockState(fifthAt(LOCKOUT.windowMs + 1), now)).toEqual({ locked: false });
    const state = lockState(fifthAt(LOCKOUT.windowMs - 1), now);
    expect(state).toEqual({ locked: true, until: new Date(now.getTime() + 1), minutes: 1 });
  });

  it('rounds remaining minutes up, never below one', () => {
    const withFifth = (msAgo: number) => lockState([ago(0), ago(1), ago(2), ago(3), ago(msAgo)], now);
    const minutes = (msAgo: number) => {
      const s = withFifth(msAgo);
      return s.locked ? s.minutes : 0;
    };
    expect(minutes(0)).toBe(15); // exactly 15 minutes left
    expect(minutes(1)).toBe(15); // 14:59.999 left → 15
    expect(minutes(MIN)).toBe(14);
    expect(minutes(MIN + 1)).toBe(14);
    expect(minutes(14 * MIN)).toBe(1);
    expect(minutes(14 * MIN + 59_999)).toBe(1); // 1 ms left
  });

  it('does not lock five failures spread wider than the window', () => {
    expect(lockState(failures(5, 0, 4 * MIN), now)).toEqual({ locked: false }); // 16 minutes between newest and fifth
  });
});

describe('normaliseLogin', () => {
  it('trims and lower-cases', () => {
    expect(normaliseLogin('  Zhang.San@Example.COM ')).toBe('zhang.san@example.com');
  });
});
