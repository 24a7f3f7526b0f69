import type { FastifyInstance } from 'fastify';
import { AppError, type ErrorDetail } from '../errors.ts';

/**
 * Text hygiene for every request, before any schema sees it. PostgreSQL refuses U+0000 in text
 * (a 500 from deep inside a query) and a lone surrogate is not Unicode at all, so both are
 * refused with the field named. Bidirectional embedding, override and isolate controls
 * (U+202A–U+202E, U+2066–U+2069) make "客户A\u202Eexe.pdf" display as something else in every
 * list that shows it; no CRM text needs them, so they are removed, as file names already are.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export type InputProblem = ErrorDetail;

/** The first problem of a string, by its field path, or null. */
function problemOf(text: string, path: string): InputProblem | null {
  if (text.includes('\u0000')) return { path, key: 'validation.nulCharacter' };
  if (!text.isWellFormed()) return { path, key: 'validation.malformedUnicode' };
  return null;
}

/**
 * Parsed JSON and query strings are plain objects; anything else (a raw upload's stream, a
 * Buffer) is not text to check, and walking a stream would wander into its socket and server.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function join(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/**
 * Checks every string (and object key) of a parsed JSON body or query, and returns the value
 * with bidi controls removed (a copy only where something changed) and the problems found.
 */
export function cleanInput(value: unknown, path = ''): { value: unknown; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === 'string') {
      const problem = problemOf(v, at === '' ? 'body' : at);
      if (problem) {
        problems.push(problem);
        return v;
      }
      return BIDI_CONTROLS.test(v) ? v.replace(BIDI_CONTROLS, '') : v;
    }
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((item, i) => {
        const next = walk(item, join(at, i));
        if (next !== item) changed = true;
        return next;
      });
      return changed ? out : v;
    }
    if (isPlainObject(v)) {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) {
        const keyProblem = problemOf(key, join(at, '(key)'));
        if (keyProblem) problems.push(keyProblem);
        const next = walk(item, join(at, key));
        if (next !== item) changed = true;
        out[key] = next;
      }
      return changed ? out : v;
    }
    return v;
  };
  const cleaned = walk(value, path);
  return { value: cleaned, problems };
}

/** Applies cleanInput to the query, the path parameters and a JSON body of every request. */
export function registerInputHygiene(app: FastifyInstance): void {
  // A callback hook, not an async one: no extra turn of the event loop for every request (an
  // upload's body keeps streaming meanwhile).
  app.addHook('preValidation', (req, _reply, done) => {
    const problems: InputProblem[] = [];
    for (const part of ['query', 'params', 'body'] as const) {
      let raw: unknown = req[part];
      // The query-string parser's objects have a prototype of their own: take their fields.
      if (part !== 'body' && raw !== null && typeof raw === 'object') raw = { ...raw };
      if (typeof raw !== 'string' && !Array.isArray(raw) && !isPlainObject(raw)) continue;
      const { value, problems: found } = cleanInput(raw);
      problems.push(...found);
      if (value !== raw) (req as unknown as Record<string, unknown>)[part] = value;
    }
    done(problems.length > 0 ? new AppError('VALIDATION_FAILED', { details: problems }) : undefined);
  });
}
