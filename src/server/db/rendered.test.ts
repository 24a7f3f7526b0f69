import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { customers, users } from './schema/index.ts';
import { renderedOnce } from './rendered.ts';

const dialect = new PgDialect();

describe('renderedOnce', () => {
  it('gives the text drizzle would, as one piece, usable inside other statements', () => {
    const head = sql`select ${customers.id}, ${users.displayName} as "ownerName" from ${customers} left join ${users} on ${eq(users.id, customers.ownerId)}`;
    const once = renderedOnce(head);
    expect(dialect.sqlToQuery(once).sql).toBe(dialect.sqlToQuery(head).sql);
    expect(once.queryChunks).toHaveLength(1);
    const statement = dialect.sqlToQuery(sql`${once} where ${customers.name} = ${'北京甲'} limit ${5}`);
    expect(statement.sql).toBe(`${dialect.sqlToQuery(head).sql} where "customers"."name" = $1 limit $2`);
    expect(statement.params).toEqual(['北京甲', 5]);
  });

  it('refuses a fragment with parameters (its values would be lost)', () => {
    expect(() => renderedOnce(sql`select 1 from ${customers} where ${customers.name} = ${'x'}`)).toThrow(/parameter/);
  });
});
