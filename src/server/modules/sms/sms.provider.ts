import crypto from 'node:crypto';
import { aliyunSignature, percentEncode, providerPhone, sendSmsParams } from './sms.rules.ts';

/** One message for the provider: an approved signature and template, its variables filled. */
export interface OutgoingSms {
  /** E.164, e.g. +8613812345678. */
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  /** Ours (the recipient id): receipts carry it back. */
  outId: string;
}

/** Where SMS go: 阿里云短信 (SMS_URL), or only the log. */
export interface SmsProvider {
  name: 'aliyun' | 'log';
  /** Resolves with the provider's message id; rejects with the provider's refusal. */
  send(sms: OutgoingSms): Promise<{ bizId: string }>;
}

export class SmsRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}

/**
 * 阿里云短信 SendSms over its RPC API: a signed GET (SignatureVersion 1.0) to the endpoint of
 * SMS_URL (`aliyun://id:secret@dysmsapi.aliyuncs.com`; `aliyun+http://` for a local test server).
 * The answer's Code is OK or a refusal (isv.MOBILE_NUMBER_ILLEGAL, isv.BUSINESS_LIMIT_CONTROL …).
 */
export function aliyunProvider(smsUrl: string, fetchImpl: typeof fetch = fetch): SmsProvider {
  const url = new URL(smsUrl);
  const scheme = url.protocol === 'aliyun+http:' ? 'http' : 'https';
  const endpoint = `${scheme}://${url.host}/`;
  const accessKeyId = decodeURIComponent(url.username);
  const accessKeySecret = decodeURIComponent(url.password);
  const regionId = url.searchParams.get('region') ?? 'cn-hangzhou';
  return {
    name: 'aliyun',
    send: async (sms) => {
      const params = sendSmsParams({
        accessKeyId,
        phone: providerPhone(sms.phone),
        signName: sms.signName,
        templateCode: sms.templateCode,
        templateParam: sms.params,
        outId: sms.outId,
        timestamp: new Date(),
        nonce: crypto.randomUUID(),
        regionId,
      });
      const query = Object.entries(params)
        .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
        .join('&');
      const res = await fetchImpl(`${endpoint}?Signature=${percentEncode(aliyunSignature(accessKeySecret, params))}&${query}`, { signal: AbortSignal.timeout(15_000) });
      const body = (await res.json().catch(() => ({}))) as { Code?: string; Message?: string; BizId?: string };
      if (body.Code !== 'OK' || !body.BizId) throw new SmsRefused(body.Code ?? `HTTP ${res.status}`, body.Message ?? 'no answer');
      return { bizId: body.BizId };
    },
  };
}

/**
 * Without SMS_URL: nothing is sent, each message is written to the log (the number masked), so a
 * trial installation shows the whole flow without a provider account.
 */
export function logProvider(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): SmsProvider {
  return {
    name: 'log',
    send: async (sms) => {
      const bizId = `log-${crypto.randomUUID()}`;
      write(JSON.stringify({ level: 'info', msg: 'sms (log provider: not sent)', phone: sms.phone.replace(/(\d{3})\d{4}(\d{4})$/, '$1****$2'), sign: sms.signName, template: sms.templateCode, params: sms.params, bizId }));
      return { bizId };
    },
  };
}

export function providerFor(smsUrl: string | undefined): SmsProvider {
  return smsUrl ? aliyunProvider(smsUrl) : logProvider();
}
