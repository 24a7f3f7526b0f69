import { afterAll, describe, expect, it } from 'vitest';
import { createHarness, USER_PASSWORD, type Harness } from '../../../../test/helpers/harness.ts';

/**
 * Behind a reverse proxy: the client's address is the right-most X-Forwarded-For entry not
 * written by a trusted proxy (the left-most is whatever the client claims), HSTS goes out
 * only when the proxy says the request came over HTTPS, and no X-Forwarded-Host shapes a
 * URL Kehu hands out.
 */
const harnesses = new Map<string, Promise<Harness>>();
afterAll(async () => {
  for (const h of harnesses.values()) await (await h).close();
});

/** One app per setting, shared by the tests that use the same one. */
function harness(env: Record<string, string>): Promise<Harness> {
  const key = JSON.stringify(env);
  let h = harnesses.get(key);
  if (!h) harnesses.set(key, (h = createHarness(env)));
  return h;
}

/** Logs a new user in with the given X-Forwarded-For and returns the address the audit log recorded. */
async function loggedIp(h: Harness, forwardedFor: string): Promise<string> {
  const u = await h.createUser({ role: 'sales' });
  const res = await h.client().request('POST', '/api/v1/auth/login', { username: u.username, password: USER_PASSWORD }, { 'x-forwarded-for': forwardedFor });
  expect(res.status).toBe(200);
  const admin = await h.admin();
  const log = await admin.get(`/api/v1/audit-log?entityId=${u.id}&action=login`);
  return log.body.items[0].ip;
}

describe('client address behind a proxy', () => {
  it('TRUST_PROXY=<proxy addresses> takes the right-most address that is not a trusted proxy', async () => {
    const h = await harness({ TRUST_PROXY: '127.0.0.1' });
    // The client wrote 6.6.6.6 itself; our proxy (127.0.0.1, the injecting socket) appended the real peer.
    expect(await loggedIp(h, '6.6.6.6, 198.51.100.9')).toBe('198.51.100.9');
    // A chain of trusted proxies is walked through to the first untrusted hop.
    expect(await loggedIp(h, '6.6.6.6, 198.51.100.10, 127.0.0.1')).toBe('198.51.100.10');
    // A peer that is not a trusted proxy is the client, whatever it claims.
    const direct = await h.app.inject({ url: '/healthz', remoteAddress: '203.0.113.50', headers: { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-proto': 'https' } });
    expect(direct.headers['strict-transport-security']).toBeUndefined();
  });

  it('TRUST_PROXY=true trusts one hop, so a forged left-most entry is not the client', async () => {
    const h = await harness({ TRUST_PROXY: 'true' });
    expect(await loggedIp(h, '6.6.6.6, 198.51.100.9')).toBe('198.51.100.9');
    expect(await loggedIp(h, '198.51.100.11')).toBe('198.51.100.11');
  });

  it('sends HSTS only when a trusted proxy says the request came over HTTPS', async () => {
    const h = await harness({ TRUST_PROXY: 'true' });
    const overHttps = await h.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(overHttps.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const overHttp = await h.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'http' } });
    expect(overHttp.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('URLs Kehu builds', () => {
  const forged = { host: 'crm.internal:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

  it('come from the Host header, never from X-Forwarded-Host, without PUBLIC_URL', async () => {
    const h = await harness({ TRUST_PROXY: 'true' });
    const u = await h.createUser({ role: 'sales' });
    const res = await u.client.post('/api/v1/me/calendar-feed', {}, forged);
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^https:\/\/crm\.internal:3000\/ical\/[^/]+\.ics$/);
    expect(res.body.url).not.toContain('evil');
  });

  it('start with PUBLIC_URL when it is set', async () => {
    const h = await harness({ TRUST_PROXY: 'true', PUBLIC_URL: 'https://crm.example.com/' });
    const u = await h.createUser({ role: 'sales' });
    const res = await u.client.post('/api/v1/me/calendar-feed', {}, forged);
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^https:\/\/crm\.example\.com\/ical\/[^/]+\.ics$/);
  });
});
