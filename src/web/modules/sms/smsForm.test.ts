import { describe, expect, it } from 'vitest';
import type { SmsSend } from '../../../contracts/sms.ts';
import { hasOptOut, initialSmsValues, paramRowsFor, previewMessage, sameRows, smsActions, smsChanges, smsFieldOf, smsFields, smsParts, smsRates, toCreateSmsBody, usesShortLink, variablesOf, type SmsValues } from './smsForm.ts';

const TEXT = '${name}您好，春季发布会 3 月 18 日举行，报名：${url} 回T退订';

function values(over: Partial<SmsValues> = {}): SmsValues {
  return {
    name: ' 发布会短信 ',
    segmentId: '7f6c3c0e-4a0c-4a59-9a8e-0b1c1d1e1f10',
    contacts: 'primary',
    signName: ' 客户通 ',
    templateCode: ' SMS_123456789 ',
    text: TEXT,
    params: [
      { name: 'name', source: 'contact.name' },
      { name: 'url', source: 'short_link' },
    ],
    linkUrl: ' https://example.com/launch ',
    ...over,
  };
}

const SEND: SmsSend = {
  id: '0b8f6c3c-0e4a-4c59-9a8e-0b1c1d1e1f11',
  campaignId: '1b8f6c3c-0e4a-4c59-9a8e-0b1c1d1e1f12',
  campaignName: '春季发布会',
  name: '发布会短信',
  signName: '客户通',
  templateCode: 'SMS_123456789',
  text: TEXT,
  params: [
    { name: 'name', source: 'contact.name' },
    { name: 'url', source: 'short_link' },
  ],
  linkUrl: 'https://example.com/launch',
  segmentId: '7f6c3c0e-4a0c-4a59-9a8e-0b1c1d1e1f10',
  segmentName: '邀请名单',
  contacts: 'primary',
  status: 'draft',
  noAddress: 0,
  counts: { recipients: 0, queued: 0, sent: 0, delivered: 0, undelivered: 0, failed: 0, unknown: 0, skipped: 0, clicked: 0, optedOut: 0 },
  provider: 'log',
  startedAt: null,
  finishedAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 3,
};

describe('template variables', () => {
  it('finds each ${variable} once, in order, as the server does', () => {
    expect(variablesOf(TEXT)).toEqual(['name', 'url']);
    expect(variablesOf('${b}${a}${b} ${ 坏} $name ${9x} ${ok_1}')).toEqual(['b', 'a', 'ok_1']);
    expect(variablesOf('')).toEqual([]);
  });

  it('builds one row per variable, keeping the sources chosen for names still in the text', () => {
    expect(paramRowsFor('${a}${b}', [])).toEqual([
      { name: 'a', source: undefined },
      { name: 'b', source: undefined },
    ]);
    expect(paramRowsFor('${url} ${shop}', [{ name: 'name', source: 'contact.name' }, { name: 'url', source: 'short_link' }])).toEqual([
      { name: 'url', source: 'short_link' },
      { name: 'shop', source: undefined },
    ]);
    // A half-typed variable is no variable yet.
    expect(paramRowsFor('您好 ${na', [{ name: 'na', source: 'contact.name' }])).toEqual([]);
  });

  it('compares rows and sees the short link', () => {
    expect(sameRows([{ name: 'a', source: 'owner.name' }], [{ name: 'a', source: 'owner.name' }])).toBe(true);
    expect(sameRows([{ name: 'a', source: 'owner.name' }], [{ name: 'a' }])).toBe(false);
    expect(sameRows(undefined, [])).toBe(true);
    expect(usesShortLink(values().params)).toBe(true);
    expect(usesShortLink([{ name: 'a', source: 'owner.phone' }])).toBe(false);
  });
});

