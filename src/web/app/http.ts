import type { z } from 'zod';
import type { ErrorResponse, page } from '../../contracts/common.ts';

/**
 * The one way the web UI talks to the API. It adds the CSRF token on writes and the UI
 * language on every request, and turns every failure into an ApiError with the server's
 * (already localised) message and per-field details.
 */

export const API_BASE = '/api/v1';

export type FieldIssue = { path: string; message: string };

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

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${buildQuery(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, NETWORK_ERROR, '');
  }

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

  const error = isErrorResponse(body)
    ? new ApiError(response.status, body.error.code, body.error.message, body.error.details ?? [], body.error.candidates ?? [], body.error.mergedIntoId ?? null)
    : new ApiError(response.status, `HTTP_${response.status}`, '');

  if (response.status === 401 && !expected401(method, path)) {
    for (const listener of listeners) listener('unauthorized');
  }
  if (response.status === 403 && error.code === 'PASSWORD_CHANGE_REQUIRED') {
    for (const listener of listeners) listener('passwordChangeRequired');
  }
  throw error;
}

/** The shape of every keyset-paginated list answer, derived from the contract's `page()`. */
export type CursorPage<T extends z.ZodType> = z.infer<ReturnType<typeof page<T>>>;
