import crypto from 'node:crypto';
import { convert } from 'html-to-text';
import juice from 'juice';
import sanitizeHtml from 'sanitize-html';
import { MERGE_FIELDS, VARIANT_KEYS, type AbMetric, type VariantKey } from '../../../contracts/mailings.ts';

/**
 * The pure rules of e-mail campaigns: merge fields, the HTML made safe and ready for mail clients,
 * tracking links, signed tokens, probable bots, the subject test's split and winner, and what an
 * SMTP refusal means.
 */

// ---------------------------------------------------------------------------------------------
// Merge fields

/** `{{ field }}` or `{{ field | fallback }}`; the fallback is shown when the value is empty. */
const MERGE = /\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|([^{}]*))?\}\}/g;
/** Internal fields the sender fills in (tracked links and the open pixel), never typed by users. */
const INTERNAL = /^__(link\.\d+|pixel)$/;
const KNOWN = new Set<string>(MERGE_FIELDS);

export interface TemplateProblem {
  path: string;
  key: 'mailing.unknownField' | 'mailing.fieldInLink' | 'mailing.noBody';
  params?: Record<string, string>;
}

/** The merge fields a text uses. */
export function fieldsOf(text: string): string[] {
  return [...text.matchAll(MERGE)].map((m) => m[1] ?? '');
}

/**
 * What is wrong with a template: merge fields that do not exist (named, so the marketer sees the
 * typo), and links whose address holds a merge field other than the unsubscribe link (a click
 * may only lead to an address that was in the mail, the same for everyone).
 */
export function checkTemplate(input: { subjects: readonly string[]; html: string; text: string | null }): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const unknownIn = (text: string, path: string) => {
    const unknown = fieldsOf(text).filter((f) => !KNOWN.has(f));
    if (unknown.length > 0) problems.push({ path, key: 'mailing.unknownField', params: { fields: [...new Set(unknown)].join(', ') } });
  };
  input.subjects.forEach((s, i) => unknownIn(s, i === 0 ? 'subject' : `otherSubjects.${i - 1}`));
  unknownIn(input.html, 'html');
  if (input.text !== null) unknownIn(input.text, 'text');
  for (const href of hrefsOf(input.html)) {
    if (fieldsOf(href).some((f) => f !== 'unsubscribe_url')) {
      problems.push({ path: 'html', key: 'mailing.fieldInLink', params: { link: href.slice(0, 100) } });
      break;
    }
  }
  if (convert(input.html, { wordwrap: false }).trim() === '' && !/<img\b/i.test(input.html)) problems.push({ path: 'html', key: 'mailing.noBody' });
  return problems;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export type MergeValues = Record<string, string | null | undefined>;

/**
 * Fills the merge fields in one pass: a value is inserted as text (HTML-escaped in `html` mode)
 * and never read again for fields, so a contact named `{{owner.phone}}` or `<script>` is shown
 * as typed. A field without a value shows its fallback, or nothing.
 */
export function renderTemplate(template: string, values: MergeValues, mode: 'html' | 'text'): string {
  return template.replace(MERGE, (_all, field: string, fallback: string | undefined) => {
    const raw = values[field];
    const value = raw === null || raw === undefined || raw === '' ? (fallback?.trim() ?? '') : raw;
    // Internal values are our own URLs, already safe in an attribute.
    if (mode === 'text' || INTERNAL.test(field)) return value;
    return escapeHtml(value);
  });
}

/** A subject line as a header: merge fields filled, line breaks gone (no header injection). */
export function renderSubject(template: string, values: MergeValues): string {
  return renderTemplate(template, values, 'text').replace(/[\r\n]+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// HTML for mail clients

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  'img', 'style', 'center', 'font', 'span', 'div', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'colgroup', 'col', 'caption', 'hr', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'html', 'head', 'body', 'title', 'meta',
];
const ALLOWED_ATTRIBUTES: sanitizeHtml.IOptions['allowedAttributes'] = {
  '*': ['style', 'class', 'id', 'align', 'valign', 'width', 'height', 'bgcolor', 'border', 'dir', 'lang', 'title'],
  a: ['href', 'name', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  table: ['cellpadding', 'cellspacing', 'role'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
  font: ['color', 'face', 'size'],
  meta: ['charset', 'name', 'content'],
};

/**
 * The marketer's HTML without what has no place in a mail: scripts, event handlers, frames,
 * forms, `javascript:` and other schemes (links may be http(s), mailto or tel; images http(s) or
 * inline data). Style blocks stay, to be inlined.
 */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    allowVulnerableTags: true, // <style>: its text is CSS, inlined by juice and kept for clients that read it
    parseStyleAttributes: false,
  });
}

