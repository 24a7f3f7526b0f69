import { pino } from 'pino';

/**
 * What the logs keep of an error. A failed SQL statement arrives as Drizzle's DrizzleQueryError,
 * whose message (and so its stack) carries every bound parameter — budget notes, phone numbers,
 * password hashes — and PostgreSQL's own `detail` quotes the offending values ("Key
 * (email)=(…) already exists"). Logs are read by more people than the database, so for those
 * errors only the statement text, the SQLSTATE code and where it failed are kept. PostgreSQL's
 * message itself may quote a value too (`invalid input syntax for type integer: "…"`), so a
 * driver error without Drizzle around it loses its message the same way.
 */
export function serializeError(err: unknown): SerializedError {
  const query = queryOf(err);
  if (query === null && !isPgError(err)) return pino.stdSerializers.err(err as Error);
  const cause = (err as { cause?: unknown }).cause;
  const pgError = isObject(cause) ? cause : isObject(err) ? err : {};
  const frames = typeof (err as Error).stack === 'string' ? (err as Error).stack!.split('\n').filter((l) => l.trimStart().startsWith('at ')) : [];
  return {
    type: 'DatabaseError',
    message: `query failed${typeof pgError.code === 'string' ? ` (SQLSTATE ${pgError.code})` : ''}`,
    ...(query === null ? {} : { query }),
    code: pgError.code,
    constraint: pgError.constraint,
    table: pgError.table,
    column: pgError.column,
    routine: pgError.routine,
    stack: frames.join('\n'),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** An error of the pg driver: it has PostgreSQL's severity and SQLSTATE. */
function isPgError(err: unknown): boolean {
  return isObject(err) && typeof err.severity === 'string' && typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code);
}

/** The SQL of a failed statement (Drizzle's error), or null for any other error. */
function queryOf(err: unknown): string | null {
  if (!isObject(err)) return null;
  if (typeof err.query === 'string' && 'params' in err) return err.query;
  return null;
}

export interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

/** Serializers for every logger of the process (pino's and Fastify's). */
export const logSerializers = { err: serializeError, error: serializeError };
