import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/harness.ts';
import { waitFor } from '../../../../test/helpers/processes.ts';
import { connect, type Database } from '../../db/client.ts';
import { startPgListener } from './pg-listener.ts';

/** The LISTEN connection against a real PostgreSQL: delivery, reconnection after a drop, close. */

let url: string;
let drop: () => Promise<void>;
let database: Database;
const warnings: object[] = [];
const log = { warn: (obj: object) => warnings.push(obj), info: () => undefined };

beforeAll(async () => {
  ({ url, drop } = await createTestDatabase());
  database = connect(url, { max: 2 });
});
afterAll(async () => {
  await database.close();
  await drop();
});

const notify = (channel: string, payload: string) => database.pool.query('select pg_notify($1, $2)', [channel, payload]);

describe('startPgListener', () => {
  it('hands NOTIFY payloads to the channel’s subscribers, reconnects after a drop, and stops on close', async () => {
    const listener = startPgListener(url, { log, minDelayMs: 50, maxDelayMs: 200, applicationName: 'kehu-listen-test' });
    const got: string[] = [];
    const other: string[] = [];
    let connects = 0;
    listener.onConnect(() => connects++);
    listener.on('kehu_test', (p) => got.push(p));
    listener.on('kehu_other', (p) => other.push(p));
    await waitFor('listening', async () => listener.listening && connects === 1, 5000, 20);

    await notify('kehu_test', '第一条');
    await waitFor('the first payload', async () => got.length === 1, 5000, 20);
    expect(got).toEqual(['第一条']);
    expect(other).toEqual([]);

    // A subscriber added later gets later notifications too (LISTEN issued on the live connection,
    // at a moment the test cannot see: it notifies until one arrives).
    const late: string[] = [];
    const unsubscribe = listener.on('kehu_late', (p) => late.push(p));
    await waitFor('the late payload', async () => (await notify('kehu_late', 'late'), late.length > 0), 5000, 20);
    unsubscribe();
    const lateCount = late.length;

    // The server drops the connection: the listener reconnects, listens again and says so.
    await database.pool.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'kehu-listen-test'");
    await waitFor('the reconnection', async () => listener.listening && connects === 2, 10_000, 20);
    expect(warnings.length).toBeGreaterThan(0);
    await notify('kehu_test', '重连之后');
    await waitFor('a payload after reconnecting', async () => got.length === 2, 5000, 20);
    expect(got).toEqual(['第一条', '重连之后']);
    // Notifications reach one connection in order: once the marker on kehu_test is in, an
    // unsubscribed handler would have had 'nobody listens' already.
    await notify('kehu_late', 'nobody listens');
    await notify('kehu_test', '标记');
    await waitFor('the marker', async () => got.includes('标记'), 5000, 20);
    expect(late).toHaveLength(lateCount);

    await listener.close();
    expect(listener.listening).toBe(false);
    // A second listener is the marker: once it has 'after close', the closed one would have had it too.
    const marker = startPgListener(url, { log, applicationName: 'kehu-listen-marker' });
    const markerGot: string[] = [];
    marker.on('kehu_test', (p) => markerGot.push(p));
    await waitFor('the marker listening', async () => marker.listening, 5000, 20);
    await notify('kehu_test', 'after close');
    await waitFor('the marker’s payload', async () => markerGot.includes('after close'), 5000, 20);
    await marker.close();
    expect(got).toEqual(['第一条', '重连之后', '标记']);
    expect(late).toHaveLength(lateCount);
    expect(new Set(late)).toEqual(new Set(['late']));
    expect(connects).toBe(2);
    const sessions = await database.pool.query("select count(*)::int as n from pg_stat_activity where application_name = 'kehu-listen-test'");
    expect(sessions.rows[0].n).toBe(0);
  });

  it('keeps trying while the database cannot be reached', async () => {
    const bad = new URL(url);
    bad.pathname = '/kehu_does_not_exist';
    const before = warnings.length;
    const listener = startPgListener(bad.toString(), { log, minDelayMs: 20, maxDelayMs: 50 });
    await waitFor('several attempts', async () => warnings.length >= before + 3, 5000, 20);
    expect(listener.listening).toBe(false);
    await listener.close();
  });

  it('refuses channel names that are not plain identifiers', async () => {
    const listener = startPgListener(url, { log });
    expect(() => listener.on('x; drop table users', () => undefined)).toThrow(/invalid channel/);
    expect(() => listener.on('Upper', () => undefined)).toThrow(/invalid channel/);
    await listener.close();
  });
});