/** The href values of the links, in order of appearance (entities decoded as a browser would). */
export function hrefsOf(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)')/gi)].map((m) => decodeEntities(m[2] ?? m[3] ?? ''));
}

function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

const TRACKABLE = /^https?:\/\//i;

export interface CompiledMail {
  subjects: string[];
  html: string;
  text: string;
  /** The tracked links, by index (mailings.links). */
  links: string[];
}

export const UNSUBSCRIBE_FOOTER = {
  html: '<p style="margin-top:24px;font-size:12px;color:#888888;text-align:center">如不希望再收到此类邮件，请<a href="{{unsubscribe_url}}" style="color:#888888">点击退订</a>。 To stop receiving these e-mails, <a href="{{unsubscribe_url}}" style="color:#888888">unsubscribe</a>.</p>',
  text: '\n\n--\n退订 / Unsubscribe: {{unsubscribe_url}}\n',
};

/**
 * Prepares a mailing's content once, when sending starts: the HTML sanitised and its CSS inlined
 * (mail clients drop style blocks), each http(s) link replaced by a tracked one (`{{__link.N}}`)
 * and an open pixel added when tracking is on, an unsubscribe footer added when the template has
 * no unsubscribe link, and a plain-text part (the one given, or one made from the HTML). What is
 * left per recipient is filling in fields.
 */
export function compileMail(input: { subjects: readonly string[]; html: string; text: string | null; tracking: boolean }): CompiledMail {
  let html = juice(sanitizeMailHtml(input.html), { removeStyleTags: false, preserveMediaQueries: true, applyAttributesTableElements: true });
  const hasUnsubscribe = fieldsOf(html).includes('unsubscribe_url');
  if (!hasUnsubscribe) html = /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${UNSUBSCRIBE_FOOTER.html}</body>`) : html + UNSUBSCRIBE_FOOTER.html;
  const links: string[] = [];
  if (input.tracking) {
    html = html.replace(/(<a\b[^>]*?\bhref\s*=\s*)("([^"]*)"|'([^']*)')/gi, (all, head: string, _q: string, dq: string | undefined, sq: string | undefined) => {
      const url = decodeEntities(dq ?? sq ?? '');
      if (!TRACKABLE.test(url) || fieldsOf(url).length > 0) return all;
      let index = links.indexOf(url);
      if (index < 0) index = links.push(url) - 1;
      return `${head}"{{__link.${index}}}"`;
    });
    const pixel = '<img src="{{__pixel}}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />';
    html = /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${pixel}</body>`) : html + pixel;
  }
  const madeText = input.text ?? convert(sanitizeMailHtml(input.html), { wordwrap: 100, selectors: [{ selector: 'img', format: 'skip' }] });
  const text = fieldsOf(madeText).includes('unsubscribe_url') ? madeText : madeText.trimEnd() + UNSUBSCRIBE_FOOTER.text;
  return { subjects: [...input.subjects], html, text, links };
}

// ---------------------------------------------------------------------------------------------
// Signed tokens

export type TokenPurpose = 'track' | 'unsubscribe';
const TAG_BYTES = 12;

function tagOf(secret: string, purpose: TokenPurpose, id: Buffer): Buffer {
  return crypto.createHmac('sha256', secret).update(`mailing-${purpose}:`).update(id).digest().subarray(0, TAG_BYTES);
}

function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

/** A recipient's token for one purpose: its id and an HMAC tag, 38 URL-safe characters. */
export function signToken(secret: string, purpose: TokenPurpose, recipientId: string): string {
  const id = uuidBytes(recipientId);
  return Buffer.concat([id, tagOf(secret, purpose, id)]).toString('base64url');
}

/** The recipient id a token names, if its tag is right for the purpose (else null). */
export function verifyToken(secret: string, purpose: TokenPurpose, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{38}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 16 + TAG_BYTES) return null;
  const id = raw.subarray(0, 16);
  if (!crypto.timingSafeEqual(raw.subarray(16), tagOf(secret, purpose, id))) return null;
  const hex = id.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function trackingUrls(baseUrl: string, token: string, links: readonly string[]): MergeValues {
  const values: MergeValues = { __pixel: `${baseUrl}/t/o/${token}.gif` };
  links.forEach((_url, i) => (values[`__link.${i}`] = `${baseUrl}/t/c/${token}/${i}`));
  return values;
}

