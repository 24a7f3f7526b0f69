import { describe, expect, it } from 'vitest';
import { aliyunSignature, canonicalQuery, checkParams, isMobile, isOptOut, percentEncode, providerPhone, readPush, renderSms, shortCode, smsParts, storedPhone, templateParams } from './sms.rules.ts';

describe('the Aliyun signature', () => {
  // The published example of 阿里云短信's "HTTP 协议及签名" page: AccessKeyId testId, secret testSecret.
  const example = {
    AccessKeyId: 'testId',
    Action: 'SendSms',
    Format: 'XML',
    OutId: '123',
    PhoneNumbers: '15300000001',
    RegionId: 'cn-hangzhou',
    SignName: '阿里云短信测试专用',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
    SignatureVersion: '1.0',
    TemplateCode: 'SMS_71390007',
    TemplateParam: '{"customer":"test"}',
    Timestamp: '2017-07-12T02:42:19Z',
    Version: '2017-05-25',
  };

  it('gives the documented query and signature', () => {
    expect(canonicalQuery(example)).toBe(
      'AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25',
    );
    expect(aliyunSignature('testSecret', example)).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    expect(percentEncode(aliyunSignature('testSecret', example))).toBe('zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D');
  });

  it('encodes the way the signature wants it', () => {
    expect(percentEncode('a b*c~d+e')).toBe('a%20b%2Ac~d%2Be');
  });
});

describe('templates', () => {
  const params = [
    { name: 'name', source: 'contact.name' as const },
    { name: 'url', source: 'short_link' as const },
  ];
  it('map every variable to a source, a short link to its address', () => {
    expect(checkParams('尊敬的${name}，发布会报名：${url} 回T退订', params, 'https://kehu.example/expo')).toEqual([]);
    expect(checkParams('尊敬的${name}，${date}见', params, null)).toEqual([
      { path: 'params', key: 'sms.unmappedVariable', params: { names: 'date' } },
      { path: 'params.1.name', key: 'sms.unknownVariable', params: { name: 'url' } },
      { path: 'linkUrl', key: 'sms.linkRequired' },
    ]);
  });

  it('fill the variables (cut to the provider’s limit) and count the billed parts', () => {
    const values = templateParams(params, { 'contact.name': '王'.repeat(40), short_link: 'https://k.cn/s/AbCd2345' });
    expect(values.name).toHaveLength(35);
    expect(values.url).toBe('https://k.cn/s/AbCd2345');
    const message = renderSms('客户科技', '尊敬的${name}：${url}', { name: '王总', url: 'https://k.cn/s/x' });
    expect(message).toBe('【客户科技】尊敬的王总：https://k.cn/s/x');
    expect(smsParts('字'.repeat(70))).toBe(1);
    expect(smsParts('字'.repeat(71))).toBe(2);
    expect(smsParts('字'.repeat(135))).toBe(3);
  });

  it('give short codes of 10 unambiguous characters', () => {
    const codes = new Set(Array.from({ length: 1000 }, shortCode));
    expect(codes.size).toBe(1000);
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Za-km-z2-9]{10}$/);
  });
});

describe('numbers, replies and receipts', () => {
  it('go between the provider’s form and ours', () => {
    expect(providerPhone('+8613812345678')).toBe('13812345678');
    expect(storedPhone('13812345678')).toBe('+8613812345678');
    expect(storedPhone('8613812345678')).toBe('+8613812345678');
    expect(isMobile('+8613812345678')).toBe(true);
    expect(isMobile('+862152345678')).toBe(false);
  });

  it('know an opt-out reply', () => {
    for (const r of ['T', 't', 'TD', '退订', ' 退订。', 'N', 'stop']) expect(isOptOut(r), r).toBe(true);
    for (const r of ['好的', '谢谢，请问几点开始', 'Test']) expect(isOptOut(r), r).toBe(false);
  });

  it('read the pushed receipts and replies, ignoring the rest', () => {
    const pushed = readPush([
      { phone_number: '13812345678', send_time: '2026-12-08 09:00:00', report_time: '2026-12-08 09:00:05', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', sms_size: '1', biz_id: '900^123', out_id: 'r1' },
      { phone_number: '13912345678', report_time: '2026-12-08 09:00:06', success: false, err_code: 'MOBILE_NOT_ON_SERVICE', err_msg: '停机', biz_id: '900^124', out_id: 'r2' },
      { phone_number: '13812345678', send_time: '2026-12-08 10:00:00', content: 'T', sign_name: '【客户科技】', dest_code: '1234', sequence_id: 1 },
      { nonsense: true },
      'x',
    ]);
    expect(pushed.receipts).toEqual([
      { outId: 'r1', bizId: '900^123', phone: '+8613812345678', delivered: true, error: null, at: new Date('2026-12-08T01:00:05Z') },
      { outId: 'r2', bizId: '900^124', phone: '+8613912345678', delivered: false, error: 'MOBILE_NOT_ON_SERVICE 停机', at: new Date('2026-12-08T01:00:06Z') },
    ]);
    expect(pushed.replies).toEqual([{ phone: '+8613812345678', content: 'T' }]);
    expect(readPush({ not: 'an array' })).toEqual({ receipts: [], replies: [] });
  });
});
