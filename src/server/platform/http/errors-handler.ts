import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '../../../contracts/common.ts';
import { AppError, STATUS, type ErrorCode } from '../errors.ts';
import { translate } from './messages.ts';
import { ResponseSchemaError } from './serializer.ts';
import { issueMessage, issuePath, RequestValidationError } from './validation.ts';

function send(reply: FastifyReply, status: number, body: ErrorResponse) {
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** PostgreSQL error codes that are the caller's fault rather than ours. */
function fromPostgres(err: { code?: string; constraint?: string }): AppError | null {
  switch (err.code) {
    case '23505':
      return new AppError('DUPLICATE');
    case '40001':
    case '40P01':
      return new AppError('VERSION_CONFLICT');
    default:
      return null;
  }
}

/** Maps every error to the one error shape, in the caller's language. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const locale = req.locale;
    if (err instanceof RequestValidationError) {
      return send(reply, 400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: translate(locale, 'VALIDATION_FAILED'),
          details: err.issues.map((i) => ({ path: issuePath(i, err.validationContext), message: issueMessage(i, locale) })),
        },
      });
    }
    // Drizzle wraps the driver's error; the PostgreSQL code is on its cause.
    const appErr = err instanceof AppError ? err : (fromPostgres(err) ?? fromPostgres((err as { cause?: { code?: string } }).cause ?? {}));
    if (appErr) {
      const body: ErrorResponse = {
        error: { ...appErr.data, code: appErr.code, message: translate(locale, appErr.key, appErr.params) },
      };
      if (appErr.details.length > 0) {
        body.error.details = appErr.details.map((d) => ({ path: d.path, message: translate(locale, d.key, d.params) }));
      }
      if (appErr.code === 'ACCOUNT_LOCKED' && typeof appErr.params.minutes === 'number') {
        void reply.header('retry-after', String(appErr.params.minutes * 60));
      }
      if (appErr.code === 'RATE_LIMITED' && typeof appErr.params.seconds === 'number') {
        void reply.header('retry-after', String(appErr.params.seconds));
      }
      return send(reply, appErr.status, body);
    }
    if (err instanceof ResponseSchemaError) {
      req.log.error({ err, issues: err.issues }, 'response did not match its schema');
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Malformed JSON, wrong content type, body too large: Fastify's own 4xx errors.
      const code: ErrorCode = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
      return send(reply, status, { error: { code, message: err.message, details: [{ path: 'body', message: err.message }] } });
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, STATUS.INTERNAL, { error: { code: 'INTERNAL', message: translate(locale, 'INTERNAL') } });
  });
}
