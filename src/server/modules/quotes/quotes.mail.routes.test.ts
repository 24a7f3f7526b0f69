import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../../../test/helpers/smtp.ts';
import { attachments, mailOutbox, quotes } from '../../db/schema/index.ts';
import { businessDate } from '../../platform/clock.ts';
import { mailSendJob } from '../../platform/mail/mail.jobs.ts';

/**
 * 发送报价单 through HTTP: the PDF e-mailed to the contact through the outbox (a real SMTP server
 * on a free port receives it), a copy to the owner, the mail on the timeline and in the audit
 * log; the errors that name the contact field; the letterhead warning; the order of an accepted
 * quote.
 */

let h: Harness;
let admin: Client;
let smtp: TestSmtp;
let east: string;
let received: ReceivedMail[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  smtp = await startTestSmtp();
  received = smtp.received;
  h = await createHarness({ SMTP_URL: smtp.url, MAIL_FROM: '客户 Kehu <crm@example.com>' });
  admin = await h.admin();
  east = await h.createDepartment('华东大区');
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});
beforeEach(() => {
  received.length = 0;
});

const inDays = (n: number) => businessDate(new Date(h.clock.now().getTime() + n * DAY), h.config.timeZone);
const runMailJob = () => mailSendJob.handler(h.deps, {}, { jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });

