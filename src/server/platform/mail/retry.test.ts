import { describe, expect, it } from 'vitest';
import { afterFailedAttempt, describeSendError, MAX_ATTEMPTS, nextAttemptAt } from './retry.ts';

describe('mail retries', () => {
  const queued = new Date('2026-03-01T08:00:00Z');
  it('tries at once, then 1, 5, 30 minutes and 2 hours after queueing, then no more', () => {
    const at = [0, 1, 2, 3, 4, 5].map((n) => nextAttemptAt(queued, n)?.toISOString() ?? null);
    expect(at).toEqual(['2026-03-01T08:00:00.000Z', '2026-03-01T08:01:00.000Z', '2026-03-01T08:05:00.000Z', '2026-03-01T08:30:00.000Z', '2026-03-01T10:00:00.000Z', null]);
  });
  it('counts failed attempts and gives up after the fifth', () => {
    expect(MAX_ATTEMPTS).toBe(5);
    expect(afterFailedAttempt(0)).toEqual({ attempts: 1, status: 'queued' });
    expect(afterFailedAttempt(3)).toEqual({ attempts: 4, status: 'queued' });
    expect(afterFailedAttempt(4)).toEqual({ attempts: 5, status: 'failed' });
  });
  it('keeps the SMTP answer of an error, on one line and cut short', () => {
    const rejected = Object.assign(new Error('Can\'t send mail - all recipients were rejected'), { response: '550 5.1.1 <x@example.com>: Recipient\r\n address rejected' });
    expect(describeSendError(rejected)).toBe("Can't send mail - all recipients were rejected: 550 5.1.1 <x@example.com>: Recipient address rejected");
    const included = Object.assign(new Error('Message failed: 552 too big'), { response: '552 too big' });
    expect(describeSendError(included)).toBe('Message failed: 552 too big');
    expect(describeSendError(new Error('connect ECONNREFUSED 127.0.0.1:25'))).toBe('connect ECONNREFUSED 127.0.0.1:25');
    expect(describeSendError('odd')).toBe('odd');
    expect(describeSendError(new Error(''))).toBe('unknown error');
    const long = describeSendError(new Error('x'.repeat(5000)));
    expect(long).toHaveLength(1000);
    expect(long.endsWith('…')).toBe(true);
  });
});
