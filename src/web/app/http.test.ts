import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, buildQuery, NETWORK_ERROR, onAuthEvent, setCsrfToken, setRequestLanguage, uploadWithProgress } from './http.ts';

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

/** Just enough of XMLHttpRequest to drive `uploadWithProgress` by hand. */
class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  sent: unknown = null;
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

describe('uploadWithProgress', () => {
  it('sends the file raw with the language and CSRF token, reports progress and resolves with the answer', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    setRequestLanguage('en');
    setCsrfToken('tok');
    const progress: number[] = [];
    const file = new Blob(['%PDF-1.4']);
    const done = uploadWithProgress<{ id: string }>('/attachments/customer/c1', file, { query: { fileName: '报价单.pdf' }, onProgress: (p) => progress.push(p) });
    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url]).toEqual(['POST', `/api/v1/attachments/customer/c1?fileName=${encodeURIComponent('报价单.pdf')}`]);
    expect(xhr.headers).toMatchObject({ 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': 'tok', 'Accept-Language': 'en' });
    expect(xhr.sent).toBe(file);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 4, total: 8 });
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 8, total: 8 });
    xhr.respond(201, { id: 'a1' });
    expect(await done).toEqual({ id: 'a1' });
    expect(progress).toEqual([50, 100]);
  });

  it('rejects with the ApiError of an error answer, a network error, or an AbortError', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const tooLarge = uploadWithProgress('/attachments/customer/c1', new Blob(['x']));
    FakeXhr.last!.respond(413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The file is too large: at most 20 MB' } });
    expect(await tooLarge.catch((e: unknown) => e)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The file is too large: at most 20 MB' });
    const offline = uploadWithProgress('/attachments/customer/c1', new Blob(['x']));
    FakeXhr.last!.onerror?.();
    expect(await offline.catch((e: unknown) => e)).toMatchObject({ status: 0, code: NETWORK_ERROR });
    const controller = new AbortController();
    const cancelled = uploadWithProgress('/attachments/customer/c1', new Blob(['x']), { signal: controller.signal });
    controller.abort();
    expect(await cancelled.catch((e: unknown) => (e as Error).name)).toBe('AbortError');
  });
});
