import { Readable } from 'node:stream';
import { eq, inArray } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError, walkPages } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../../../test/helpers/smtp.ts';
import { mailOutbox } from '../../db/schema/index.ts';
import type { JobContext } from '../../platform/jobs/define.ts';
import { deliverQueued, smtpTransport } from '../../platform/mail/deliver.ts';
import { mailSendJob } from '../../platform/mail/mail.jobs.ts';
import { kickMail, queueMail, type QueuedMail } from '../../platform/mail/outbox.ts';
import { newStorageKey } from '../../platform/storage/storage.ts';

/**
 * Mail through the outbox against a real SMTP server (smtp-server on a free port): queueMail in
 * the caller's transaction, the mail.send job delivering it, the admin outbox API.
 */

let h: Harness;
let admin: Client;
let smtp: TestSmtp;
let received: ReceivedMail[] = [];

beforeAll(async () => {
  smtp = await startTestSmtp({ rejects: (address) => address.startsWith('reject') });
  received = smtp.received;
  h = await createHarness({ SMTP_URL: smtp.url, MAIL_FROM: '客户 Kehu <crm@example.com>' });
  admin = await h.admin();
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});
beforeEach(() => {
  received.length = 0;
});

const job = (): JobContext => ({ jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
const runJob = () => mailSendJob.handler(h.deps, {}, job());
const noSmtp = () => ({ ...h.config, smtpUrl: undefined });

async function queue(mails: QueuedMail[], config = h.config): Promise<void> {
  await h.deps.db.transaction(async (tx) => queueMail(tx, config, mails, h.clock.now()));
}

async function rowsTo(...addresses: string[]) {
  return h.deps.db.select().from(mailOutbox).where(inArray(mailOutbox.toAddress, addresses));
}

describe('the outbox API', () => {
  it('is for admins: 401 without a session, 403 for a salesperson', async () => {
    expectError(await h.client().get('/api/v1/mail/outbox'), 401, 'UNAUTHENTICATED');
    const sales = await h.createUser({ role: 'sales' });
    expectError(await sales.client.get('/api/v1/mail/outbox'), 403, 'FORBIDDEN');
    await queue([{ to: 'someone@example.com', subject: '秘密', text: '内容' }], noSmtp());
    const [row] = await rowsTo('someone@example.com');
    expectError(await sales.client.get(`/api/v1/mail/outbox/${row?.id}`), 403, 'FORBIDDEN');
    expectError(await admin.get('/api/v1/mail/outbox/0190a0b0-0000-7000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await admin.get('/api/v1/mail/outbox?status=lost'), 400, 'VALIDATION_FAILED');
  });

  it('without SMTP keeps mails unsent, lists them for admins and never sends them', async () => {
    const user = await h.createUser({ role: 'sales' });
    await queue([{ to: 'wang@example.com', userId: user.id, subject: '任务提醒：回访华信', text: '您的任务「回访上海华信」将于 10:00 到期。', html: '<p>您的任务</p>' }], noSmtp());
    const [row] = await rowsTo('wang@example.com');
    expect(row).toMatchObject({ status: 'unsent', attempts: 0, userId: user.id });

    const list = await admin.get('/api/v1/mail/outbox?status=unsent&limit=200');
    expect(list.status).toBe(200);
    const item = list.body.items.find((m: any) => m.id === row?.id);
    expect(item).toEqual({
      id: row?.id,
      to: 'wang@example.com',
      userId: user.id,
      subject: '任务提醒：回访华信',
      status: 'unsent',
      attempts: 0,
      lastError: null,
      createdAt: row?.createdAt.toISOString(),
      sentAt: null,
    });
    expect(item.text).toBeUndefined();
    const detail = await admin.get(`/api/v1/mail/outbox/${row?.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ text: '您的任务「回访上海华信」将于 10:00 到期。', html: '<p>您的任务</p>', status: 'unsent' });

    await runJob();
    expect(received).toEqual([]);
    expect((await rowsTo('wang@example.com'))[0]?.status).toBe('unsent');
  });

  it('pages newest first and filters by status', async () => {
    await queue(
      Array.from({ length: 5 }, (_, i) => ({ to: `page${i}@example.com`, subject: `第 ${i} 封`, text: '…' })),
      noSmtp(),
    );
    await queue([{ to: 'later@example.com', subject: '最新', text: '…' }], noSmtp());
    const { items, pages } = await walkPages<any>(admin, '/api/v1/mail/outbox?status=unsent', 2);
    expect(pages).toBeGreaterThan(2);
    expect(items[0].to).toBe('later@example.com');
    const times = items.map((m) => m.createdAt as string);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(items.map((m) => m.id)).size).toBe(items.length);
    expect(items.every((m) => m.status === 'unsent')).toBe(true);
    const sent = await admin.get('/api/v1/mail/outbox?status=sent&limit=200');
    expect(sent.body.items.every((m: any) => m.status === 'sent')).toBe(true);
  });
});

describe('sending over SMTP', () => {
  it('delivers a queued mail with its Chinese subject and text intact, and marks it sent', async () => {
    await queue([{ to: 'li@example.com', subject: '任务提醒：拜访无锡新吴精工', text: '李经理您好：\n您的任务「拜访无锡新吴精工有限公司」将于 2026-03-02 10:00 到期。\n— 客户 Kehu', html: '<p>李经理您好</p>' }]);
    expect((await rowsTo('li@example.com'))[0]).toMatchObject({ status: 'queued', attempts: 0, sentAt: null });

    await runJob();
    expect(received).toHaveLength(1);
    const mail = await simpleParser(received[0]?.raw ?? Buffer.alloc(0));
    expect(received[0]?.envelopeTo).toEqual(['li@example.com']);
    expect(mail.subject).toBe('任务提醒：拜访无锡新吴精工');
    expect(mail.text?.trim()).toBe('李经理您好：\n您的任务「拜访无锡新吴精工有限公司」将于 2026-03-02 10:00 到期。\n— 客户 Kehu');
    expect(mail.html).toContain('<p>李经理您好</p>');
    expect(mail.from?.value[0]).toMatchObject({ name: '客户 Kehu', address: 'crm@example.com' });

    const [row] = await rowsTo('li@example.com');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(row?.sentAt).toBeInstanceOf(Date);
    const listed = await admin.get('/api/v1/mail/outbox?status=sent');
    expect(listed.body.items.find((m: any) => m.id === row?.id)).toMatchObject({ status: 'sent', sentAt: row?.sentAt?.toISOString() });

    // Running again sends nothing more.
    await runJob();
    expect(received).toHaveLength(1);
  });

  it('counts failed attempts with the error, retries later and gives up after five', async () => {
    await queue([{ to: 'reject@example.com', subject: '退信', text: '…' }]);
    await runJob();
    let [row] = await rowsTo('reject@example.com');
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row?.lastError).toMatch(/550/);
    // Not due again before a minute has passed.
    await runJob();
    expect((await rowsTo('reject@example.com'))[0]?.attempts).toBe(1);
    for (let attempt = 2; attempt <= 5; attempt++) {
      h.clock.advance(2 * 3_600_000);
      await runJob();
      [row] = await rowsTo('reject@example.com');
      expect(row?.attempts).toBe(attempt);
    }
    expect(row).toMatchObject({ status: 'failed', attempts: 5, sentAt: null });
    h.clock.advance(24 * 3_600_000);
    await runJob();
    expect((await rowsTo('reject@example.com'))[0]?.attempts).toBe(5);
    expect(received).toEqual([]);
    // The clock moved on a day: the admin's session expired meanwhile.
    admin = await h.admin();
    const failed = await admin.get('/api/v1/mail/outbox?status=failed');
    expect(failed.body.items.find((m: any) => m.id === row?.id)?.lastError).toMatch(/550/);
  });

  it('sends each mail once when two runs go at the same time', async () => {
    const addresses = Array.from({ length: 23 }, (_, i) => `both${i}@example.com`);
    await queue(addresses.map((to, i) => ({ to, subject: `并发 ${i}`, text: `第 ${i} 封` })));
    await Promise.all([runJob(), runJob()]);
    const counts = new Map<string, number>();
    for (const r of received) for (const to of r.envelopeTo) counts.set(to, (counts.get(to) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...addresses].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const rows = await rowsTo(...addresses);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);

    // Both runs did send: they shared the work through SKIP LOCKED rather than one waiting for the other.
    received.length = 0;
    await queue(addresses.map((to, i) => ({ to: `again.${to}`, subject: `再来 ${i}`, text: '…' })));
    const transports = [smtpTransport(h.config.smtpUrl ?? ''), smtpTransport(h.config.smtpUrl ?? '')];
    const [one, two] = await Promise.all(transports.map((t) => deliverQueued(h.deps, t, { batchSize: 5 })));
    for (const t of transports) t.close();
    expect((one?.sent ?? 0) + (two?.sent ?? 0)).toBe(addresses.length);
    expect(one?.sent).toBeGreaterThan(0);
    expect(two?.sent).toBeGreaterThan(0);
    expect(received).toHaveLength(addresses.length);
  });

  it('sends copies and stored files with the mail, and fails the attempt when a file is no longer stored', async () => {
    const bytes = Buffer.from('%PDF-1.7 报价单');
    const key = newStorageKey();
    await h.storage.put(key, Readable.from([bytes]));
    const file = { fileName: '报价单-BJ2026001.pdf', contentType: 'application/pdf', size: bytes.length, storageKey: key };
    await queue([{ to: 'files@example.com', cc: ['owner@example.com'], subject: '报价单 BJ2026001', text: '附件是报价单。', attachments: [file] }]);
    await runJob();
    expect(received).toHaveLength(1);
    expect(received[0]?.envelopeTo.sort()).toEqual(['files@example.com', 'owner@example.com']);
    const mail = await simpleParser(received[0]?.raw ?? Buffer.alloc(0));
    expect(mail.cc && !Array.isArray(mail.cc) ? mail.cc.value.map((a) => a.address) : null).toEqual(['owner@example.com']);
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([['报价单-BJ2026001.pdf', 'application/pdf', '%PDF-1.7 报价单']]);
    const [row] = await rowsTo('files@example.com');
    expect(row).toMatchObject({ status: 'sent', cc: ['owner@example.com'], attachments: [file] });
    const detail = await admin.get(`/api/v1/mail/outbox/${row?.id}`);
    expect(detail.body).toMatchObject({ cc: ['owner@example.com'], attachments: [{ fileName: '报价单-BJ2026001.pdf', contentType: 'application/pdf', size: bytes.length }] });
    expect(detail.body.attachments[0].storageKey).toBeUndefined();

    // The file was deleted with its record before the mail went: the mail is not sent without it.
    received.length = 0;
    await h.storage.delete(key);
    await queue([{ to: 'gone@example.com', subject: '报价单 BJ2026002', text: '…', attachments: [{ ...file, fileName: '报价单-BJ2026002.pdf' }] }]);
    await runJob();
    expect(received).toEqual([]);
    expect((await rowsTo('gone@example.com'))[0]).toMatchObject({ status: 'queued', attempts: 1, lastError: 'attachment 报价单-BJ2026002.pdf is no longer stored' });
  });

  it('queues nothing when the transaction that queued rolls back', async () => {
    await expect(
      h.deps.db.transaction(async (tx) => {
        await queueMail(tx, h.config, [{ to: 'rollback@example.com', subject: '不该发', text: '…' }], h.clock.now());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsTo('rollback@example.com')).toEqual([]);
  });

  it('kickMail enqueues the job when SMTP is configured and jobs can be sent', async () => {
    const sent: string[] = [];
    const jobs = { send: async (j: { name: string }) => (sent.push(j.name), 'id') };
    await kickMail({ config: h.config, jobs });
    await kickMail({ config: noSmtp(), jobs });
    await kickMail({ config: h.config });
    expect(sent).toEqual(['mail.send']);
    // A queue that cannot take the job does not fail the caller: the schedule sends the mail.
    await kickMail({ config: h.config, jobs: { send: async () => Promise.reject(new Error('down')) } });
  });
});

describe('the mail job', () => {
  it('runs every minute', () => {
    expect(mailSendJob.schedule?.cron).toBe('* * * * *');
  });
  it('leaves rows alone that are not its own', async () => {
    await queue([{ to: 'done@example.com', subject: '已发', text: '…' }]);
    const [row] = await rowsTo('done@example.com');
    await h.deps.db.update(mailOutbox).set({ status: 'sent', sentAt: h.clock.now() }).where(eq(mailOutbox.id, row?.id ?? ''));
    await runJob();
    expect(received).toEqual([]);
  });
});
