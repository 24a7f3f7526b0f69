import { describe, expect, it } from 'vitest';
import { QUOTE_STATUSES, type QuoteStatus } from '../../../contracts/sales.ts';
import { businessDate } from '../../platform/clock.ts';
import { chineseCapitalAmount, companyProfileMissing, printedPhone, quoteEditable, quoteExpired, quoteMailCc, quoteMailDraft, quoteTransition } from './quotes.rules.ts';

const now = new Date('2026-03-10T02:00:00Z');
const valid = { now, today: '2026-03-10', validUntil: '2026-03-31' };

describe('quote transitions', () => {
  const legal: [QuoteStatus, QuoteStatus][] = [
    ['draft', 'sent'],
    ['sent', 'accepted'],
    ['sent', 'rejected'],
    ['sent', 'expired'],
  ];
  const isLegal = (from: QuoteStatus, to: QuoteStatus) => legal.some(([f, t]) => f === from && t === to);

  for (const from of QUOTE_STATUSES) {
    for (const to of QUOTE_STATUSES) {
      it(`${from} → ${to} is ${isLegal(from, to) ? 'allowed' : 'refused'}`, () => {
        const result = quoteTransition(from, to, valid);
        expect(result.ok).toBe(isLegal(from, to));
        if (!result.ok) {
          expect(result.key).toBe('quote.transition');
          // The refusal names exactly the steps that are allowed from here.
          expect([...result.allowed].sort()).toEqual(legal.filter(([f]) => f === from).map(([, t]) => t).sort());
        }
      });
    }
  }

  it('stamps the send and the decision with the time', () => {
    expect(quoteTransition('draft', 'sent', valid)).toEqual({ ok: true, stamp: { sentAt: now } });
    expect(quoteTransition('sent', 'accepted', valid)).toEqual({ ok: true, stamp: { decidedAt: now } });
    expect(quoteTransition('sent', 'rejected', valid)).toEqual({ ok: true, stamp: { decidedAt: now } });
    expect(quoteTransition('sent', 'expired', valid)).toEqual({ ok: true, stamp: {} });
  });

  it('accepts and sends on the last valid day, not after it; rejecting stays possible', () => {
    expect(quoteTransition('sent', 'accepted', { now, today: '2026-03-31', validUntil: '2026-03-31' }).ok).toBe(true);
    expect(quoteTransition('sent', 'accepted', { now, today: '2026-04-01', validUntil: '2026-03-31' })).toEqual({ ok: false, key: 'quote.pastValidity', allowed: ['rejected', 'expired'] });
    expect(quoteTransition('draft', 'sent', { now, today: '2026-04-01', validUntil: '2026-03-31' })).toMatchObject({ ok: false, key: 'quote.pastValidity', allowed: [] });
    expect(quoteTransition('sent', 'rejected', { now, today: '2026-04-01', validUntil: '2026-03-31' }).ok).toBe(true);
  });

  it('edits only drafts and expires only sent quotes past their last day', () => {
    expect(QUOTE_STATUSES.filter(quoteEditable)).toEqual(['draft']);
    expect(quoteExpired('sent', '2026-03-09', '2026-03-10')).toBe(true);
    expect(quoteExpired('sent', '2026-03-10', '2026-03-10')).toBe(false);
    expect(quoteExpired('draft', '2026-03-09', '2026-03-10')).toBe(false);
    expect(quoteExpired('accepted', '2026-03-09', '2026-03-10')).toBe(false);
  });

  it('reads the date in the business time zone', () => {
    expect(businessDate(new Date('2026-03-09T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-10');
    expect(businessDate(new Date('2026-03-09T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-09');
    expect(businessDate(new Date('2026-03-09T17:00:00Z'), 'UTC')).toBe('2026-03-09');
  });
});

describe('大写金额', () => {
  const cases: [number, string][] = [
    [1_234_567, '壹万贰仟叁佰肆拾伍元陆角柒分'],
    [0, '零元整'],
    [1, '壹分'],
    [5, '伍分'],
    [50, '伍角'],
    [100, '壹元整'],
    [105, '壹元零伍分'],
    [150, '壹元伍角'],
    [1_000, '壹拾元整'],
    [1_005, '壹拾元零伍分'],
    [10_000, '壹佰元整'],
    [100_400, '壹仟零肆元整'],
    [102_000, '壹仟零贰拾元整'],
    [168_032, '壹仟陆佰捌拾元叁角贰分'],
    [1_000_000, '壹万元整'],
    [1_000_500, '壹万零伍元整'],
    [1_050_000, '壹万零伍佰元整'],
    [1_500_000, '壹万伍仟元整'],
    [100_040_000, '壹佰万零肆佰元整'],
    [120_500_000, '壹佰贰拾万伍仟元整'],
    [12_000_000_000, '壹亿贰仟万元整'],
    [10_000_000_000, '壹亿元整'],
    [10_001_000_000, '壹亿零壹万元整'],
    [10_000_500_000, '壹亿零伍仟元整'],
    [100_000_000_500, '壹拾亿零伍元整'],
    [10_000_000_000_000, '壹仟亿元整'],
    [9_999_999_999_999, '玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
    [-1_234_567, '负壹万贰仟叁佰肆拾伍元陆角柒分'],
  ];
  for (const [fen, text] of cases) {
    it(`${fen} fen → ${text}`, () => expect(chineseCapitalAmount(fen)).toBe(text));
  }

  it('refuses what is not a whole number of fen', () => {
    expect(() => chineseCapitalAmount(1.5)).toThrow(RangeError);
    expect(() => chineseCapitalAmount(Number.NaN)).toThrow(RangeError);
  });
});

describe('phones printed on a quote', () => {
  it('are national for Chinese numbers, however they were stored or typed', () => {
    expect(printedPhone('+8613611114444')).toBe('136 1111 4444');
    expect(printedPhone('13611114444')).toBe('136 1111 4444');
    expect(printedPhone('136-1111-4444')).toBe('136 1111 4444');
    expect(printedPhone('+86 136 1111 4444')).toBe('136 1111 4444');
    expect(printedPhone('+861088886666')).toBe('010 8888 6666');
    expect(printedPhone('010-88886666')).toBe('010 8888 6666');
    expect(printedPhone('(010) 8888 6666')).toBe('010 8888 6666');
    expect(printedPhone('0512-66668888')).toBe('0512 6666 8888');
    expect(printedPhone('021-68888888 转 123')).toBe('021 6888 8888 转 123');
  });
  it('are international for other countries, and left as typed when not a whole phone number', () => {
    expect(printedPhone('+85221234567')).toBe('+852 2123 4567');
    // Service numbers are numbers of the plan too.
    expect(printedPhone('400-800-8888')).toBe('400 800 8888');
    expect(printedPhone('8888-6666')).toBe('8888-6666');
    expect(printedPhone(' 见官网 ')).toBe('见官网');
    expect(printedPhone('')).toBe('');
  });
});

describe('the company printed on quotes', () => {
  it('is missing until 公司信息 names the company', () => {
    expect(companyProfileMissing(null)).toBe(true);
    expect(companyProfileMissing({ name: 'Kehu', address: '', phone: '', email: '' })).toBe(true);
    expect(companyProfileMissing({ name: '杭州客户云科技有限公司', address: '', phone: '', email: '' })).toBe(false);
    // A company really called Kehu that gave its address is not missing.
    expect(companyProfileMissing({ name: 'Kehu', address: '杭州市西湖区文三路 90 号', phone: '', email: '' })).toBe(false);
  });
});

describe('the mail a quote is sent with', () => {
  const facts = {
    number: 'BJ2026001',
    title: 'CRM 年度采购',
    total: '¥56,667.60',
    validUntil: '2026-12-06',
    companyName: '杭州客户云科技有限公司',
    contactName: '张伟',
    ownerName: '李娜',
    ownerPhone: '+8613611114444',
    ownerEmail: 'lina@kehu.example',
  };
  it('names the quote, its total and validity, greets the contact and is signed by the owner', () => {
    const { subject, message } = quoteMailDraft(facts);
    expect(subject).toBe('报价单 BJ2026001：CRM 年度采购（杭州客户云科技有限公司）');
    expect(message.split('\n')[0]).toBe('张伟，您好：');
    expect(message).toContain('报价单 BJ2026001（CRM 年度采购），合计 ¥56,667.60，有效期至 2026-12-06。');
    expect(message).not.toMatch(/\d{4}\/\d\d\/\d\d/);
    expect(message.split('\n').slice(-4)).toEqual(['李娜', '电话：136 1111 4444', '邮箱：lina@kehu.example', '杭州客户云科技有限公司']);
  });
  it('does without what is unknown', () => {
    const { message } = quoteMailDraft({ ...facts, contactName: null, ownerPhone: null, ownerEmail: null });
    expect(message.split('\n')[0]).toBe('您好：');
    expect(message.split('\n').slice(-2)).toEqual(['李娜', '杭州客户云科技有限公司']);
  });
  it('copies the owner when asked, once, and not to the recipient themselves', () => {
    expect(quoteMailCc('lina@kehu.example', 'zhangwei@customer.example', true)).toEqual(['lina@kehu.example']);
    expect(quoteMailCc('lina@kehu.example', 'zhangwei@customer.example', false)).toEqual([]);
    expect(quoteMailCc(null, 'zhangwei@customer.example', true)).toEqual([]);
    expect(quoteMailCc('LiNa@kehu.example', 'lina@kehu.example', true)).toEqual([]);
  });
});
