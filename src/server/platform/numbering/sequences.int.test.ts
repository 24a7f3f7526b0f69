import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../db/client.ts';
import { createTestDatabase } from '../../../../test/helpers/harness.ts';
import { nextSequence, takeSequence, takeSequences } from './sequences.ts';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  database = connect(t.url, { max: 20 });
});
afterAll(async () => {
  await database.close();
  await drop();
});

describe('nextSequence', () => {
  it('hands out 1, 2, 3 … per scope, independently per scope', async () => {
    expect(await nextSequence(database.db, 'customer:2024:MANU')).toBe(1);
    expect(await nextSequence(database.db, 'customer:2024:MANU')).toBe(2);
    expect(await nextSequence(database.db, 'customer:2024:RETL')).toBe(1);
    expect(await nextSequence(database.db, 'customer:2025:MANU')).toBe(1);
  });

  it('never gives one value twice under 60 concurrent creating transactions', async () => {
    const values = await Promise.all(
      Array.from({ length: 60 }, () =>
        database.db.transaction(async (tx) => {
          const v = await nextSequence(tx, 'lead:2024');
          // Hold the transaction open a moment, as a real create does while it inserts.
          await tx.execute(`select pg_sleep(0.005)`);
          return v;
        }),
      ),
    );
    expect(new Set(values).size).toBe(60);
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('gives a value back when the creating transaction rolls back, so numbers stay gap-free', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        expect(await nextSequence(tx, 'quote:2024')).toBe(1);
        throw new Error('the insert failed');
      }),
    ).rejects.toThrow('the insert failed');
    expect(await nextSequence(database.db, 'quote:2024')).toBe(1);
  });

  it('takes a block of values in one statement, continuing the same counter', async () => {
    expect(await takeSequence(database.db, 'customer:2030:GEN', 1000)).toBe(1);
    expect(await nextSequence(database.db, 'customer:2030:GEN')).toBe(1001);
    expect(await takeSequence(database.db, 'customer:2030:GEN', 5)).toBe(1002);
    expect(await nextSequence(database.db, 'customer:2030:GEN')).toBe(1007);
    await expect(takeSequence(database.db, 'customer:2030:GEN', 0)).rejects.toThrow('positive integer');
  });

  it('takes blocks of several scopes in one statement, new and existing alike', async () => {
    await takeSequence(database.db, 'customer:2031:MANU', 10);
    const firsts = await takeSequences(database.db, new Map([['customer:2031:MANU', 3], ['customer:2031:IT', 4]]));
    expect(Object.fromEntries(firsts)).toEqual({ 'customer:2031:MANU': 11, 'customer:2031:IT': 1 });
    expect(await nextSequence(database.db, 'customer:2031:MANU')).toBe(14);
    expect(await nextSequence(database.db, 'customer:2031:IT')).toBe(5);
    expect((await takeSequences(database.db, new Map())).size).toBe(0);
    await expect(takeSequences(database.db, new Map([['customer:2031:IT', 0]]))).rejects.toThrow('positive integer');
  });
});
