import type { z } from 'zod';
import type { ErrorResponse, page } from '../../contracts/common.ts';
import type { FieldIssue } from '../ui/fieldErrors.ts';

/**
 * The one way the web UI talks to the API. It adds the CSRF token on writes and the UI
 * language on every request, and turns every failure into an ApiError with the server's
 * (already localised) message and per-field details.
 */

export const API_BASE = '/api/v1';

export type { FieldIssue };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldIssue[];
  /** 409 DUPLICATE: the existing records that look the same (shape per the endpoint's contract). */
  readonly candidates: unknown[];
  /** 404 of a merged-away customer: the customer it was merged into. */
  readonly mergedIntoId: string | null;

  constructor(status: number, code: string, message: string, details: FieldIssue[] = [], candidates: unknown[] = [], mergedIntoId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.candidates = candidates;
    this.mergedIntoId = mergedIntoId;
  }
}

/** Status 0 means the request never got an HTTP answer (offline, server down, aborted). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

type AuthEvent = 'unauthorized' | 'passwordChangeRequired';
const listeners = new Set<(event: AuthEvent) => void>();

/** The session layer listens here to react to an expired session or a forced password change. */
export function onAuthEvent(listener: (event: AuthEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let csrfToken: string | null = null;
let language = 'zh-CN';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setRequestLanguage(lng: string): void {
  language = lng;
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** A file sent as the raw request body (application/octet-stream), instead of a JSON `body`. */
  file?: Blob;
  /** Empty values are left out; arrays are not used by this API. */
  query?: object;
  signal?: AbortSignal;
};

export function buildQuery(query: object | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, unknown][]) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
    else if (typeof value === 'number' || typeof value === 'boolean') params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** A 401 from these is an expected answer (wrong password, not signed in yet), not an expired session. */
function expected401(method: string, path: string): boolean {
  return path === '/auth/login' || (method === 'GET' && path === '/auth/me');
}

/** What every request carries: the answer's type, the UI language and, on writes, the CSRF token. */
function baseHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers = baseHeaders(method);
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.file) headers['Content-Type'] = 'application/octet-stream';
  try {
    return await fetch(`${API_BASE}${path}${buildQuery(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.file ?? (options.body === undefined ? null : JSON.stringify(options.body)),
      signal: options.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, NETWORK_ERROR, '');
  }
}

/**
 * A file from the API (an export, an error report) in the UI's language, saved by the browser
 * under the name the server gives. Errors arrive as JSON and are thrown like any other.
 */
export async function downloadFile(path: string, query?: object): Promise<void> {
  const response = await send(path, { query });
  if (!response.ok) {
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      body = undefined;
    }
    throw failure(response.status, 'GET', path, body);
  }
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/i.exec(disposition)?.[1] ?? 'download');
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const response = await send(path, options);
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }

  if (response.ok) return body as T;
  throw failure(response.status, method, path, body);
}

export type UploadOptions = {
  query?: object;
  /** 0–100 as the bytes go out. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
};

/**
 * A file POSTed as the raw request body (application/octet-stream) over XMLHttpRequest, which,
 * unlike fetch, reports upload progress. Same headers (language, CSRF token) and same errors as
 * `api`; an abort rejects with an AbortError.
 */
export function uploadWithProgress<T>(path: string, file: Blob, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}${path}${buildQuery(options.query)}`);
    for (const [name, value] of Object.entries({ ...baseHeaders('POST'), 'Content-Type': 'application/octet-stream' })) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(failure(xhr.status, 'POST', path, body));
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR, ''));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    if (options.signal?.aborted) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** The ApiError of a failed answer; tells the session layer about an expired session or a forced password change. */
function failure(status: number, method: string, path: string, body: unknown): ApiError {
  const error = isErrorResponse(body)
    ? new ApiError(status, body.error.code, body.error.message, body.error.details ?? [], body.error.candidates ?? [], body.error.mergedIntoId ?? null)
    : new ApiError(status, `HTTP_${status}`, '');

  if (status === 401 && !expected401(method, path)) {
    for (const listener of listeners) listener('unauthorized');
  }
  if (status === 403 && error.code === 'PASSWORD_CHANGE_REQUIRED') {
    for (const listener of listeners) listener('passwordChangeRequired');
  }
  return error;
}

/** The shape of every keyset-paginated list answer, derived from the contract's `page()`. */
export type CursorPage<T extends z.ZodType> = z.infer<ReturnType<typeof page<T>>>;
