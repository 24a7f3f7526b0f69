import { describe, expect, it } from 'vitest';
import { checkFields, checkFormToken, formHtml, formToken, ipKey, MIN_FILL_MS, readSubmission } from './lead-forms.rules.ts';

const SECRET = 'form-secret-0123456789';
const FORM = '0b6f3c1e-9a52-4d1f-8c3b-5e2a7f9d4c10';

describe('form definitions', () => {
  it('need a required name and a required phone or e-mail, each field once', () => {
    expect(checkFields([{ key: 'contactName', label: '姓名', required: true }, { key: 'phone', label: '手机', required: true }])).toEqual([]);
    expect(checkFields([{ key: 'contactName', label: '姓名', required: false }, { key: 'email', label: '邮箱', required: true }])).toEqual([{ path: 'fields', key: 'leadForm.nameRequired' }]);
    expect(checkFields([{ key: 'contactName', label: '姓名', required: true }, { key: 'phone', label: '手机', required: false }])).toEqual([{ path: 'fields', key: 'leadForm.contactRequired' }]);
    expect(checkFields([{ key: 'contactName', label: '姓名', required: true }, { key: 'email', label: '邮箱', required: true }, { key: 'email', label: '邮箱2', required: false }])).toEqual([{ path: 'fields.2.key', key: 'leadForm.duplicateField' }]);
  });
});

describe('the form token', () => {
  const served = new Date('2026-12-08T01:00:00Z');
  const later = (ms: number) => new Date(served.getTime() + ms);
  it('is refused when forged, for another form, too fast or a day old', () => {
    const token = formToken(SECRET, FORM, served);
    expect(checkFormToken(SECRET, FORM, token, later(MIN_FILL_MS + 1))).toBe('ok');
    expect(checkFormToken(SECRET, FORM, token, later(500))).toBe('too_fast');
    expect(checkFormToken(SECRET, FORM, token, later(25 * 3600_000))).toBe('stale');
    expect(checkFormToken(SECRET, '1b6f3c1e-9a52-4d1f-8c3b-5e2a7f9d4c10', token, later(5000))).toBe('invalid');
    expect(checkFormToken('another-secret-000000', FORM, token, later(5000))).toBe('invalid');
    expect(checkFormToken(SECRET, FORM, token.replace(/^[0-9a-z]+/, (at) => (parseInt(at, 36) - 60_000).toString(36)), later(5000))).toBe('invalid');
    expect(checkFormToken(SECRET, FORM, undefined, later(5000))).toBe('invalid');
  });

  it('keys addresses by a keyed hash, not the address', () => {
    expect(ipKey(SECRET, '203.0.113.7')).not.toContain('203');
    expect(ipKey(SECRET, '203.0.113.7')).toBe(ipKey(SECRET, '203.0.113.7'));
    expect(ipKey(SECRET, '203.0.113.7')).not.toBe(ipKey(SECRET, '203.0.113.8'));
  });
});

describe('a submission', () => {
  const fields = [
    { key: 'contactName' as const, label: '姓名', required: true },
    { key: 'email' as const, label: '邮箱', required: true },
    { key: 'budget' as const, label: '是否已有预算', required: false },
    { key: 'needs' as const, label: '需求', required: false },
  ];
  it('takes only the form’s fields, trimmed, and says what is missing in the visitor’s language', () => {
    expect(readSubmission(fields, { contactName: ' 王女士 ', email: 'wang@example.com', budget: 'yes', ownerId: 'x', _consent: '1' }, '同意', 'zh-CN')).toEqual({
      values: { contactName: '王女士', email: 'wang@example.com', budget: 'yes' },
      errors: [],
    });
    expect(readSubmission(fields, { contactName: '', email: 'not-mail', budget: 'maybe', needs: 'x'.repeat(2001) }, '同意', 'zh-CN').errors).toEqual([
      { key: 'contactName', message: '请填写姓名' },
      { key: 'email', message: '邮箱格式不正确' },
      { key: 'budget', message: '请填写是否已有预算' },
      { key: 'needs', message: '需求不能超过 2000 个字' },
      { key: '_consent', message: '请阅读并勾选同意' },
    ]);
    expect(readSubmission(fields, { email: 'a@b.cn' }, null, 'en').errors).toEqual([{ key: 'contactName', message: 'Please fill in: 姓名' }]);
  });

  it('is shown back escaped, with the honeypot hidden and the token carried', () => {
    const html = formHtml({
      title: '<b>预约</b>',
      description: null,
      fields,
      consentText: '我同意 <a>',
      token: 'abc.def',
      values: { contactName: '"><script>alert(1)</script>' },
      errors: [{ key: 'email', message: '请填写邮箱' }],
      provinces: [],
      locale: 'zh-CN',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('<h1>&lt;b&gt;预约&lt;/b&gt;</h1>');
    expect(html).toContain('class="hp" aria-hidden="true"');
    expect(html).toContain('name="_t" value="abc.def"');
    expect(html).toContain('aria-invalid="true" aria-describedby="f-email-err"');
    expect(html).toContain('<option value="yes">是</option>');
  });
});
