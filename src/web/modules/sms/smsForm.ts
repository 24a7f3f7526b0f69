import type { SmsParam, SmsParamSource, SmsSend, SmsSendStatus } from '../../../contracts/sms.ts';
import type { FieldName } from '../../ui/fieldErrors.ts';
import type { CreateSmsSendBody, UpdateSmsSendBody } from './sms.api.ts';

/** One row of the editor's variable list: the template's `${name}` and what fills it (none chosen yet: undefined). */
export type ParamRow = { name: string; source?: SmsParamSource | undefined };

/** What the SMS editor holds. */
export type SmsValues = {
  name: string;
  segmentId: string | null;
  contacts: 'primary' | 'all';
  signName: string;
  templateCode: string;
  text: string;
  params: ParamRow[];
  linkUrl: string;
};

/** The i18n key of each source's label (`sms.sources.<key>`). */
export const SOURCE_KEYS = {
  'contact.name': 'contactName',
  'customer.name': 'customerName',
  'owner.name': 'ownerName',
  'owner.phone': 'ownerPhone',
  'campaign.name': 'campaignName',
  short_link: 'shortLink',
} as const satisfies Record<SmsParamSource, string>;

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The template's variables (`${name}`), each once, in the order they first appear — as the server reads them. */
export function variablesOf(text: string): string[] {
  return [...new Set([...(text ?? '').matchAll(VARIABLE)].map((m) => m[1] ?? ''))];
}

/**
 * The variable rows for a (new) text: one per variable in the text's order, keeping the source
 * already chosen for a name still there; rows of variables no longer in the text go.
 */
export function paramRowsFor(text: string, rows: readonly ParamRow[] | undefined): ParamRow[] {
  const chosen = new Map((rows ?? []).map((r) => [r.name, r.source]));
  return variablesOf(text).map((name) => ({ name, source: chosen.get(name) }));
}

/** Whether two row lists are the same (to leave the form alone when typing changes nothing). */
export function sameRows(a: readonly ParamRow[] | undefined, b: readonly ParamRow[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((r, i) => r.name === y[i]?.name && r.source === y[i]?.source);
}

/** Whether a variable is filled with the recipient's short link: the link's address is then needed. */
export const usesShortLink = (rows: readonly ParamRow[] | undefined) => (rows ?? []).some((r) => r.source === 'short_link');

export function initialSmsValues(s: SmsSend | null): SmsValues {
  if (!s) return { name: '', segmentId: null, contacts: 'primary', signName: '', templateCode: '', text: '', params: [], linkUrl: '' };
  return {
    name: s.name,
    segmentId: s.segmentId,
    contacts: s.contacts,
    signName: s.signName,
    templateCode: s.templateCode,
    text: s.text,
    params: paramRowsFor(s.text, s.params),
    linkUrl: s.linkUrl ?? '',
  };
}

/**
 * The editor's values as the API's fields: the variables of the text with their sources (rows
 * without a source are left for the server to name), the link's address only when a variable
 * is the short link.
 */
export function smsFields(v: SmsValues) {
  const text = v.text ?? '';
  const params: SmsParam[] = paramRowsFor(text, v.params).flatMap((r) => (r.source ? [{ name: r.name, source: r.source }] : []));
  const link = (v.linkUrl ?? '').trim();
  return {
    name: (v.name ?? '').trim(),
    signName: (v.signName ?? '').trim(),
    templateCode: (v.templateCode ?? '').trim(),
    text: text.trim(),
    params,
    linkUrl: params.some((p) => p.source === 'short_link') && link !== '' ? link : null,
    segmentId: v.segmentId ?? null,
    contacts: v.contacts ?? 'primary',
  };
}

export function toCreateSmsBody(campaignId: string, v: SmsValues): CreateSmsSendBody {
  return { campaignId, ...smsFields(v) };
}

/** A draft's changes (with its version), or null when nothing changed. */
export function smsChanges(s: SmsSend, v: SmsValues): UpdateSmsSendBody | null {
  const next = smsFields(v);
  const before = smsFields(initialSmsValues(s));
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) body[key] = next[key];
  }
  if (Object.keys(body).length === 0) return null;
  return { version: s.version, ...body };
}

/**
 * Where a server issue goes on the editor: `params` (variables without a source) and
 * `params.N.name` under the template text, `params.N.source` on that row's picker, the rest by name.
 */
export function smsFieldOf(path: string): FieldName | null {
  const parts = path.split(/[./]/).filter(Boolean);
  if (parts[0] === 'body') parts.shift();
  const [first, second, third] = parts;
  if (!first) return null;
  if (first === 'params') return second !== undefined && /^\d+$/.test(second) && third === 'source' ? ['params', Number(second), 'source'] : 'text';
  if (first === 'campaignId' || first === 'version') return null;
  return first;
}

/** Sample values of the preview, as the server's (which is authoritative). */
export const SAMPLE_VALUES: Record<Exclude<SmsParamSource, 'campaign.name' | 'short_link'>, string> = {
  'contact.name': '张三',
  'customer.name': '示例科技有限公司',
  'owner.name': '李四',
  'owner.phone': '13800000000',
};

/** Provider variables are short: the server cuts longer values (the short link apart). */
export const MAX_PARAM_LENGTH = 35;

/** Billed parts: up to 70 characters is one message, longer ones go in parts of 67. */
export function smsParts(length: number): number {
  return length <= 70 ? 1 : Math.ceil(length / 67);
}

export type SmsDraftPreview = { text: string; length: number; parts: number };

/**
 * The message as it will read with sample values, computed here while typing: the signature in
 * 【】, each variable filled (a variable without a source stays as `${name}`), its length in
 * characters and the billed parts.
 */
export function previewMessage(v: Pick<SmsValues, 'signName' | 'text' | 'params'>, context: { campaignName: string; origin: string }): SmsDraftPreview {
  const sources = new Map((v.params ?? []).map((r) => [r.name, r.source]));
  const valueOf = (source: SmsParamSource): string => {
    if (source === 'short_link') return `${context.origin}/s/AbCdEfGh23`;
    const value = source === 'campaign.name' ? context.campaignName : SAMPLE_VALUES[source];
    return [...value].slice(0, MAX_PARAM_LENGTH).join('');
  };
  const body = (v.text ?? '').trim().replace(VARIABLE, (all, name: string) => {
    const source = sources.get(name);
    return source ? valueOf(source) : all;
  });
  const text = `【${(v.signName ?? '').trim()}】${body}`;
  const length = [...text].length;
  return { text, length, parts: smsParts(length) };
}

/** Whether the text has the opt-out words the providers require (回T退订, or 退订 in some form). */
export const hasOptOut = (text: string) => /退订/.test(text ?? '');

/** What a send in this status offers: send a draft, pause, resume, cancel. */
export type SmsAction = 'send' | 'pause' | 'resume' | 'cancel';
export function smsActions(status: SmsSendStatus): SmsAction[] {
  switch (status) {
    case 'draft':
      return ['send', 'cancel'];
    case 'sending':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

/** Delivery rate: delivered of those accepted by the provider; click rate: clicked of those accepted. Null before any. */
export function smsRates(c: SmsSend['counts']): { delivery: number | null; click: number | null } {
  return { delivery: c.sent > 0 ? c.delivered / c.sent : null, click: c.sent > 0 ? c.clicked / c.sent : null };
}
