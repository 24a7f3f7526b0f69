import { describe, expect, it } from 'vitest';
import type { LeadForm } from '../../../contracts/lead-forms.ts';
import {
  addField,
  availableKeys,
  builderFieldOf,
  changes,
  embedSnippet,
  hasChanges,
  initialFields,
  initialValues,
  knownReason,
  moveField,
  publicUrl,
  removeField,
  splitIssues,
  suggestSlug,
  toBody,
  updateField,
  type BuilderValues,
} from './formBuilder.ts';

const saved: LeadForm = {
  id: '00000000-0000-4000-8000-000000000001',
  name: '官网试用申请',
  slug: 'trial',
  title: '申请试用',
  description: null,
  fields: [
    { key: 'contactName', label: '姓名', required: true },
    { key: 'phone', label: '手机号', required: true },
  ],
  channel: 'website',
  campaignId: null,
  campaignName: null,
  consentText: null,
  thankYouMessage: '谢谢',
  redirectUrl: null,
  allowedOrigins: [],
  status: 'draft',
  submissions: 0,
  leadsCreated: 0,
  lastSubmittedAt: null,
  ownerId: '00000000-0000-4000-8000-000000000002',
  ownerName: '市场',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 3,
};

describe('the field list', () => {
  it('starts with the name and mobile required and the company, in the language asked', () => {
    expect(initialFields('zh-CN')).toEqual([
      { key: 'contactName', label: '姓名', required: true },
      { key: 'phone', label: '手机号', required: true },
      { key: 'companyName', label: '公司名称', required: false },
    ]);
    expect(initialFields('en').map((f) => f.label)).toEqual(['Name', 'Mobile', 'Company']);
  });

  it('adds a field once, with its default label, and offers only the keys not used', () => {
    const fields = addField(initialFields('zh-CN'), 'budget', 'zh-CN');
    expect(fields.at(-1)).toEqual({ key: 'budget', label: '是否已有预算', required: false });
    expect(addField(fields, 'budget', 'zh-CN')).toEqual(fields);
    expect(availableKeys(fields)).toEqual(['email', 'title', 'provinceCode', 'needs', 'needMatch', 'authority']);
  });

  it('moves a field up and down, not past either end, and removes one', () => {
    const fields = initialFields('zh-CN');
    expect(moveField(fields, 2, -1).map((f) => f.key)).toEqual(['contactName', 'companyName', 'phone']);
    expect(moveField(fields, 0, 1).map((f) => f.key)).toEqual(['phone', 'contactName', 'companyName']);
    expect(moveField(fields, 0, -1)).toEqual(fields);
    expect(moveField(fields, 2, 1)).toEqual(fields);
    expect(removeField(fields, 1).map((f) => f.key)).toEqual(['contactName', 'companyName']);
    expect(fields).toHaveLength(3);
  });

  it('changes a label or the required switch of one field', () => {
    const fields = updateField(updateField(initialFields('zh-CN'), 2, { required: true }), 0, { label: '您的姓名' });
    expect(fields[0]).toEqual({ key: 'contactName', label: '您的姓名', required: true });
    expect(fields[2]?.required).toBe(true);
  });
});

describe('the request body', () => {
  const values: BuilderValues = {
    name: ' 官网试用申请 ',
    slug: 'Trial-2026',
    title: '申请试用',
    description: '  ',
    channel: 'website',
    campaignId: undefined,
    consentText: '我同意 Kehu 处理我的信息',
    thankYouMessage: ' 谢谢 ',
    redirectUrl: '',
    allowedOrigins: ['https://www.example.com/', ' https://shop.example.com '],
  };

  it('trims, turns empty boxes into null and falls back to the default label', () => {
    const fields = updateField(initialFields('zh-CN'), 1, { label: '  ' });
    expect(toBody(values, fields, 'zh-CN')).toEqual({
      name: '官网试用申请',
      slug: 'trial-2026',
      title: '申请试用',
      description: null,
      fields: [
        { key: 'contactName', label: '姓名', required: true },
        { key: 'phone', label: '手机号', required: true },
        { key: 'companyName', label: '公司名称', required: false },
      ],
      channel: 'website',
      campaignId: null,
      consentText: '我同意 Kehu 处理我的信息',
      thankYouMessage: '谢谢',
      redirectUrl: null,
      allowedOrigins: ['https://www.example.com', 'https://shop.example.com'],
    });
  });

  it('sends only what changed, with the version', () => {
    const body = toBody(initialValues(saved, { thankYouMessage: '' }), saved.fields, 'zh-CN');
    expect(changes(saved, body)).toEqual({ version: 3 });
    expect(hasChanges(changes(saved, body))).toBe(false);
    const next = toBody({ ...initialValues(saved, { thankYouMessage: '' }), title: '预约演示', campaignId: '00000000-0000-4000-8000-000000000009' }, addField(saved.fields, 'email', 'zh-CN'), 'zh-CN');
    const update = changes(saved, next);
    expect(update).toEqual({ version: 3, title: '预约演示', campaignId: '00000000-0000-4000-8000-000000000009', fields: [...saved.fields, { key: 'email', label: '邮箱', required: false }] });
    expect(hasChanges(update)).toBe(true);
  });

  it('presets a new form with the campaign and its channel', () => {
    expect(initialValues(null, { thankYouMessage: '提交成功', campaignId: 'c1', channel: 'trade_show' })).toMatchObject({ campaignId: 'c1', channel: 'trade_show', thankYouMessage: '提交成功', allowedOrigins: [] });
  });
});

describe('addresses and the embed snippet', () => {
  it('builds the public link and the iframe', () => {
    expect(publicUrl('https://crm.example.com/', 'trial-2026')).toBe('https://crm.example.com/f/trial-2026');
    expect(embedSnippet('https://crm.example.com', 'trial-2026')).toBe('<iframe src="https://crm.example.com/f/trial-2026" width="100%" height="640" style="border:0"></iframe>');
  });

  it('suggests a slug from the latin part of a name', () => {
    expect(suggestSlug('Expo 2026 — 上海站')).toBe('expo-2026');
    expect(suggestSlug('官网试用')).toBe('');
  });
});

describe('server issues', () => {
  it('puts issues of the field list on the list or its rows, the rest on the form', () => {
    const { list, rows, rest } = splitIssues([
      { path: 'fields', message: '姓名和手机号或邮箱必须必填' },
      { path: 'body.fields.2.key', message: '重复' },
      { path: 'fields.2.label', message: '必填' },
      { path: 'slug', message: '已被使用' },
      { path: 'allowedOrigins.0', message: '网址' },
    ]);
    expect(list).toEqual(['姓名和手机号或邮箱必须必填']);
    expect([...rows.entries()]).toEqual([[2, ['重复', '必填']]]);
    expect(rest.map((r) => builderFieldOf(r.path))).toEqual(['slug', 'allowedOrigins']);
  });

  it('names the reasons it knows', () => {
    expect(knownReason('token_too_fast')).toBe('token_too_fast');
    expect(knownReason('something_else')).toBeNull();
    expect(knownReason(null)).toBeNull();
  });
});
