import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/**
 * Response serialisation: every answer carries only what its route's zod schema declares (a
 * field a handler returns by mistake — another table's column, a hidden field — never leaves),
 * then JSON.stringify.
 *
 * The handlers' return values are already typed by the schemas (the zod type provider), so the
 * schema is not checked again at run time in production: running zod over a page of 50
 * customers (its checks and a copy of every object) took more than the JSON itself, a fifth of
 * a search's time in Node (docs/benchmarks.md, issue 16). Instead each schema is compiled once
 * into a function that copies the declared keys. With `check` (the test suites: RESPONSE_CHECK)
 * every answer is also encoded by zod, which must succeed and give the same JSON, so the whole
 * suite proves the compiled copy equal to zod's.
 */
export function createResponseSerializer(opts: { check: boolean }): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) => {
    const strip = compile(schema);
    if (!opts.check) return (data) => JSON.stringify(strip(data));
    return (data) => {
      const fast = JSON.stringify(strip(data));
      const checked = z.safeEncode(schema, data);
      if (checked.error) throw new ResponseSchemaError(method, url, checked.error.issues);
      if (JSON.stringify(checked.data) !== fast) throw new ResponseSchemaError(method, url, [], 'the compiled serialiser differs from zod');
      return fast;
    };
  };
}

/** A response that does not match its schema (a bug: 500). */
export class ResponseSchemaError extends Error {
  readonly issues: z.core.$ZodIssue[];
  constructor(method: string, url: string, issues: z.core.$ZodIssue[], why = 'response does not match its schema') {
    super(`${method} ${url}: ${why}${issues.length ? `: ${JSON.stringify(issues.slice(0, 3))}` : ''}`);
    this.issues = issues;
  }
}

type Strip = (value: unknown) => unknown;
const same: Strip = (value) => value;

/**
 * The copy of a value that keeps what `schema` declares. Objects keep their declared keys in
 * the schema's order (as zod's output does), arrays and records are copied element by element,
 * wrappers (nullable, optional, default…) pass to their inner schema; what the copy cannot
 * decide by itself (a union of objects, a transform or codec) is left to zod for that part.
 */
function compile(schema: z.core.$ZodType, seen = new Map<z.core.$ZodType, Strip>()): Strip {
  const known = seen.get(schema);
  if (known) return known;
  // Recursive schemas (z.lazy): the entry points at the compiled function once it exists.
  let compiled: Strip = same;
  seen.set(schema, (v) => compiled(v));
  compiled = compileDef(schema, seen);
  seen.set(schema, compiled);
  return compiled;
}

function compileDef(schema: z.core.$ZodType, seen: Map<z.core.$ZodType, Strip>): Strip {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'int':
    case 'boolean':
    case 'bigint':
    case 'enum':
    case 'literal':
    case 'null':
    case 'undefined':
    case 'void':
    case 'date':
    case 'nan':
    case 'template_literal':
    case 'any':
    case 'unknown':
    case 'never':
    case 'symbol':
    case 'file':
    case 'custom':
      return same;
    case 'nullable':
    case 'optional':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
    case 'default':
    case 'prefault': {
      const inner = compile(def.innerType as z.core.$ZodType, seen);
      return (v) => (v === null || v === undefined ? v : inner(v));
    }
    case 'lazy':
      return compile((def.getter as () => z.core.$ZodType)(), seen);
    case 'array': {
      const element = compile(def.element as z.core.$ZodType, seen);
      if (element === same) return (v) => (Array.isArray(v) ? v.slice() : v);
      return (v) => (Array.isArray(v) ? v.map((x) => element(x)) : v);
    }
    case 'record': {
      const value = compile(def.valueType as z.core.$ZodType, seen);
      return (v) => {
        if (!isPlainObject(v)) return v;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v)) out[k] = value(v[k]);
        return out;
      };
    }
    case 'object':
      return compileObject(def as unknown as z.core.$ZodObjectDef, seen);
    case 'union':
      // Values of one kind each (enum | null, string | number): nothing to choose.
      if ((def.options as z.core.$ZodType[]).every((o) => compile(o, seen) === same)) return same;
      return byZod(schema);
    default:
      // pipe, transform, codec, intersection, tuple, map, set, promise, function…
      return byZod(schema);
  }
}

function compileObject(def: z.core.$ZodObjectDef, seen: Map<z.core.$ZodType, Strip>): Strip {
  const keys = Object.keys(def.shape);
  const fields = keys.map((k) => compile(def.shape[k] as z.core.$ZodType, seen));
  // A catch-all other than never (passthrough, z.looseObject, a catchall schema) keeps the other keys.
  const rest = def.catchall && def.catchall._zod.def.type !== 'never' ? compile(def.catchall, seen) : undefined;
  return (v) => {
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const x = v[k];
      if (x !== undefined) out[k] = (fields[i] as Strip)(x);
    }
    if (rest) for (const k of Object.keys(v)) if (!(k in def.shape) && v[k] !== undefined) out[k] = rest(v[k]);
    return out;
  };
}

/** zod's own encoding of a part the copy cannot decide; refused as zod refuses it (500), never sent as it is. */
function byZod(schema: z.core.$ZodType): Strip {
  return (v) => {
    const r = z.safeEncode(schema, v);
    if (!r.success) throw new ResponseSchemaError('', '', r.error.issues, 'a part of the response does not match its schema');
    return r.data;
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
