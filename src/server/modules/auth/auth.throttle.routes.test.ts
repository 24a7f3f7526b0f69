import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, USER_PASSWORD, type Harness } from '../../../../test/helpers/harness.ts';

// The real limit (the other suites raise it, since all their logins come from 127.0.0.1), and
// inject's 127.0.0.1 as the trusted proxy, so X-Forwarded-For names the client.
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ LOGIN_LIMIT_PER_IP: '20', TRUST_PROXY: '127.0.0.1' });
});
afterAll(async () => h.close());

function from(ip: string) {
  return { 'x-forwarded-for': ip };
}

describe('login attempts per IP address', () => {
  it('the 21st attempt within a minute from one address is 429 with Retry-After, whatever accounts it tries', async () => {
    const victims = await Promise.all([1, 2, 3, 4, 5].map(() => h.createUser({ role: 'sales' })));
    const c = h.client();
    // A password spray: 4 guesses on each of 5 accounts — under each account's lockout threshold.
    for (let i = 0; i < 20; i++) {
      const v = victims[i % 5]!;
      const res = await c.post('/api/v1/auth/login', { username: v.username, password: `Spring2026!${i}` }, from('198.51.100.7'));
      expect(res.status, `attempt ${i + 1}`).not.toBe(429);
    }
    const blocked = await c.post('/api/v1/auth/login', { username: victims[0]!.username, password: USER_PASSWORD }, from('198.51.100.7'));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many login attempts from your network; try again in 60 seconds' });
    expect(blocked.headers['retry-after']).toBe('60');
    // Another address is not held back, and the accounts themselves are not locked.
    expect((await c.post('/api/v1/auth/login', { username: victims[1]!.username, password: USER_PASSWORD }, from('203.0.113.20'))).status).toBe(200);

    h.clock.advance(30_000);
    const later = await c.post('/api/v1/auth/login', { username: victims[0]!.username, password: USER_PASSWORD }, from('198.51.100.7'));
    expect(later.status).toBe(429);
    expect(later.headers['retry-after']).toBe('30');
    h.clock.advance(30_001);
    expect((await c.post('/api/v1/auth/login', { username: victims[3]!.username, password: USER_PASSWORD }, from('198.51.100.7'))).status).toBe(200);
  });
});
