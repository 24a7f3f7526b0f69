/**
 * Domain errors. Services throw AppError with a code; the HTTP edge maps the code to a status
 * once (STATUS below) and localises the message (http/messages.ts).
 */
export const STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  DUPLICATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  BUSINESS_RULE: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof STATUS;
export type MessageParams = Record<string, string | number>;

export interface ErrorDetail {
  path: string;
  /** A message key from the catalogue (or a literal message). */
  key: string;
  params?: MessageParams;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Catalogue key of the message; defaults to the code itself. */
  readonly key: string;
  readonly params: MessageParams;
  readonly details: ErrorDetail[];
  /** Extra members of the error body, e.g. `candidates` of a 409 duplicate. */
  readonly data: Record<string, unknown>;

  constructor(code: ErrorCode, opts: { key?: string; params?: MessageParams; details?: ErrorDetail[]; data?: Record<string, unknown> } = {}) {
    super(opts.key ?? code);
    this.code = code;
    this.key = opts.key ?? code;
    this.params = opts.params ?? {};
    this.details = opts.details ?? [];
    this.data = opts.data ?? {};
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (entity: string) => new AppError('NOT_FOUND', { params: { entity } });
export const forbidden = () => new AppError('FORBIDDEN');
export const versionConflict = () => new AppError('VERSION_CONFLICT');
export const businessRule = (key: string, params?: MessageParams) => new AppError('BUSINESS_RULE', { key, params });
export const invalid = (details: ErrorDetail[]) => new AppError('VALIDATION_FAILED', { details });
/**
 * An id in a request body that names no record the caller may use: the same 400 whether the record
 * does not exist, was deleted or lies outside the caller's data scope, so a guess learns nothing.
 */
export const missingReference = (path: string, entity: string) => invalid([{ path, key: 'NOT_FOUND', params: { entity } }]);
