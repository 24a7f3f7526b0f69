import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import type { JobContext } from '../../platform/jobs/define.ts';
import { smsSendJob } from './sms.jobs.ts';

/**
 * SMS sends against a fake 阿里云短信 in the test process: it checks each request's signature
 * the way the provider documents it and answers like the provider; receipts and replies are
 * pushed back to the hook; short links redirect and count.
 */

interface Received {
  params: Record<string, string>;
  bizId: string;
}

let h: Harness;
let admin: Client;
let provider: http.Server;
const received: Received[] = [];
let marketer: { id: string; username: string; client: Client };
let sales: { id: string; username: string; client: Client };

/** The provider's check, written from its documentation (not our signing code). */
function signatureOk(query: URLSearchParams): boolean {
  const enc = (v: string) => encodeURIComponent(v).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~').replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const pairs = [...query.entries()].filter(([k]) => k !== 'Signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  const expected = crypto.createHmac('sha1', 'testSecret&').update(`GET&%2F&${enc(canonical)}`).digest('base64');
  return query.get('Signature') === expected;
}

beforeAll(async () => {
  provider = http.createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    res.setHeader('content-type', 'application/json');
    if (!signatureOk(query) || query.get('AccessKeyId') !== 'testId') {
      res.end(JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' }));
      return;
    }
    const bizId = `900619746936498440^${received.length + 1}`;
    received.push({ params: Object.fromEntries(query.entries()), bizId });
    if (query.get('PhoneNumbers') === '13700000000') res.end(JSON.stringify({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号', RequestId: 'r' }));
    else res.end(JSON.stringify({ Code: 'OK', Message: 'OK', BizId: bizId, RequestId: 'r' }));
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  h = await createHarness({ SMS_URL: `aliyun+http://testId:testSecret@127.0.0.1:${port}` });
  admin = await h.admin();
  const dept = await h.createDepartment('市场部');
  marketer = await h.createUser({ role: 'marketing', departmentId: dept });
  sales = await h.createUser({ role: 'sales', departmentId: dept });
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => provider.close(resolve));
});

async function created(res: { status: number; body: Record<string, unknown> }, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Record<string, any>;
}

const job = (): JobContext => ({ jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
const HUMAN = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47';

describe('SMS sends', () => {
  it('send a campaign SMS through the provider, with receipts, short links and 回T退订', async () => {
    const campaign = await created(await marketer.client.post('/api/v1/campaigns', { name: '双十二会员日', type: 'other' }));
    const people: [string, string[]][] = [
      ['王女士', ['13812345678']],
      ['赵先生', ['021-52345678', '13912345678']],
      ['座机', ['021-52345679']],
      ['号码错', ['13700000000']],
      ['已退订', ['13600000000']],
    ];
    const ids: string[] = [];
    for (const [name, phones] of people) {
      const customer = await created(await sales.client.post('/api/v1/customers', { name: `${name}的公司有限公司` }));
      ids.push((await created(await sales.client.post(`/api/v1/customers/${customer.id}/contacts`, { name, phones }))).id as string);
    }
    await created(await marketer.client.post('/api/v1/suppressions', { channel: 'sms', addresses: ['+8613600000000'] }), 200);
    const list = await created(await marketer.client.post('/api/v1/segments', { name: '会员日短信', entity: 'contact', kind: 'static' }));
    await created(await marketer.client.post(`/api/v1/segments/${list.id}/records`, { ids }), 200);

    const body = { campaignId: campaign.id, name: '会员日提醒', signName: '客户科技', templateCode: 'SMS_900001', text: '${name}您好，会员日专享：${url} 回T退订', linkUrl: 'https://kehu.example/vip', segmentId: list.id };
    expectError(await marketer.client.post('/api/v1/sms-sends', { ...body, params: [{ name: 'name', source: 'contact.name' }] }), 400, 'VALIDATION_FAILED', ['params']);
    expectError(await sales.client.post('/api/v1/sms-sends', { ...body, params: [] }), 403, 'FORBIDDEN');
    const draft = await created(await marketer.client.post('/api/v1/sms-sends', { ...body, params: [{ name: 'name', source: 'contact.name' }, { name: 'url', source: 'short_link' }] }));
    expect(draft).toMatchObject({ status: 'draft', provider: 'aliyun' });
    const preview = await created(await marketer.client.get(`/api/v1/sms-sends/${draft.id}/preview?contactId=${ids[0]}`), 200);
    expect(preview.text).toMatch(/^【客户科技】王女士您好，会员日专享：http.+\/s\/[A-Za-z0-9]+ 回T退订$/);
    expect(preview.parts).toBe(1);

    const start = await created(await marketer.client.post(`/api/v1/sms-sends/${draft.id}/send`, { version: draft.version }), 200);
    expect(start).toMatchObject({ audience: 5, recipients: 3, suppressed: 1, noAddress: 1 });
    await smsSendJob.handler(h.deps, {}, job());

    // What reached the provider: signed requests, the variables filled, our recipient id as OutId.
    expect(received.map((r) => r.params.PhoneNumbers).sort()).toEqual(['13700000000', '13812345678', '13912345678']);
    const wang = received.find((r) => r.params.PhoneNumbers === '13812345678')!;
    expect(wang.params).toMatchObject({ Action: 'SendSms', SignName: '客户科技', TemplateCode: 'SMS_900001', SignatureMethod: 'HMAC-SHA1', Version: '2017-05-25' });
    const wangParams = JSON.parse(wang.params.TemplateParam ?? '{}') as { name: string; url: string };
    expect(wangParams.name).toBe('王女士');
    expect(wangParams.url).toMatch(/\/s\/[A-Za-z0-9]{10}$/);

    const recipients = async (status = '') => (await marketer.client.get(`/api/v1/sms-sends/${draft.id}/recipients${status ? `?status=${status}` : ''}`)).body.items as { id: string; phone: string; status: string; error: string | null }[];
    expect((await recipients()).map((r) => [r.phone, r.status]).sort()).toEqual([
      ['+8613600000000', 'skipped'],
      ['+8613700000000', 'failed'],
      ['+8613812345678', 'sent'],
      ['+8613912345678', 'sent'],
    ]);
    expect((await recipients('failed'))[0]?.error).toContain('isv.MOBILE_NUMBER_ILLEGAL');
    expect((await created(await marketer.client.get(`/api/v1/sms-sends/${draft.id}`), 200)).status).toBe('sent');

    // The provider pushes receipts and a reply; a wrong token is refused.
    const settings = await created(await admin.get('/api/v1/settings/sms'), 200);
    const hook = new URL(settings.pushUrl as string).pathname;
    expect((await h.app.inject({ method: 'POST', url: '/hooks/sms/wrong', payload: [] })).statusCode).toBe(404);
    const wangId = (await recipients()).find((r) => r.phone === '+8613812345678')!.id;
    const pushed = await h.app.inject({
      method: 'POST',
      url: hook,
      payload: [
        { phone_number: '13812345678', send_time: '2026-12-08 09:00:00', report_time: '2026-12-08 09:00:05', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', sms_size: '1', biz_id: 'x', out_id: wangId },
        { phone_number: '13912345678', send_time: '2026-12-08 09:00:00', report_time: '2026-12-08 09:00:06', success: false, err_code: 'MOBILE_NOT_ON_SERVICE', err_msg: '停机或空号', sms_size: '1', biz_id: received.find((r) => r.params.PhoneNumbers === '13912345678')?.bizId, out_id: '' },
      ],
    });
    expect(pushed.json()).toEqual({ code: 0, msg: '成功' });
    const after = await recipients();
    expect(after.find((r) => r.phone === '+8613812345678')?.status).toBe('delivered');
    expect(after.find((r) => r.phone === '+8613912345678')).toMatchObject({ status: 'undelivered', error: 'MOBILE_NOT_ON_SERVICE 停机或空号' });

    // The short link: a person a minute later counts and moves the member to 已点击.
    h.clock.advance(60_000);
    const followed = await h.app.inject({ method: 'GET', url: new URL(wangParams.url).pathname, headers: { 'user-agent': HUMAN } });
    expect(followed.statusCode).toBe(302);
    expect(followed.headers.location).toBe('https://kehu.example/vip');
    expect((await h.app.inject({ method: 'GET', url: '/s/NoSuchCode1' })).statusCode).toBe(404);
    await marketer.client.login(marketer.username, USER_PASSWORD);
    const members = (await marketer.client.get(`/api/v1/campaigns/${campaign.id}/members?q=${encodeURIComponent('王女士')}`)).body.items as { status: string }[];
    expect(members[0]?.status).toBe('clicked');

    // 回T退订: the number goes on the suppression list and the next send skips it.
    await h.app.inject({ method: 'POST', url: hook, payload: [{ phone_number: '13812345678', send_time: '2026-12-08 10:00:00', content: 'T', sign_name: '【客户科技】', dest_code: '1234', sequence_id: 1 }] });
    const sent = await created(await marketer.client.get(`/api/v1/sms-sends/${draft.id}`), 200);
    expect(sent.counts).toMatchObject({ recipients: 4, sent: 2, delivered: 1, undelivered: 1, failed: 1, skipped: 1, clicked: 1, optedOut: 1 });
    const suppressed = (await marketer.client.get('/api/v1/suppressions?channel=sms')).body.items.map((s: { address: string; reason: string }) => [s.address, s.reason]);
    expect(suppressed).toEqual(expect.arrayContaining([['+8613812345678', 'unsubscribed']]));
    const next = await created(await marketer.client.post('/api/v1/sms-sends', { ...body, name: '会员日第二轮', params: [{ name: 'name', source: 'contact.name' }, { name: 'url', source: 'short_link' }] }));
    expect(await created(await marketer.client.post(`/api/v1/sms-sends/${next.id}/send`, { version: next.version }), 200)).toMatchObject({ recipients: 2, suppressed: 2 });
    expect((await auditOf(admin, next.id as string)).map((a) => a.action)).toEqual(['update', 'create']);
  });
});
