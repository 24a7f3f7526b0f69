import crypto from 'node:crypto';
import { resolveRef, type JsonSchema, type OpenApiDoc } from './openapi.ts';

/**
 * A value for a named property (or undefined: generate one from the schema). The sweep uses it
 * to put ids the caller may legitimately use (its own customer, itself as owner) and the
 * target's current version into bodies, so that a refusal comes from the access rules and
 * never from validation.
 */
export type Hint = (name: string, schema: JsonSchema, required: boolean) => unknown;

export interface GenOptions {
  hint?: Hint;
  /** The moment dates and date-times are made from (the harness clock): today's date, an hour ago. */
  now?: Date;
  /** Today's date in the business time zone (a quote dated today may be valid until today). */
  today?: string;
}

/** Candidates tried, in order, against a `pattern` without a known format. */
const PATTERN_CANDIDATES = ['sweep', 'SWEEP', 'sweep1', 'SW1', 'a', 'A', '1', '10', 'x-1', '#336699', 'CNY', '{seq}', 'C{yyyy}{seq:4}', '+8613800000000', '13800000000'];

/**
 * Generates a value that satisfies the JSON Schema subset the zod→OpenAPI transform emits:
 * object (required properties; optional ones only where the hint gives a value),
 * string (format uuid/date/date-time/email/uri, length, pattern, enum), number/integer with
 * bounds, boolean, array with minItems, anyOf/oneOf (first non-null branch), const, $ref.
 */
export function generate(doc: OpenApiDoc, schema: JsonSchema, opts: GenOptions = {}, name = ''): unknown {
  const hint = opts.hint ?? (() => undefined);
  const s = resolveRef(doc, schema);
  if ('const' in s) return s.const;
  const branches = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (branches) {
    const branch = branches.map((b) => resolveRef(doc, b)).find((b) => b.type !== 'null') ?? branches[0];
    return generate(doc, branch as JsonSchema, opts, name);
  }
  if (Array.isArray(s.enum)) return s.enum[0];
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>((s.required as string[] | undefined) ?? []);
      for (const [prop, propSchema] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
        const given = hint(prop, propSchema, required.has(prop));
        if (given !== undefined) out[prop] = given;
        else if (required.has(prop)) out[prop] = generate(doc, propSchema, opts, prop);
      }
      return out;
    }
    case 'array': {
      const n = (s.minItems as number | undefined) ?? 0;
      return Array.from({ length: n }, () => generate(doc, (s.items ?? {}) as JsonSchema, opts, name));
    }
    case 'string':
      return stringFor(s, name, opts);
    case 'integer':
    case 'number':
      return numberFor(s, type === 'integer');
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      throw new Error(`sweep body generator: no rule for schema of '${name}': ${JSON.stringify(s).slice(0, 200)}`);
  }
}

function stringFor(s: JsonSchema, name: string, opts: GenOptions): string {
  const now = opts.now ?? new Date();
  switch (s.format) {
    case 'uuid':
      return crypto.randomUUID();
    case 'date':
      return opts.today ?? now.toISOString().slice(0, 10);
    case 'date-time':
      // An hour ago: a past event (happenedAt) and a due time (dueAt) alike.
      return new Date(now.getTime() - 3_600_000).toISOString();
    case 'email':
      return 'sweep@example.com';
    case 'uri':
      return 'https://example.com/sweep';
  }
  const min = (s.minLength as number | undefined) ?? 0;
  const max = (s.maxLength as number | undefined) ?? Infinity;
  const fits = (v: string) => v.length >= min && v.length <= max;
  if (typeof s.pattern === 'string') {
    const re = new RegExp(s.pattern, 'u');
    const found = PATTERN_CANDIDATES.flatMap((c) => [c, c.padEnd(Math.max(min, c.length), '1')]).find((c) => fits(c) && re.test(c));
    if (found === undefined) throw new Error(`sweep body generator: no candidate fits the pattern of '${name}' (${s.pattern}); add one or a hint`);
    return found;
  }
  return 'sweep'.padEnd(min, 'x').slice(0, Math.min(max, Math.max(min, 5)));
}

function numberFor(s: JsonSchema, integer: boolean): number {
  let lo = (s.minimum as number | undefined) ?? -Infinity;
  if (typeof s.exclusiveMinimum === 'number') lo = Math.max(lo, s.exclusiveMinimum + (integer ? 1 : 0.01));
  let hi = (s.maximum as number | undefined) ?? Infinity;
  if (typeof s.exclusiveMaximum === 'number') hi = Math.min(hi, s.exclusiveMaximum - (integer ? 1 : 0.01));
  // 1 is a plain, positive amount, count or percentage; otherwise the nearest bound.
  const v = Math.min(Math.max(1, lo), hi);
  return integer ? Math.ceil(v) : v;
}
