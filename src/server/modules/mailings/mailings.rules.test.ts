import { describe, expect, it } from 'vitest';
import { checkTemplate, compileMail, isProbableBot, pickWinner, rateOf, renderSubject, renderTemplate, sampleSplit, sanitizeMailHtml, signToken, smtpOutcome, trackingUrls, verifyToken } from './mailings.rules.ts';

const SECRET = 'test-secret-0123456789';
const ID = '0b6f3c1e-9a52-4d1f-8c3b-5e2a7f9d4c10';

describe('merge fields', () => {
  it('fill values escaped in HTML, with fallbacks, in one pass', () => {
    const tpl = '<p>尊敬的{{ contact.name | 客户 }}，{{customer.name}} 您好：</p><p>{{owner.name}} {{owner.phone|}}</p>';
    expect(renderTemplate(tpl, { 'contact.name': '王<b>总</b>', 'customer.name': 'A&B 公司', 'owner.name': '{{owner.phone}}', 'owner.phone': '13800000000' }, 'html')).toBe(
      '<p>尊敬的王&lt;b&gt;总&lt;/b&gt;，A&amp;B 公司 您好：</p><p>{{owner.phone}} 13800000000</p>',
    );
    expect(renderTemplate(tpl, {}, 'html')).toBe('<p>尊敬的客户， 您好：</p><p> </p>');
    expect(renderTemplate('Hi {{contact.name}}', { 'contact.name': '<x>' }, 'text')).toBe('Hi <x>');
  });

  it('keep subjects on one line', () => {
    expect(renderSubject('{{contact.name}}，新品发布会邀请', { 'contact.name': '李\r\nBcc: evil@x.com' })).toBe('李 Bcc: evil@x.com，新品发布会邀请');
  });

  it('name unknown fields and merge fields inside link addresses', () => {
    expect(checkTemplate({ subjects: ['Hi {{contact.nmae}}', '{{campaign.name}}'], html: '<p>{{customer.name}} {{foo}}</p><a href="https://x.cn/?u={{contact.email}}">x</a>', text: '{{bar}}' })).toEqual([
      { path: 'subject', key: 'mailing.unknownField', params: { fields: 'contact.nmae' } },
      { path: 'html', key: 'mailing.unknownField', params: { fields: 'foo' } },
      { path: 'text', key: 'mailing.unknownField', params: { fields: 'bar' } },
      { path: 'html', key: 'mailing.fieldInLink', params: { link: 'https://x.cn/?u={{contact.email}}' } },
    ]);
    expect(checkTemplate({ subjects: ['ok'], html: '<p>正文</p><a href="{{unsubscribe_url}}">退订</a>', text: null })).toEqual([]);
    expect(checkTemplate({ subjects: ['ok'], html: '<p> </p>', text: null })).toEqual([{ path: 'html', key: 'mailing.noBody' }]);
  });
});

describe('mail HTML', () => {
  it('loses scripts, handlers and dangerous schemes, keeps styles and tables', () => {
    const clean = sanitizeMailHtml('<style>p{color:red}</style><p onclick="x()">hi</p><script>alert(1)</script><a href="javascript:alert(1)">a</a><iframe src="https://x"></iframe><table><tr><td bgcolor="#fff">c</td></tr></table><img src="https://cdn.x.cn/a.png" onerror="x()">');
    expect(clean).not.toMatch(/script|onclick|onerror|javascript|iframe/i);
    expect(clean).toContain('<style>p{color:red}</style>');
    expect(clean).toContain('<td bgcolor="#fff">c</td>');
    expect(clean).toContain('<img src="https://cdn.x.cn/a.png" />');
  });

  it('compiles: CSS inlined, links tracked by index, a pixel, an unsubscribe footer and a text part', () => {
    const c = compileMail({
      subjects: ['邀请函'],
      html: '<html><head><style>.btn{color:#fff;background:#1677ff}</style></head><body><p>您好 {{contact.name}}</p><a class="btn" href="https://kehu.example/expo?a=1&amp;b=2">报名</a> <a href="https://kehu.example/expo?a=1&b=2">again</a> <a href="mailto:m@x.cn">mail</a></body></html>',
      text: null,
      tracking: true,
    });
    expect(c.links).toEqual(['https://kehu.example/expo?a=1&b=2']);
    expect(c.html).toMatch(/<a class="btn" href="\{\{__link\.0\}\}" style="color: ?#fff; ?background: ?#1677ff;?">报名<\/a>/);
    expect(c.html.match(/\{\{__link\.0\}\}/g)).toHaveLength(2);
    expect(c.html).toContain('href="mailto:m@x.cn"');
    expect(c.html).toContain('src="{{__pixel}}"');
    expect(c.html).toContain('{{unsubscribe_url}}');
    expect(c.text).toContain('您好 {{contact.name}}');
    expect(c.text).toContain('Unsubscribe: {{unsubscribe_url}}');
    const html = renderTemplate(c.html, { 'contact.name': '王总', unsubscribe_url: 'https://k/u/T', ...trackingUrls('https://k', 'T', c.links) }, 'html');
    expect(html).toContain('href="https://k/t/c/T/0"');
    expect(html).toContain('src="https://k/t/o/T.gif"');
    expect(html).toContain('href="https://k/u/T"');

    const untracked = compileMail({ subjects: ['x'], html: '<p>x <a href="https://a.cn">a</a> <a href="{{unsubscribe_url}}">退订</a></p>', text: 'plain {{unsubscribe_url}}', tracking: false });
    expect(untracked.links).toEqual([]);
    expect(untracked.html).toContain('href="https://a.cn"');
    expect(untracked.html).not.toContain('__pixel');
    expect(untracked.html.match(/unsubscribe_url/g)).toHaveLength(1);
    expect(untracked.text).toBe('plain {{unsubscribe_url}}');
  });
});

