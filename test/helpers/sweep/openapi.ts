/** The operations of the app's OpenAPI document, as the sweep walks them. */

export type JsonSchema = Record<string, any>;

export interface OpenApiDoc {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The path as documented, e.g. `/api/v1/customers/{id}`. */
  path: string;
  /** `METHOD path`: how lists in the sweep name an operation. */
  key: string;
  params: Parameter[];
  /** The JSON request body's schema, with a top-level $ref resolved. */
  body: JsonSchema | null;
  /** The operation takes a request body that is not JSON (an upload: raw bytes). */
  rawBody: boolean;
}

const METHODS = new Set(['get', 'post', 'patch', 'put', 'delete']);

export function resolveRef(doc: OpenApiDoc, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; s && typeof s.$ref === 'string' && i < 20; i++) {
    const name = (s.$ref).replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters ?? []) as Parameter[];
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.has(m)) continue;
      const method = m.toUpperCase() as Operation['method'];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      ops.push({
        method,
        path,
        key: `${method} ${path}`,
        params: [...shared, ...((op.parameters ?? []) as Parameter[])],
        body: json ? resolveRef(doc, json) : null,
        // Uploads declare no JSON body: the file is the raw body, as their summary says.
        rawBody: !json && /raw body/i.test(op.summary ?? ''),
      });
    }
  }
  return ops;
}
