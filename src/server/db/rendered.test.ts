import { and, eq, gt, sql } from 'drizzle-orm';
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

  it('keeps the parameters, numbered anew where the fragment is used, mapped as their columns map them', () => {
    const since = new Date('2026-12-01T00:00:00.000Z');
    const where = and(eq(customers.name, '北京甲'), gt(customers.createdAt, since), sql`${customers.region} = any(${'{east,north}'}::text[])`);
    const once = renderedOnce(where as never);
    const direct = dialect.sqlToQuery(sql`select 1 from ${customers} where ${customers.number} = ${'N-1'} and ${where} limit ${10}`);
    const viaOnce = dialect.sqlToQuery(sql`select 1 from ${customers} where ${customers.number} = ${'N-1'} and ${once} limit ${10}`);
    expect(viaOnce.sql).toBe(direct.sql);
    expect(viaOnce.params).toEqual(direct.params);
    expect(viaOnce.params[2]).toBe(since.toISOString());
    // Twice in one statement: each use numbered on.
    const twice = dialect.sqlToQuery(sql`${once} or ${once}`);
    expect(twice.params).toHaveLength(6);
    expect(twice.sql).toMatch(/\$6\b/);
  });
});