describe('tokens', () => {
  it('name the recipient only with the right secret and purpose', () => {
    const t = signToken(SECRET, 'track', ID);
    expect(t).toMatch(/^[A-Za-z0-9_-]{38}$/);
    expect(verifyToken(SECRET, 'track', t)).toBe(ID);
    expect(verifyToken(SECRET, 'unsubscribe', t)).toBeNull();
    expect(verifyToken('another-secret-0123456', 'track', t)).toBeNull();
    const tampered = (t[0] === 'A' ? 'B' : 'A') + t.slice(1);
    expect(verifyToken(SECRET, 'track', tampered)).toBeNull();
    expect(verifyToken(SECRET, 'track', 'short')).toBeNull();
  });
});

describe('probable bots', () => {
  const sentAt = new Date('2026-12-07T02:00:00Z');
  const later = (ms: number) => new Date(sentAt.getTime() + ms);
  const human = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
  it('are scanners, tools, no agent, or too fast after delivery', () => {
    expect(isProbableBot({ kind: 'click', userAgent: human, sentAt, at: later(60_000) })).toBe(false);
    expect(isProbableBot({ kind: 'click', userAgent: human, sentAt, at: later(3_000) })).toBe(true);
    expect(isProbableBot({ kind: 'open', userAgent: human, sentAt, at: later(3_000) })).toBe(false);
    expect(isProbableBot({ kind: 'open', userAgent: 'Mozilla/5.0 (compatible; Barracuda Sentinel)', sentAt, at: later(600_000) })).toBe(true);
    expect(isProbableBot({ kind: 'click', userAgent: 'python-requests/2.31', sentAt, at: later(600_000) })).toBe(true);
    expect(isProbableBot({ kind: 'click', userAgent: '', sentAt, at: later(600_000) })).toBe(true);
    expect(isProbableBot({ kind: 'open', userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', sentAt, at: later(600_000) })).toBe(false);
  });
});

describe('subject tests', () => {
  it('split a share of the audience evenly, at least one each', () => {
    expect(sampleSplit(1000, 2, 20)).toEqual({ perVariant: [100, 100], sample: 200 });
    expect(sampleSplit(101, 3, 10)).toEqual({ perVariant: [4, 3, 3], sample: 10 });
    expect(sampleSplit(5, 4, 2)).toEqual({ perVariant: [1, 1, 1, 1], sample: 4 });
    expect(sampleSplit(3, 4, 50)).toEqual({ perVariant: [1, 1, 1, 0], sample: 3 });
    expect(sampleSplit(500, 1, null)).toEqual({ perVariant: [500], sample: 500 });
  });

  it('pick the best rate, A on a tie', () => {
    const stats = [
      { key: 'A' as const, sent: 100, opened: 20, clicked: 5 },
      { key: 'B' as const, sent: 90, opened: 27, clicked: 4 },
    ];
    expect(pickWinner(stats, 'open')).toBe('B');
    expect(pickWinner(stats, 'click')).toBe('A');
    expect(pickWinner([{ key: 'A', sent: 0, opened: 0, clicked: 0 }, { key: 'B', sent: 0, opened: 0, clicked: 0 }], 'open')).toBe('A');
    expect(rateOf(1, 3)).toBe(0.3333);
    expect(rateOf(0, 0)).toBeNull();
  });
});

describe('SMTP outcomes', () => {
  it('bounce on a permanent refusal of the address, fail on the rest', () => {
    expect(smtpOutcome({ responseCode: 550, command: 'RCPT TO' })).toBe('bounced');
    expect(smtpOutcome({ responseCode: 554, command: 'RCPT TO' })).toBe('bounced');
    expect(smtpOutcome({ responseCode: 551, command: 'DATA' })).toBe('bounced');
    expect(smtpOutcome({ responseCode: 554, command: 'DATA' })).toBe('failed');
    expect(smtpOutcome({ responseCode: 450, command: 'RCPT TO' })).toBe('failed');
    expect(smtpOutcome(new Error('ECONNREFUSED'))).toBe('failed');
  });
});
