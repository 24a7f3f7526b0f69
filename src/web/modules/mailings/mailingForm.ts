import { MERGE_FIELDS, VARIANT_KEYS, type AbMetric, type Mailing, type MailingStatus, type VariantKey } from '../../../contracts/mailings.ts';
import type { FieldName } from '../../ui/fieldErrors.ts';
import type { CreateMailingBody, UpdateMailingBody } from './mailings.api.ts';

/** What the mailing editor holds. The subject test's settings stay in the form when no B subject is left (and are then not sent). */
export type MailingValues = {
  name: string;
  segmentId: string | null;
  contacts: 'primary' | 'all';
  fromName: string;
  replyTo: string;
  tracking: boolean;
  subject: string;
  otherSubjects: string[];
  samplePercent: number;
  decideAfterMinutes: number;
  metric: AbMetric;
  html: string;
  text: string;
};

/** At most four subject lines: A and B–D. */
export const MAX_OTHER_SUBJECTS = VARIANT_KEYS.length - 1;

export const DEFAULT_AB_TEST = { samplePercent: 20, decideAfterMinutes: 240, metric: 'open' as AbMetric };

/** A new mail's body: a greeting with a fallback name, a line to replace, the sender and the unsubscribe link. */
export function defaultTemplate(campaignName: string): string {
  return [
    '<p>{{contact.name|客户}}，您好：</p>',
    `<p>感谢您关注${escapeText(campaignName)}。</p>`,
    '<p>此致<br>{{owner.name}}</p>',
    '<p style="font-size:12px;color:#888">不想再收到此类邮件？<a href="{{unsubscribe_url}}">退订</a></p>',
  ].join('\n');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function initialMailingValues(m: Mailing | null, campaignName: string): MailingValues {
  if (!m) {
    return {
      name: '',
      segmentId: null,
      contacts: 'primary',
      fromName: '',
      replyTo: '',
      tracking: true,
      subject: '',
      otherSubjects: [],
      ...DEFAULT_AB_TEST,
      html: defaultTemplate(campaignName),
      text: '',
    };
  }
  const [a, ...others] = m.subjects;
  return {
    name: m.name,
    segmentId: m.segmentId,
    contacts: m.contacts,
    fromName: m.fromName ?? '',
    replyTo: m.replyTo ?? '',
    tracking: m.tracking,
    subject: a?.subject ?? '',
    otherSubjects: others.map((s) => s.subject),
    ...(m.abTest ?? DEFAULT_AB_TEST),
    html: m.html,
    text: m.text ?? '',
  };
}

const orNull = (s: string | null | undefined) => {
  const v = (s ?? '').trim();
  return v === '' ? null : v;
};

/** The editor's values as the API's fields: empty boxes are null, the subject test only with a second subject. */
export function mailingFields(v: MailingValues) {
  const otherSubjects = (v.otherSubjects ?? []).map((s) => (s ?? '').trim());
  return {
    name: v.name.trim(),
    subject: v.subject.trim(),
    otherSubjects,
    abTest: otherSubjects.length > 0 ? { samplePercent: v.samplePercent, decideAfterMinutes: v.decideAfterMinutes, metric: v.metric } : null,
    html: v.html,
    text: (v.text ?? '').trim() === '' ? null : v.text,
    fromName: orNull(v.fromName),
    replyTo: orNull(v.replyTo),
    segmentId: v.segmentId ?? null,
    contacts: v.contacts,
    tracking: v.tracking,
  };
}

export function toCreateMailingBody(campaignId: string, v: MailingValues): CreateMailingBody {
  return { campaignId, ...mailingFields(v) };
}

/** A draft's changes (with its version), or null when nothing changed. */
export function mailingChanges(m: Mailing, v: MailingValues): UpdateMailingBody | null {
  const next = mailingFields(v);
  const before = mailingFields(initialMailingValues(m, m.campaignName));
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) body[key] = next[key];
  }
  if (Object.keys(body).length === 0) return null;
  return { version: m.version, ...body };
}

/**
 * Where a server issue goes on the editor: `otherSubjects.1` on the second extra subject,
 * `abTest.samplePercent` on its box (the whole `abTest` on the sample box), the rest by name.
 */
export function mailingFieldOf(path: string): FieldName | null {
  const parts = path.split(/[./]/).filter(Boolean);
  if (parts[0] === 'body') parts.shift();
  const [first, second] = parts;
  if (!first) return null;
  if (first === 'otherSubjects') return second !== undefined && /^\d+$/.test(second) ? ['otherSubjects', Number(second)] : 'subject';
  if (first === 'abTest') return second === 'decideAfterMinutes' || second === 'metric' || second === 'samplePercent' ? second : 'samplePercent';
  if (first === 'campaignId' || first === 'version') return null;
  return first;
}

/** `{{field}}` put where the cursor is (replacing a selection), with where the cursor goes after it. */
export function insertMergeField(value: string, start: number | null | undefined, end: number | null | undefined, field: string): { value: string; cursor: number } {
  const from = Math.max(0, Math.min(start ?? value.length, value.length));
  const to = Math.max(from, Math.min(end ?? from, value.length));
  const token = `{{${field}}}`;
  return { value: value.slice(0, from) + token + value.slice(to), cursor: from + token.length };
}

export const MERGE_FIELD_OPTIONS = MERGE_FIELDS;

/** The subject's key for each extra subject line: B, C, D. */
export function variantOf(index: number): VariantKey {
  return VARIANT_KEYS[index + 1] ?? 'D';
}

/** A rate (0.25) as a percentage with at most one decimal ("25%", "33.3%"), "—" when there is none. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  const tenths = Math.round(rate * 1000);
  return `${tenths / 10}%`;
}

/** `part` of `whole` as a rate, null when the whole is 0. */
export function rateOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** What a mailing in this status offers: send a draft, pause, resume, cancel. */
export type MailingAction = 'send' | 'pause' | 'resume' | 'cancel';
export function mailingActions(status: MailingStatus): MailingAction[] {
  switch (status) {
    case 'draft':
      return ['send', 'cancel'];
    case 'sending':
    case 'testing':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

/** Whether the report has anything to show: once sending started. */
export const hasStarted = (status: MailingStatus) => status !== 'draft';

/** A list of addresses typed one a line (or separated by commas, semicolons, spaces), trimmed, lower-cased, each once. */
export function parseAddresses(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[\s,;，；]+/)) {
    const a = part.trim().toLowerCase();
    if (a) seen.add(a);
  }
  return [...seen];
}