function pdfText(bytes: Buffer): string {
  const file = path.join(os.tmpdir(), `kehu-quote-mail-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** A customer with contacts, an opportunity (its contact: the first) and a draft quote of it, made by `owner`. */
async function draftQuote(owner: Client, opts: { customer: string; contacts: Record<string, unknown>[] }) {
  const customer = (await owner.post('/api/v1/customers', { name: opts.customer })).body;
  const contacts: { id: string; name: string }[] = [];
  for (const c of opts.contacts) {
    const res = await owner.post(`/api/v1/customers/${customer.id}/contacts`, c);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    contacts.push(res.body);
  }
  const opp = await owner.post('/api/v1/opportunities', {
    customerId: customer.id,
    name: '设备联网一期',
    contactId: contacts[0]?.id ?? null,
    items: [{ name: '工业网关', unit: '台', quantity: 4, unitPriceFen: 250_000, discountPercent: 0, taxRatePercent: 13 }],
  });
  expect(opp.status, JSON.stringify(opp.body)).toBe(201);
  const quote = await owner.post('/api/v1/quotes', { opportunityId: opp.body.id, validUntil: inDays(30) });
  expect(quote.status, JSON.stringify(quote.body)).toBe(201);
  return { customer, contacts, opportunityId: opp.body.id as string, quote: quote.body };
}

describe('sending a quote', () => {
  it('e-mails its PDF to the contact through the outbox, a copy to the owner, on the timeline and in the audit log', async () => {
    await admin.put('/api/v1/settings/company', { name: '北京明德智造科技有限公司', address: '北京市海淀区中关村大街 1 号', phone: '010-88886666' });
    const owner = await h.createUser({ role: 'sales', departmentId: east, phone: '+8613611114444' });
    const { customer, contacts, opportunityId, quote } = await draftQuote(owner.client, {
      customer: '明德设备制造有限公司',
      contacts: [
        { name: '张伟', title: '采购经理', phones: ['13811112222'], email: 'zhangwei@mingde.example' },
        { name: '王芳', title: '总经理', phones: ['010 6666 8888'], email: 'wangfang@mingde.example' },
      ],
    });
    expect(quote).toMatchObject({ contactId: contacts[0]?.id, contactName: '张伟', order: null });

    // The dialog's draft: to the opportunity's contact, a copy to the owner, the quote's facts in the text.
    const draft = await owner.client.get(`/api/v1/quotes/${quote.id}/mail-draft`);
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body).toMatchObject({
      contactId: contacts[0]?.id,
      contactName: '张伟',
      to: 'zhangwei@mingde.example',
      cc: `${owner.username}@example.com`,
      subject: `报价单 ${quote.number}：设备联网一期（北京明德智造科技有限公司）`,
    });
    expect(draft.body.message).toContain('张伟，您好：');
    expect(draft.body.message).toContain(`合计 ¥11,300.00，有效期至 ${inDays(30)}。`);
    expect(draft.body.message).toContain('电话：136 1111 4444');
    const other = (await owner.client.get(`/api/v1/quotes/${quote.id}/mail-draft?contactId=${contacts[1]?.id}`)).body;
    expect(other).toMatchObject({ contactName: '王芳', to: 'wangfang@mingde.example' });
    expect(other.message).toContain('王芳，您好：');

    // Sent to the other contact with an edited message: the contact becomes the quote's.
    const res = await owner.client.post(`/api/v1/quotes/${quote.id}/send`, {
      version: quote.version,
      contactId: contacts[1]?.id,
      subject: '明德设备联网一期报价',
      message: '王总，您好：\n附件为报价单，请查收。',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const sent = res.body;
    expect(sent).toMatchObject({ status: 'sent', contactId: contacts[1]?.id, contactName: '王芳', attachmentId: expect.any(String) });
    expect(sent.mail).toEqual({ id: expect.any(String), to: 'wangfang@mingde.example', cc: [`${owner.username}@example.com`], status: 'queued' });

    // The outbox row: addressed to the contact, the owner in copy, the PDF filed with the opportunity attached.
    const [row] = await h.deps.db.select().from(mailOutbox).where(eq(mailOutbox.id, sent.mail.id));
    const [file] = await h.deps.db.select().from(attachments).where(eq(attachments.id, sent.attachmentId));
    expect(row).toMatchObject({ toAddress: 'wangfang@mingde.example', cc: [`${owner.username}@example.com`], subject: '明德设备联网一期报价', text: '王总，您好：\n附件为报价单，请查收。', status: 'queued', userId: null });
    expect(row?.attachments).toEqual([{ fileName: `报价单-${quote.number}.pdf`, contentType: 'application/pdf', size: file?.size, storageKey: file?.storageKey }]);
    expect(file).toMatchObject({ ownerType: 'opportunity', ownerId: opportunityId });
    const detail = await admin.get(`/api/v1/mail/outbox/${sent.mail.id}`);
    expect(detail.body).toMatchObject({ to: 'wangfang@mingde.example', cc: [`${owner.username}@example.com`], attachments: [{ fileName: `报价单-${quote.number}.pdf`, contentType: 'application/pdf', size: file?.size }] });

    // Delivered over SMTP with the PDF and the copy.
    await runMailJob();
    expect(received).toHaveLength(1);
    expect(received[0]?.envelopeTo.sort()).toEqual([`${owner.username}@example.com`, 'wangfang@mingde.example'].sort());
    const parsed = await simpleParser(received[0]?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toBe('明德设备联网一期报价');
    expect(parsed.text?.trim()).toBe('王总，您好：\n附件为报价单，请查收。');
    expect(JSON.stringify(parsed.cc)).toContain(`${owner.username}@example.com`);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`报价单-${quote.number}.pdf`, 'application/pdf']]);
    const pdf = parsed.attachments[0]?.content ?? Buffer.alloc(0);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await h.deps.db.select().from(mailOutbox).where(eq(mailOutbox.id, sent.mail.id)))[0]?.status).toBe('sent');

    // The PDF shows the contact and the phones in their national form, not E.164.
    const text = pdfText(pdf);
    expect(text).toContain('联系人：王芳（总经理）');
    expect(text).toContain('电话：010 6666 8888');
    expect(text).toContain('邮箱：wangfang@mingde.example');
    expect(text).toContain('电话：136 1111 4444');
    expect(text).toContain('电话：010 8888 6666');
    expect(text).not.toContain('+86');

    // On the customer's timeline: to whom, with which subject.
    const timeline = (await owner.client.get(`/api/v1/customers/${customer.id}/timeline?kinds=quote`)).body.items;
    expect(timeline[0]).toMatchObject({ kind: 'quote.sent', entityId: quote.id, params: { number: quote.number, contactName: '王芳', to: 'wangfang@mingde.example', subject: '明德设备联网一期报价' } });

    // In the audit log: the step, the contact and the mail.
    const audit = await auditOf(admin, quote.id);
    expect(audit[0]?.changes).toMatchObject({
      status: ['draft', 'sent'],
      contactId: [contacts[0]?.id, contacts[1]?.id],
      mailedTo: [null, 'wangfang@mingde.example'],
      mailCc: [null, `${owner.username}@example.com`],
      mailSubject: [null, '明德设备联网一期报价'],
    });
  });

  it('writes the default subject and text, and copies nobody when asked not to', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const { quote } = await draftQuote(owner.client, { customer: '苏州精工电子有限公司', contacts: [{ name: '李娜', email: 'lina@jinggong.example' }] });
    const res = await owner.client.post(`/api/v1/quotes/${quote.id}/send`, { version: quote.version, ccOwner: false });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mail).toMatchObject({ to: 'lina@jinggong.example', cc: [] });
    const [row] = await h.deps.db.select().from(mailOutbox).where(eq(mailOutbox.id, res.body.mail.id));
    expect(row?.subject).toMatch(new RegExp(`^报价单 ${quote.number}：设备联网一期（`));
    expect(row?.text.split('\n')[0]).toBe('李娜，您好：');
    expect(row?.cc).toEqual([]);
  });

  it('says which contact lacks an e-mail address, as 400 on contactId, and writes nothing', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    owner.client.language = 'zh-CN';
    const { contacts, quote, opportunityId } = await draftQuote(owner.client, {
      customer: '宁波海曙精密机械有限公司',
      contacts: [{ name: '赵强', phones: ['13611114444'] }, { name: '孙丽', email: 'sunli@haishu.example' }],
    });
    const mailsBefore = (await h.deps.db.execute<{ n: number }>(sql`select count(*)::int as n from mail_outbox`)).rows[0]?.n;

    const noEmail = await owner.client.post(`/api/v1/quotes/${quote.id}/send`, { version: quote.version });
    expectError(noEmail, 400, 'VALIDATION_FAILED', ['contactId']);
    expect(JSON.stringify(noEmail.body)).toContain('联系人“赵强”没有邮箱地址');
    expect((await owner.client.get(`/api/v1/quotes/${quote.id}/mail-draft`)).body).toMatchObject({ contactName: '赵强', to: null });

    // A contact of another customer, an unknown one, an empty subject.
    const foreign = (await owner.client.post('/api/v1/customers', { name: '另一家客户' })).body;
    const foreignContact = (await owner.client.post(`/api/v1/customers/${foreign.id}/contacts`, { name: '王五', email: 'wangwu@other.example' })).body;
    expectError(await owner.client.post(`/api/v1/quotes/${quote.id}/send`, { version: quote.version, contactId: foreignContact.id }), 400, 'VALIDATION_FAILED', ['contactId']);
    expectError(await owner.client.get(`/api/v1/quotes/${quote.id}/mail-draft?contactId=${foreignContact.id}`), 400, 'VALIDATION_FAILED', ['contactId']);
    expectError(await owner.client.post(`/api/v1/quotes/${quote.id}/send`, { version: quote.version, contactId: contacts[1]?.id, subject: ' ' }), 400, 'VALIDATION_FAILED', ['subject']);

    // Nothing was written by the refusals.
    const still = (await owner.client.get(`/api/v1/quotes/${quote.id}`)).body;
    expect(still).toMatchObject({ status: 'draft', version: quote.version, attachmentId: null, contactId: contacts[0]?.id });
    expect((await owner.client.get(`/api/v1/attachments/opportunity/${opportunityId}`)).body.items).toEqual([]);
    expect((await h.deps.db.execute<{ n: number }>(sql`select count(*)::int as n from mail_outbox`)).rows[0]?.n).toBe(mailsBefore);

    // Another contact with an address goes through.
    const ok = await owner.client.post(`/api/v1/quotes/${quote.id}/send`, { version: quote.version, contactId: contacts[1]?.id });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.mail).toMatchObject({ to: 'sunli@haishu.example' });
  });

  it('needs a contact: a quote without one is 400 on contactId, unless only marked sent', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const { quote } = await draftQuote(owner.client, { customer: '合肥高新区光伏设备有限公司', contacts: [] });
    expect(quote.contactId).toBeNull();
    const mails = async () => (await h.deps.db.execute<{ n: number }>(sql`select count(*)::int as n from mail_outbox`)).rows[0]?.n;
    const before = await mails();
    expectError(await owner.client.post(`/api/v1/quotes/${quote.id}/send`, { version: quote.version }), 400, 'VALIDATION_FAILED', ['contactId']);
    const marked = await owner.client.post(`/api/v1/quotes/${quote.id}/send`, { version: quote.version, mail: false });
    expect(marked.body).toMatchObject({ status: 'sent', mail: null, attachmentId: expect.any(String) });
    expect(await mails()).toBe(before);
  });

  it('is refused to those who do not see the quote, and the draft too', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const stranger = await h.createUser({ role: 'sales', departmentId: east });
    const { quote } = await draftQuote(owner.client, { customer: '上海浦东零售连锁集团', contacts: [{ name: '周杰', email: 'zhoujie@pudong.example' }] });
    expectError(await stranger.client.post(`/api/v1/quotes/${quote.id}/send`, { version: quote.version }), 404, 'NOT_FOUND');
    expectError(await stranger.client.get(`/api/v1/quotes/${quote.id}/mail-draft`), 404, 'NOT_FOUND');
  });
});

describe('the letterhead warning', () => {
  it('tells anyone who reads quotes whether 公司信息 is filled in', async () => {
    const sales = await h.createUser({ role: 'sales', departmentId: east });
    await admin.put('/api/v1/settings/company', { name: 'Kehu' });
    expect((await sales.client.get('/api/v1/quotes/letterhead')).body).toEqual({ configured: false, companyName: 'Kehu' });
    await admin.put('/api/v1/settings/company', { name: '杭州客户云科技有限公司', phone: '0571-88886666' });
    expect((await sales.client.get('/api/v1/quotes/letterhead')).body).toEqual({ configured: true, companyName: '杭州客户云科技有限公司' });
    expectError(await h.client().get('/api/v1/quotes/letterhead'), 401, 'UNAUTHENTICATED');
  });
});

describe('an accepted quote', () => {
  it('names the order made from it, until that order is cancelled', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const { quote } = await draftQuote(owner.client, { customer: '昆山精密模具有限公司', contacts: [{ name: '吴敏', email: 'wumin@kunshan.example' }] });
    const sent = (await owner.client.post(`/api/v1/quotes/${quote.id}/send`, { version: quote.version })).body;
    const accepted = (await owner.client.post(`/api/v1/quotes/${quote.id}/accept`, { version: sent.version })).body;
    expect(accepted).toMatchObject({ status: 'accepted', order: null });
    const order = await owner.client.post('/api/v1/orders', { quoteId: quote.id });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect((await owner.client.get(`/api/v1/quotes/${quote.id}`)).body.order).toEqual({ id: order.body.id, number: order.body.number });
    const cancelled = await owner.client.post(`/api/v1/orders/${order.body.id}/transitions`, { version: order.body.version, to: 'cancelled', reason: '客户改单' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect((await owner.client.get(`/api/v1/quotes/${quote.id}`)).body.order).toBeNull();
    expect((await h.deps.db.select({ status: quotes.status }).from(quotes).where(eq(quotes.id, quote.id)))[0]?.status).toBe('accepted');
  });
});
