import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/helpers/harness.ts';
import { serializeError } from './logging.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

const SECRET = '预算约50万，老板姓秦，别外传';

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected the statement to fail');
}

describe('logged database errors', () => {
  it('keep the statement and SQLSTATE of a failed Drizzle query but none of its parameters', async () => {
    const err = await failure(() => h.database.db.execute(sql`select ${SECRET}::int as n`));
    // Without the serializer the parameter is right there in the message.
    expect(String((err as Error).message)).toContain(SECRET);
    const logged = JSON.stringify(serializeError(err));
    expect(logged).not.toContain(SECRET);
    expect(logged).toContain('select $1::int as n');
    expect(logged).toContain('22P02');
  });

  it('drop the values PostgreSQL quotes in a driver error (message and detail)', async () => {
    const client = await h.database.pool.connect();
    await client.query('create temporary table t_secret (v text unique)');
    await client.query('insert into t_secret values ($1)', [SECRET]);
    const err = await failure(() => client.query('insert into t_secret values ($1)', [SECRET]));
    client.release();
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).toContain(SECRET);
    const logged = JSON.stringify(serializeError(err));
    expect(logged).not.toContain(SECRET);
    expect(logged).toContain('23505');
  });

  it('leave other errors as pino serializes them', () => {
    const logged = serializeError(new TypeError('plain failure')) as { type: string; message: string };
    expect(logged).toMatchObject({ type: 'TypeError', message: 'plain failure' });
  });
});
