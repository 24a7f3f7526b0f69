import crypto from 'node:crypto';
import type { SmsParam } from '../../../contracts/sms.ts';

/**
 * The pure rules of SMS sends: the provider's request signature, filling a template's variables,
 * counting billed parts, short link codes, opt-out replies and delivery receipts.
 */

// ---------------------------------------------------------------------------------------------
// Aliyun (阿里云短信) request signature: RPC style, SignatureVersion 1.0, HMAC-SHA1

/** RFC 3986 encoding as the signature wants it: `+` → %20, `*` → %2A, `~` kept. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The sorted, encoded query of the parameters (without Signature). */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
}

/** Signature = Base64(HMAC-SHA1(secret + "&", "GET&%2F&" + encode(canonical query))). */
export function aliyunSignature(accessKeySecret: string, params: Record<string, string>, method: 'GET' | 'POST' = 'GET'): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return crypto.createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

/** The parameters of one SendSms call (the common ones included), ready to sign. */
export function sendSmsParams(opts: {
  accessKeyId: string;
  phone: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  outId: string;
  timestamp: Date;
  nonce: string;
  regionId?: string;
}): Record<string, string> {
  return {
    AccessKeyId: opts.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    OutId: opts.outId,
    PhoneNumbers: opts.phone,
    RegionId: opts.regionId ?? 'cn-hangzhou',
    SignName: opts.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: opts.nonce,
    SignatureVersion: '1.0',
    TemplateCode: opts.templateCode,
    TemplateParam: JSON.stringify(opts.templateParam),
    Timestamp: opts.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
}

/** A mainland number as the provider takes it: 11 digits without +86. */
export function providerPhone(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.replace(/^\+/, '');
}

/** A number from a receipt or a reply (11 digits, maybe with 86 in front) as we store it. */
export function storedPhone(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) return `+86${digits}`;
  if (digits.length === 13 && digits.startsWith('861')) return `+${digits}`;
  return `+${digits}`;
}

/** A mainland mobile number in E.164 (the only kind SMS sends go to). */
export function isMobile(e164: string): boolean {
  return /^\+861[3-9]\d{9}$/.test(e164);
}

// ---------------------------------------------------------------------------------------------
// Templates

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function variablesOf(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1] ?? ''))];
}

export interface ParamProblem {
  path: string;
  key: 'sms.unmappedVariable' | 'sms.unknownVariable' | 'sms.linkRequired';
  params?: Record<string, string>;
}

/** Every variable of the text has a source and every source names a variable of the text; a short link needs its address. */
export function checkParams(text: string, params: readonly SmsParam[], linkUrl: string | null): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const vars = variablesOf(text);
  const mapped = new Set(params.map((p) => p.name));
  const missing = vars.filter((v) => !mapped.has(v));
  if (missing.length > 0) problems.push({ path: 'params', key: 'sms.unmappedVariable', params: { names: missing.join(', ') } });
  params.forEach((p, i) => {
    if (!vars.includes(p.name)) problems.push({ path: `params.${i}.name`, key: 'sms.unknownVariable', params: { name: p.name } });
  });
  if (params.some((p) => p.source === 'short_link') && !linkUrl) problems.push({ path: 'linkUrl', key: 'sms.linkRequired' });
  return problems;
}

/** Provider variables are short: a longer value is cut (the provider would refuse the message). */
export const MAX_PARAM_LENGTH = 35;

/** The template's variables for one recipient, from their merge values and short link. */
export function templateParams(params: readonly SmsParam[], values: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(params.map((p) => [p.name, (values[p.source] ?? '').slice(0, p.source === 'short_link' ? 200 : MAX_PARAM_LENGTH)]));
}

/** The message as it will read: the signature in 【】 and the variables filled. */
export function renderSms(signName: string, text: string, params: Record<string, string>): string {
  return `【${signName}】${text.replace(VARIABLE, (_all, name: string) => params[name] ?? '')}`;
}

/** Billed parts: up to 70 characters is one message, longer ones go in parts of 67. */
export function smsParts(message: string): number {
  const length = [...message].length;
  return length <= 70 ? 1 : Math.ceil(length / 67);
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A short link's code: 10 characters from 57 (no look-alikes), about 58 bits: not guessable in bulk. */
export function shortCode(): string {
  const bytes = crypto.randomBytes(10);
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

// ---------------------------------------------------------------------------------------------
// Replies and receipts

/** Replies that mean "no more messages" (回T退订 and its usual variants). */
const OPT_OUT = /^(t|td|n|退订|取消|退|qx|0000|stop|unsubscribe)$/i;

export function isOptOut(content: string): boolean {
  return OPT_OUT.test(content.trim().replace(/[。.!！\s]+$/u, ''));
}

export interface Receipt {
  outId: string | null;
  bizId: string | null;
  phone: string;
  delivered: boolean;
  error: string | null;
  at: Date | null;
}

export interface Reply {
  phone: string;
  content: string;
}

/** Beijing time as the provider writes it (`2017-01-01 00:00:00`). */
function beijingTime(value: unknown): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(`${value.replace(' ', 'T')}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * What the provider pushed: delivery receipts (SmsReport: success, err_code, biz_id, out_id) and
 * replies (SmsUp: phone_number, content), each an array of objects; anything else is ignored.
 */
export function readPush(body: unknown): { receipts: Receipt[]; replies: Reply[] } {
  const receipts: Receipt[] = [];
  const replies: Reply[] = [];
  for (const item of Array.isArray(body) ? body : []) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    const phone = typeof o.phone_number === 'string' ? storedPhone(o.phone_number) : null;
    if (!phone) continue;
    if (typeof o.content === 'string') replies.push({ phone, content: o.content });
    else if (typeof o.success === 'boolean' || typeof o.err_code === 'string') {
      const delivered = o.success === true;
      receipts.push({
        outId: typeof o.out_id === 'string' && o.out_id !== '' ? o.out_id : null,
        bizId: typeof o.biz_id === 'string' && o.biz_id !== '' ? o.biz_id : null,
        phone,
        delivered,
        error: delivered ? null : [o.err_code, o.err_msg].filter((x) => typeof x === 'string' && x !== '').join(' ') || 'undelivered',
        at: beijingTime(o.report_time),
      });
    }
  }
  return { receipts, replies };
}

/** The push endpoint's secret path part, derived from the app secret. */
export function hookToken(appSecret: string): string {
  return crypto.createHmac('sha256', appSecret).update('sms-hook').digest('base64url').slice(0, 24);
}
