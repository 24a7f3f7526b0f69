import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createResponseSerializer, ResponseSchemaError } from './serializer.ts';

const tag = z.object({ id: z.string(), name: z.string() });
const row = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  tags: z.array(tag),
  score: z.number().optional(),
  extra: z.record(z.string(), tag),
  kind: z.enum(['a', 'b']).nullable(),
});
const page = z.object({ items: z.array(row), nextCursor: z.string().nullable(), total: z.number().optional() });

const serializer = (schema: z.ZodType, check = false) => createResponseSerializer({ check })({ schema, method: 'GET', url: '/x', httpStatus: '200' });

describe('the response serializer', () => {
  const data = {
    items: [
      {
        name: '北京甲',
        id: '1',
        phone: null,
        passwordHash: 'secret',
        tags: [{ id: 't', name: '重点', internal: 1 }],
        extra: { k: { id: 'e', name: 'x', hidden: true } },
        kind: 'a',
      },
    ],
    nextCursor: null,
    debug: { sql: 'select …' },
  };

  it('keeps only the declared keys, at every depth, in the schema’s order', () => {
    const out = JSON.parse(serializer(page)(data));
    expect(out).toEqual({
      items: [{ id: '1', name: '北京甲', phone: null, tags: [{ id: 't', name: '重点' }], extra: { k: { id: 'e', name: 'x' } }, kind: 'a' }],
      nextCursor: null,
    });
    expect(Object.keys(out.items[0])).toEqual(['id', 'name', 'phone', 'tags', 'extra', 'kind']);
  });

  it('gives the same JSON as zod, checked or not', () => {
    expect(serializer(page, true)(data)).toBe(serializer(page)(data));
    expect(serializer(page)(data)).toBe(JSON.stringify(z.encode(page, data as never)));
  });

  it('leaves a union of objects and a transform to zod', () => {
    const union = z.object({ v: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]) });
    expect(serializer(union)({ v: { b: 2, c: 3 } })).toBe('{"v":{"b":2}}');
    // What zod refuses there is refused, never sent as it came.
    expect(() => serializer(union)({ v: { c: 3, secret: 'x' } })).toThrow(ResponseSchemaError);
    const loose = z.looseObject({ a: z.string() });
    expect(serializer(loose)({ a: 'x', b: 'kept' })).toBe('{"a":"x","b":"kept"}');
  });

  it('follows recursive schemas', () => {
    interface Node {
      name: string;
      children: Node[];
    }
    const node: z.ZodType<Node> = z.lazy(() => z.object({ name: z.string(), children: z.array(node) }));
    expect(serializer(node)({ name: 'a', x: 1, children: [{ name: 'b', y: 2, children: [] }] })).toBe('{"name":"a","children":[{"name":"b","children":[]}]}');
  });

  it('in check mode refuses an answer that does not match its schema', () => {
    const bad = { ...data, items: [{ ...data.items[0], phone: 12 }] };
    expect(() => serializer(page, true)(bad)).toThrow(ResponseSchemaError);
    // Unchecked, the declared keys still go out as they are.
    expect(JSON.parse(serializer(page)(bad)).items[0].phone).toBe(12);
  });
});