describe('request bodies', () => {
  it('trims the fields and sends the link address only with a short link', () => {
    expect(toCreateSmsBody(SEND.campaignId, values())).toEqual({
      campaignId: SEND.campaignId,
      name: '发布会短信',
      signName: '客户通',
      templateCode: 'SMS_123456789',
      text: TEXT,
      params: [
        { name: 'name', source: 'contact.name' },
        { name: 'url', source: 'short_link' },
      ],
      linkUrl: 'https://example.com/launch',
      segmentId: SEND.segmentId,
      contacts: 'primary',
    });
    const noLink = smsFields(values({ text: '${name}您好 回T退订', params: [{ name: 'name', source: 'owner.name' }] }));
    expect(noLink.params).toEqual([{ name: 'name', source: 'owner.name' }]);
    expect(noLink.linkUrl).toBeNull();
  });

  it('leaves out rows without a source and rows of variables no longer in the text (the server names what is missing)', () => {
    const f = smsFields(values({ params: [{ name: 'name' }, { name: 'url', source: 'short_link' }, { name: 'gone', source: 'owner.phone' }] }));
    expect(f.params).toEqual([{ name: 'url', source: 'short_link' }]);
    expect(smsFields(values({ linkUrl: '  ' })).linkUrl).toBeNull();
  });

  it('sends a draft only its changes with the version, null when nothing changed', () => {
    expect(smsChanges(SEND, initialSmsValues(SEND))).toBeNull();
    expect(smsChanges(SEND, { ...initialSmsValues(SEND), name: '新名称', contacts: 'all' })).toEqual({ version: 3, name: '新名称', contacts: 'all' });
    const text = '${name}您好，详情见 ${url}，客服 ${tel} 回T退订';
    expect(smsChanges(SEND, { ...initialSmsValues(SEND), text, params: [...paramRowsFor(text, SEND.params).slice(0, 2), { name: 'tel', source: 'owner.phone' }] })).toEqual({
      version: 3,
      text,
      params: [
        { name: 'name', source: 'contact.name' },
        { name: 'url', source: 'short_link' },
        { name: 'tel', source: 'owner.phone' },
      ],
    });
  });

  it('fills the editor from a send, and empty for a new one', () => {
    expect(initialSmsValues(null)).toEqual({ name: '', segmentId: null, contacts: 'primary', signName: '', templateCode: '', text: '', params: [], linkUrl: '' });
    expect(initialSmsValues({ ...SEND, linkUrl: null }).linkUrl).toBe('');
  });

  it('puts server issues on the fields', () => {
    expect(smsFieldOf('params')).toBe('text');
    expect(smsFieldOf('body.params.1.name')).toBe('text');
    expect(smsFieldOf('params.1.source')).toEqual(['params', 1, 'source']);
    expect(smsFieldOf('linkUrl')).toBe('linkUrl');
    expect(smsFieldOf('/templateCode')).toBe('templateCode');
    expect(smsFieldOf('signName')).toBe('signName');
    expect(smsFieldOf('version')).toBeNull();
    expect(smsFieldOf('')).toBeNull();
  });
});

describe('length and parts', () => {
  it('bills 70 characters as one message and 67 per part when longer', () => {
    expect(smsParts(0)).toBe(1);
    expect(smsParts(70)).toBe(1);
    expect(smsParts(71)).toBe(2);
    expect(smsParts(134)).toBe(2);
    expect(smsParts(135)).toBe(3);
  });

  it('previews the message with sample values, the signature in 【】, counting characters (not UTF-16 units)', () => {
    const p = previewMessage(values(), { campaignName: '春季发布会', origin: 'https://crm.example.com' });
    expect(p.text).toBe('【客户通】张三您好，春季发布会 3 月 18 日举行，报名：https://crm.example.com/s/AbCdEfGh23 回T退订');
    expect(p.length).toBe([...p.text].length);
    expect(p.parts).toBe(p.length <= 70 ? 1 : Math.ceil(p.length / 67));
    const emoji = previewMessage({ signName: '店', text: '😀'.repeat(66), params: [] }, { campaignName: '', origin: '' });
    expect(emoji.length).toBe(69);
    expect(emoji.parts).toBe(1);
  });

  it('keeps a variable without a source as written, and cuts long values as the server does', () => {
    const p = previewMessage({ signName: '客户通', text: '${a}和${b}', params: [{ name: 'a', source: 'campaign.name' }, { name: 'b' }] }, { campaignName: '活'.repeat(40), origin: '' });
    expect(p.text).toBe(`【客户通】${'活'.repeat(35)}和\${b}`);
  });

  it('sees the opt-out words', () => {
    expect(hasOptOut(TEXT)).toBe(true);
    expect(hasOptOut('您好')).toBe(false);
  });
});

describe('actions and rates', () => {
  it('offers the steps of each status', () => {
    expect(smsActions('draft')).toEqual(['send', 'cancel']);
    expect(smsActions('sending')).toEqual(['pause', 'cancel']);
    expect(smsActions('paused')).toEqual(['resume', 'cancel']);
    expect(smsActions('sent')).toEqual([]);
    expect(smsActions('cancelled')).toEqual([]);
  });

  it('rates delivery and clicks against the messages accepted', () => {
    expect(smsRates(SEND.counts)).toEqual({ delivery: null, click: null });
    expect(smsRates({ ...SEND.counts, sent: 4, delivered: 3, clicked: 1 })).toEqual({ delivery: 0.75, click: 0.25 });
  });
});