export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/u/${token}`;
}

// ---------------------------------------------------------------------------------------------
// Probable bots

/**
 * Security gateways and link scanners fetch every link and image of a mail as it arrives, and
 * would make every mail look opened and clicked (and, with GET unsubscribe links, unsubscribe
 * everybody). Known scanner agents, tools and headless browsers are bots; so is a click within
 * `CLICK_AFTER_DELIVERY_MS` of delivery (no person reads and clicks that fast). Mail clients'
 * image proxies (Gmail, Outlook, QQ邮箱) fetch when the person opens: those count.
 */
const BOT_AGENTS =
  /(barracuda|mimecast|proofpoint|messagelabs|symantec|trend ?micro|zscaler|forcepoint|fortiguard|sophos|cisco|ironport|safelinks|safe ?links|exchangeonlineprotection|bingpreview|slurp|bot\b|crawler|spider|scanner|python-|python\/|curl\/|wget\/|go-http-client|okhttp|java\/|libwww|httpclient|headlesschrome|phantomjs|node-fetch|axios\/|undici)/i;
export const CLICK_AFTER_DELIVERY_MS = 10_000;
export const OPEN_AFTER_DELIVERY_MS = 2_000;

export function isProbableBot(e: { kind: 'open' | 'click'; userAgent: string | undefined; sentAt: Date | null; at: Date }): boolean {
  const ua = e.userAgent?.trim() ?? '';
  if (ua === '' || BOT_AGENTS.test(ua)) return true;
  if (e.sentAt) {
    const after = e.at.getTime() - e.sentAt.getTime();
    if (after < (e.kind === 'click' ? CLICK_AFTER_DELIVERY_MS : OPEN_AFTER_DELIVERY_MS)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Subject tests

/**
 * How many of `audience` recipients get each variant in the sample: `samplePercent` of the
 * audience (at least one per variant), split as evenly as the count allows. Without a test
 * (one variant) everyone gets A.
 */
export function sampleSplit(audience: number, variants: number, samplePercent: number | null): { perVariant: number[]; sample: number } {
  if (variants <= 1 || samplePercent === null) return { perVariant: [audience], sample: audience };
  const sample = Math.min(audience, Math.max(variants, Math.round((audience * samplePercent) / 100)));
  const base = Math.floor(sample / variants);
  const perVariant = Array.from({ length: variants }, (_v, i) => base + (i < sample % variants ? 1 : 0));
  return { perVariant, sample };
}

export function variantKey(index: number): VariantKey {
  const key = VARIANT_KEYS[index];
  if (!key) throw new Error(`no variant ${index}`);
  return key;
}

/** The rate of a variant: unique human opens (or clicks) ÷ mails sent; null before any was sent. */
export function rateOf(count: number, sent: number): number | null {
  return sent > 0 ? Math.round((count / sent) * 10_000) / 10_000 : null;
}

/** The winner: the highest rate by the test's metric; a tie goes to the earlier variant (A first). */
export function pickWinner(stats: readonly { key: VariantKey; sent: number; opened: number; clicked: number }[], metric: AbMetric): VariantKey {
  let best = stats[0];
  if (!best) return 'A';
  const rate = (s: (typeof stats)[number]) => rateOf(metric === 'open' ? s.opened : s.clicked, s.sent) ?? -1;
  for (const s of stats.slice(1)) if (rate(s) > rate(best)) best = s;
  return best.key;
}

// ---------------------------------------------------------------------------------------------
// SMTP outcomes

/**
 * What an SMTP error means for the recipient: a permanent refusal of the address (5xx at RCPT, or
 * 550/551/553 — unknown user, no such mailbox) is a hard bounce, and the address is suppressed;
 * anything else (4xx, a 5xx for the message, the connection) is a failure to look at, not held
 * against the address.
 */
export function smtpOutcome(err: unknown): 'bounced' | 'failed' {
  const e = err as { responseCode?: unknown; command?: unknown } | null;
  const code = typeof e?.responseCode === 'number' ? e.responseCode : 0;
  const command = typeof e?.command === 'string' ? e.command.toUpperCase() : '';
  if (code >= 500 && code < 600 && (command.startsWith('RCPT') || [550, 551, 553].includes(code))) return 'bounced';
  return 'failed';
}
