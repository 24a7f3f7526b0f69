import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/helpers/harness.ts';
import { waitFor } from '../../../../test/helpers/processes.ts';
import { openEventStream, type SseConnection } from '../../../../test/helpers/sse.ts';
import { newId } from '../../db/ids.ts';
import { notify, type NotificationInput } from './notifications.service.ts';

/**
 * The live notification stream over a real socket: notifications committed through notify()
 * reach the open streams of their user (through the database trigger's NOTIFY and this process's
 * LISTEN connection) and nobody else's.
 */

let h: Harness;
let base: string;
const open: SseConnection[] = [];

beforeAll(async () => {
  // A short heartbeat, so that the session re-check is seen within the test.
  h = await createHarness({}, { streamHeartbeatMs: 250 });
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  await waitFor('the LISTEN connection', async () => h.app.live.listener?.listening, 10_000, 50);
});
afterAll(async () => {
  for (const c of open) c.close();
  await h.close();
});

async function stream(cookie: string | null): Promise<SseConnection> {
  const c = await openEventStream(`${base}/api/v1/notifications/stream`, cookie ? { cookie } : {});
  open.push(c);
  return c;
}

async function notifyCommitted(userIds: string[], input: NotificationInput): Promise<void> {
  await h.deps.db.transaction(async (tx) => {
    await notify(tx, userIds, input, h.clock.now());
  });
}

/**
 * Proves that nothing reached `c` since event index `from` but what a later notification — the
 * marker, sent to the same user after whatever must not arrive — brings (its unread count and
 * itself). The hub reads and writes one user's state in order, so anything sent before the
 * marker would have come before it: no sleep, and a stray event fails the test.
 */
async function onlyTheMarkerSince(c: SseConnection, userId: string, from: number): Promise<void> {
  const title = `marker ${newId()}`;
  await notifyCommitted([userId], reminder(title));
  await c.next((e) => e.event === 'notification' && e.data.params.title === title, { from });
  expect(c.events.slice(from).map((e) => (e.event === 'notification' ? e.data.params.title : e.event))).toEqual(['unread', title]);
}

const reminder = (title: string): NotificationInput => ({
  kind: 'task.reminder',
  params: { title, dueAt: '2026-03-02T02:00:00.000Z' },
  entity: { type: 'task', id: newId() },
});

