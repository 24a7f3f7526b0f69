import { describe, expect, it } from 'vitest';
import { applyMapping, headerSignature, mappingProblems, normaliseLabel, suggestMapping, type FieldLabels } from './mapping.ts';

/** Field labels as a customer import would declare them (the module owns the real list). */
const FIELDS: FieldLabels[] = [
  { key: 'name', zh: '客户名称', en: 'Name', aliases: ['公司名称', '企业名称', '公司', 'Company', 'Company Name'], required: true },
  { key: 'phone', zh: '手机', en: 'Mobile', aliases: ['电话', '联系电话', '手机号', 'Phone'] },
  { key: 'contactName', zh: '联系人', en: 'Contact', aliases: ['联系人姓名', 'Contact Name'] },
  { key: 'email', zh: '邮箱', en: 'Email', aliases: ['电子邮箱', 'E-mail'] },
  { key: 'creditCode', zh: '统一社会信用代码', en: 'Credit code', aliases: ['信用代码', 'USCC'] },
  { key: 'address', zh: '地址', en: 'Address', aliases: ['详细地址', '公司地址'] },
];

describe('normaliseLabel', () => {
  it('folds width and case and drops spaces, punctuation and required marks', () => {
    expect(normaliseLabel('*客户名称：')).toBe('客户名称');
    expect(normaliseLabel('客户　名称')).toBe('客户名称');
    expect(normaliseLabel('ＣＯＭＰＡＮＹ＿Ｎａｍｅ')).toBe('companyname');
    expect(normaliseLabel(' E-mail ')).toBe('email');
    expect(normaliseLabel('【手机】')).toBe('手机');
  });
});

describe('suggestMapping', () => {
  it('maps Chinese and English headers and their common variants', () => {
    expect(suggestMapping(['公司名称', '联系电话', '联系人', 'E-mail', '统一社会信用代码', '备注'], FIELDS)).toEqual({
      公司名称: 'name',
      联系电话: 'phone',
      联系人: 'contactName',
      'E-mail': 'email',
      统一社会信用代码: 'creditCode',
      备注: null,
    });
    expect(suggestMapping(['Company Name', 'MOBILE', 'contact name', 'Address'], FIELDS)).toEqual({
      'Company Name': 'name',
      MOBILE: 'phone',
      'contact name': 'contactName',
      Address: 'address',
    });
  });

  it('ignores required marks, full-width characters and bracketed hints', () => {
    expect(suggestMapping(['*企业名称', '手机号（必填）', '电子邮箱(选填)', 'ＵＳＣＣ'], FIELDS)).toEqual({
      '*企业名称': 'name',
      '手机号（必填）': 'phone',
      '电子邮箱(选填)': 'email',
      ＵＳＣＣ: 'creditCode',
    });
  });

  it('matches a header ending in a label (联系人电话 is a phone, not a contact)', () => {
    expect(suggestMapping(['客户全称', '联系人电话', '联系人姓名'], FIELDS)).toEqual({
      客户全称: null,
      联系人电话: 'phone',
      联系人姓名: 'contactName',
    });
    expect(suggestMapping(['客户名称（全称）', '办公电话'], FIELDS)).toEqual({ '客户名称（全称）': 'name', 办公电话: 'phone' });
  });

  it('fills each field once, from the best-matching header, else the first', () => {
    expect(suggestMapping(['电话', '手机'], FIELDS)).toEqual({ 电话: 'phone', 手机: null });
    expect(suggestMapping(['公司电话', '手机'], FIELDS)).toEqual({ 公司电话: null, 手机: 'phone' });
    expect(suggestMapping(['公司地址', '公司名称'], FIELDS)).toEqual({ 公司地址: 'address', 公司名称: 'name' });
  });

  it('does not match short Latin fragments by chance', () => {
    const fields = [
      { key: 'name', zh: '名称', en: 'Name' },
      { key: 'mail', zh: '邮件', en: 'Mail' },
    ];
    expect(suggestMapping(['Nickname', 'Webmail'], fields)).toEqual({ Nickname: null, Webmail: null });
    expect(suggestMapping(['Full name', 'Home_Mail'], fields)).toEqual({ 'Full name': 'name', Home_Mail: 'mail' });
    expect(suggestMapping(['fullName', 'mail (home)'], fields)).toEqual({ fullName: 'name', 'mail (home)': 'mail' });
  });

  it('is deterministic', () => {
    const headers = ['联系电话', '手机', '公司', '企业名称', 'x'];
    expect(suggestMapping(headers, FIELDS)).toEqual(suggestMapping([...headers], [...FIELDS]));
  });
});

describe('mappingProblems', () => {
  const headers = ['公司名称', '手机', '电话', '备注'];

  it('accepts a complete mapping', () => {
    expect(mappingProblems({ 公司名称: 'name', 手机: 'phone', 电话: null, 备注: null }, headers, FIELDS)).toEqual([]);
  });

  it('reports unknown headers and fields, a field filled twice and required fields left out', () => {
    expect(mappingProblems({ 手机: 'phone', 电话: 'phone', 备注: 'remark', 传真: null }, headers, FIELDS)).toEqual([
      { kind: 'unknownField', header: '备注', field: 'remark' },
      { kind: 'unknownHeader', header: '传真' },
      { kind: 'duplicateField', field: 'phone', headers: ['手机', '电话'] },
      { kind: 'missingRequired', field: 'name' },
    ]);
  });
});

describe('applyMapping', () => {
  it('gives values by field key, trimmed, leaving unmapped columns out', () => {
    const values = { 公司名称: '  上海华信精密机械有限公司 ', 手机: '13812345678', 备注: 'VIP' };
    expect(applyMapping(values, { 公司名称: 'name', 手机: 'phone', 备注: null })).toEqual({ name: '上海华信精密机械有限公司', phone: '13812345678' });
  });

  it('fills a field whose column is missing with empty text, and takes the first non-empty of two columns', () => {
    expect(applyMapping({ 手机: '', 电话: '021-5555' }, { 手机: 'phone', 电话: 'phone', 邮箱: 'email' })).toEqual({ phone: '021-5555', email: '' });
  });

  it('does not read inherited properties as columns', () => {
    expect(applyMapping({}, { constructor: 'name', toString: 'phone' })).toEqual({ name: '', phone: '' });
  });
});

describe('headerSignature', () => {
  it('is the same for the same headers in any order, and differs when a header changes', () => {
    const a = headerSignature(['公司名称', '手机', '备注']);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(headerSignature(['备注', '公司名称', '手机'])).toBe(a);
    expect(headerSignature(['公司名称', '手机号', '备注'])).not.toBe(a);
    expect(headerSignature(['公司名称', '手机'])).not.toBe(a);
  });

  it('does not confuse headers that join to the same text', () => {
    expect(headerSignature(['a,b', 'c'])).not.toBe(headerSignature(['a', 'b,c']));
  });

  it('is stable across releases (remembered mappings are keyed by it)', () => {
    expect(headerSignature(['公司名称', '手机'])).toBe('f12f582a336b7f5f255a2de89ecbcfa2');
    expect(headerSignature([])).toHaveLength(32);
  });
});
