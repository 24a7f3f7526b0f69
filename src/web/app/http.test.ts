import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, buildQuery, NETWORK_ERROR, onAuthEvent, setCsrfToken, setRequestLanguage } from './http.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

function respond(status: number, body: unknown) {
  const fetchMock = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('buildQuery', () => {
  it('leaves out empty values', () => {
    expect(buildQuery({ q: '', status: undefined, roleId: null, limit: 20, cursor: 'abc' })).toBe('?limit=20&cursor=abc');
    expect(buildQuery({})).toBe('');
  });
});

describe('api', () => {
  it('sends the language always and the CSRF token on writes only', async () => {
    const fetchMock = respond(200, { ok: true });
    setRequestLanguage('en');
    setCsrfToken('tok');
    await api('/users');
    await api('/users', { method: 'POST', body: { a: 1 } });
    const [getInit, postInit] = fetchMock.mock.calls.map((c) => (c as unknown as [string, RequestInit])[1]);
    expect(getInit?.headers).toMatchObject({ 'Accept-Language': 'en' });
    expect(getInit?.headers).not.toHaveProperty('X-CSRF-Token');
    expect(postInit?.headers).toMatchObject({ 'X-CSRF-Token': 'tok', 'Content-Type': 'application/json' });
  });

  it('turns an error body into an ApiError with details', async () => {
    respond(400, { error: { code: 'VALIDATION_FAILED', message: '有字段无效', details: [{ path: 'email', message: '邮箱无效' }] } });
    const err = await api('/users', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '有字段无效', details: [{ path: 'email', message: '邮箱无效' }] });
  });

  it('reports an expired session, but not a wrong password at sign-in', async () => {
    const events: string[] = [];
    const off = onAuthEvent((e) => events.push(e));
    respond(401, { error: { code: 'UNAUTHENTICATED', message: 'x' } });
    await api('/users').catch(() => undefined);
    respond(401, { error: { code: 'INVALID_CREDENTIALS', message: 'x' } });
    await api('/auth/login', { method: 'POST', body: {} }).catch(() => undefined);
    respond(401, { error: { code: 'UNAUTHENTICATED', message: 'x' } });
    await api('/auth/me').catch(() => undefined);
    respond(403, { error: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'x' } });
    await api('/users').catch(() => undefined);
    respond(401, { error: { code: 'UNAUTHENTICATED', message: 'x' } });
    await api('/auth/me', { method: 'PATCH', body: { locale: 'en' } }).catch(() => undefined);
    off();
    expect(events).toEqual(['unauthorized', 'passwordChangeRequired', 'unauthorized']);
  });

  it('maps a non-JSON failure and a network failure', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502 })));
    expect(await api('/users').catch((e: unknown) => e)).toMatchObject({ status: 502, code: 'HTTP_502' });
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(await api('/users').catch((e: unknown) => e)).toMatchObject({ status: 0, code: NETWORK_ERROR });
  });
});