describe('GET /api/v1/notifications/stream', () => {
  it('answers 401 without a session, as every route', async () => {
    const injected = await h.client().get('/api/v1/notifications/stream');
    expect(injected.status).toBe(401);
    expect(injected.body.error.code).toBe('UNAUTHENTICATED');
    const c = await stream(null);
    expect(c.status).toBe(401);
    await c.ended;
    expect(JSON.parse(c.body()).error.code).toBe('UNAUTHENTICATED');
  });

  it('pushes the unread count and each new notification of the user, and only theirs', async () => {
    const alice = await h.createUser({ role: 'sales' });
    const bob = await h.createUser({ role: 'sales' });
    await notifyCommitted([alice.id], reminder('已有的提醒'));

    const a = await stream(alice.client.cookie);
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(a.headers['cache-control']).toContain('no-cache');
    // On connect: the count, without announcing what was unread already.
    expect((await a.next((e) => e.event === 'unread')).data).toEqual({ unread: 1 });
    const b = await stream(bob.client.cookie);
    expect((await b.next((e) => e.event === 'unread')).data).toEqual({ unread: 0 });

    const started = Date.now();
    const mark = a.events.length;
    await notifyCommitted([alice.id], reminder('回访上海华信精密机械有限公司'));
    const announced = await a.next((e) => e.event === 'notification', { from: mark });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(announced.data).toMatchObject({ kind: 'task.reminder', params: { title: '回访上海华信精密机械有限公司' }, entityType: 'task', readAt: null });
    // The same shape as the list's items, and the count came first.
    const list = await alice.client.get('/api/v1/notifications?limit=1');
    expect(announced.data).toEqual(list.body.items[0]);
    const pushed = a.events.slice(mark);
    expect(pushed.map((e) => e.event)).toEqual(['unread', 'notification']);
    expect(pushed[0]?.data).toEqual({ unread: 2 });

    // Bob's notification goes to Bob alone.
    const bobMark = b.events.length;
    const aliceMark = a.events.length;
    await notifyCommitted([bob.id], reminder('鲍勃的任务'));
    expect((await b.next((e) => e.event === 'notification', { from: bobMark })).data.params.title).toBe('鲍勃的任务');
    expect(b.events.slice(bobMark).find((e) => e.event === 'unread')?.data).toEqual({ unread: 1 });
    // Bob's stream has it, so the hub is done with it: Alice got nothing from it.
    await onlyTheMarkerSince(a, alice.id, aliceMark);

    // Marking one read pushes the lower count, and announces nothing again.
    const readMark = a.events.length;
    expect((await alice.client.post(`/api/v1/notifications/${announced.data.id}/read`)).status).toBe(200);
    expect((await a.next((e) => e.event === 'unread', { from: readMark })).data).toEqual({ unread: 2 });
    expect((await alice.client.post('/api/v1/notifications/read-all')).status).toBe(200);
    expect((await a.next((e) => e.event === 'unread' && e.data.unread === 0, { from: readMark })).data).toEqual({ unread: 0 });
    const afterRead = a.events.length;
    expect(a.events.slice(readMark).filter((e) => e.event === 'notification')).toEqual([]);
    await onlyTheMarkerSince(a, alice.id, afterRead);
  });

  it('reaches every open tab of the user, and a notification to several users reaches each', async () => {
    const carol = await h.createUser({ role: 'sales' });
    const dave = await h.createUser({ role: 'sales' });
    const tab1 = await stream(carol.client.cookie);
    const tab2 = await stream(carol.client.cookie);
    const d = await stream(dave.client.cookie);
    for (const c of [tab1, tab2, d]) await c.next((e) => e.event === 'unread');
    await notifyCommitted([carol.id, dave.id], { kind: 'followup.digest', params: { overdueTasks: 2, todayTasks: 3, customers: 4, leads: 1 } });
    for (const c of [tab1, tab2, d]) {
      expect((await c.next((e) => e.event === 'notification')).data).toMatchObject({ kind: 'followup.digest', params: { overdueTasks: 2 } });
    }
    // A repeated dedupe key inserts nothing, and pushes nothing.
    const mark = tab1.events.length;
    await notifyCommitted([carol.id], { ...reminder('一次'), dedupeKey: 'once' });
    await tab1.next((e) => e.event === 'notification', { from: mark });
    const again = tab1.events.length;
    await notifyCommitted([carol.id], { ...reminder('一次'), dedupeKey: 'once' });
    await onlyTheMarkerSince(tab1, carol.id, again);
  });

  it('sends heartbeats and ends the stream once the session is over', async () => {
    const erin = await h.createUser({ role: 'sales' });
    const c = await stream(erin.client.cookie);
    await c.next((e) => e.event === 'unread');
    await waitFor('a heartbeat', async () => c.comments > 0, 3000, 50);
    expect(c.isEnded).toBe(false);
    expect((await erin.client.post('/api/v1/auth/logout')).status).toBe(200);
    // The next heartbeat finds the session gone and ends the stream (else the test times out).
    await c.ended;
    // Reconnecting (as EventSource does) is refused, which stops the browser's retries.
    const retry = await stream(`kehu_session=${'x'.repeat(43)}`);
    expect(retry.status).toBe(401);
  });

  it('is described in the OpenAPI document as an event stream', async () => {
    const doc = (await h.client().get('/api/openapi.json')).body;
    const op = doc.paths['/api/v1/notifications/stream'].get;
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/event-stream']);
    expect(op.responses['401']).toBeDefined();
    expect(op.description).toContain('`unread`');
    expect(op.description).toContain('`notification`');
  });

  it('forgets a stream whose client went away', async () => {
    const frank = await h.createUser({ role: 'sales' });
    const before = h.app.live.openStreams();
    const c = await stream(frank.client.cookie);
    await c.next((e) => e.event === 'unread');
    expect(h.app.live.openStreams()).toBe(before + 1);
    c.close();
    // The server notices the closed socket and drops the stream (a stream kept would leak per closed tab).
    await waitFor('the server to drop the stream', async () => h.app.live.openStreams() === before, 10_000, 20);
    // A notification afterwards finds no stream of Frank's and is harmless; the others still get theirs.
    const other = await h.createUser({ role: 'sales' });
    const o = await stream(other.client.cookie);
    await o.next((e) => e.event === 'unread');
    await notifyCommitted([frank.id, other.id], reminder('没人看'));
    expect((await o.next((e) => e.event === 'notification')).data.params.title).toBe('没人看');
    expect(h.app.live.openStreams()).toBe(before + 1);
  });
});
