/**
 * The source of "now". Business code receives a Clock instead of calling Date.now(), so tests
 * can move time (session expiry, lockout windows, reminders, SLAs).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-05T09:00:00+08:00') {
    this.current = new Date(start).getTime();
  }
  /** Each reading moves time on by 1 ms, so events recorded in one test keep their order. */
  now(): Date {
    this.current += 1;
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
