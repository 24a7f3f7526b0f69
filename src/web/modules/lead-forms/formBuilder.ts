import { FORM_FIELD_KEYS, FORM_FIELD_LABELS, type FormField, type FormFieldKey, type LeadForm } from '../../../contracts/lead-forms.ts';
import type { FieldIssue } from '../../ui/fieldErrors.ts';
import type { CreateLeadFormBody, UpdateLeadFormBody } from './leadForms.api.ts';

/** The UI languages the labels come in. */
export type Lang = 'zh-CN' | 'en';

/** What the builder's antd form holds; the field list is kept beside it (`FormField[]`). */
export type BuilderValues = {
  name: string;
  slug: string;
  title: string;
  description?: string | null;
  channel?: string | null;
  campaignId?: string | null;
  consentText?: string | null;
  thankYouMessage: string;
  redirectUrl?: string | null;
  allowedOrigins?: string[];
};

export function defaultLabel(key: FormFieldKey, lang: Lang): string {
  return FORM_FIELD_LABELS[key][lang];
}

/** A new form asks the name and the mobile (both required, what every lead needs) and the company. */
export function initialFields(lang: Lang): FormField[] {
  return [
    { key: 'contactName', label: defaultLabel('contactName', lang), required: true },
    { key: 'phone', label: defaultLabel('phone', lang), required: true },
    { key: 'companyName', label: defaultLabel('companyName', lang), required: false },
  ];
}

/** The keys not on the form yet, in the usual order. */
export function availableKeys(fields: readonly FormField[]): FormFieldKey[] {
  const used = new Set(fields.map((f) => f.key));
  return FORM_FIELD_KEYS.filter((k) => !used.has(k));
}

/** Adds a field at the end with its default label (the name is required); a key already there is left alone. */
export function addField(fields: readonly FormField[], key: FormFieldKey, lang: Lang): FormField[] {
  if (fields.some((f) => f.key === key)) return [...fields];
  return [...fields, { key, label: defaultLabel(key, lang), required: key === 'contactName' }];
}

export function removeField(fields: readonly FormField[], index: number): FormField[] {
  return fields.filter((_f, i) => i !== index);
}

/** Moves a field one place up (-1) or down (+1); at either end nothing moves. */
export function moveField(fields: readonly FormField[], index: number, by: -1 | 1): FormField[] {
  const to = index + by;
  if (index < 0 || index >= fields.length || to < 0 || to >= fields.length) return [...fields];
  const next = [...fields];
  const [moved] = next.splice(index, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

export function updateField(fields: readonly FormField[], index: number, patch: Partial<Pick<FormField, 'label' | 'required'>>): FormField[] {
  return fields.map((f, i) => (i === index ? { ...f, ...patch } : f));
}

const orNull = (value: string | null | undefined): string | null => {
  const v = value?.trim();
  return v ? v : null;
};

/** The create body from the builder: empty boxes are null, labels trimmed (an emptied label falls back to the default). */
export function toBody(values: BuilderValues, fields: readonly FormField[], lang: Lang): CreateLeadFormBody {
  return {
    name: values.name.trim(),
    slug: values.slug.trim().toLowerCase(),
    title: values.title.trim(),
    description: orNull(values.description),
    fields: fields.map((f) => ({ key: f.key, label: f.label.trim() || defaultLabel(f.key, lang), required: f.required })),
    channel: values.channel ?? '',
    campaignId: values.campaignId ?? null,
    consentText: orNull(values.consentText),
    thankYouMessage: values.thankYouMessage.trim(),
    redirectUrl: orNull(values.redirectUrl),
    allowedOrigins: (values.allowedOrigins ?? []).map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
  };
}

const EDITABLE = ['name', 'slug', 'title', 'description', 'fields', 'channel', 'campaignId', 'consentText', 'thankYouMessage', 'redirectUrl', 'allowedOrigins'] as const;

/** The update body: the version and only what differs from the saved form. */
export function changes(form: LeadForm, body: CreateLeadFormBody): UpdateLeadFormBody {
  const out: Record<string, unknown> = { version: form.version };
  for (const key of EDITABLE) {
    const next = body[key] ?? null;
    const saved = key === 'fields' ? form.fields.map((f) => ({ key: f.key, label: f.label, required: f.required })) : form[key];
    if (JSON.stringify(next) !== JSON.stringify(saved)) out[key] = next;
  }
  return out as UpdateLeadFormBody;
}

export function hasChanges(update: UpdateLeadFormBody): boolean {
  return Object.keys(update).some((k) => k !== 'version');
}

/** The builder's values of a saved form, or of a new one (preset with a campaign and its channel). */
export function initialValues(form: LeadForm | null, defaults: { thankYouMessage: string; campaignId?: string | null; channel?: string | null }): BuilderValues {
  if (!form) {
    return {
      name: '',
      slug: '',
      title: '',
      description: null,
      channel: defaults.channel ?? undefined,
      campaignId: defaults.campaignId ?? null,
      consentText: null,
      thankYouMessage: defaults.thankYouMessage,
      redirectUrl: null,
      allowedOrigins: [],
    };
  }
  return {
    name: form.name,
    slug: form.slug,
    title: form.title,
    description: form.description,
    channel: form.channel,
    campaignId: form.campaignId,
    consentText: form.consentText,
    thankYouMessage: form.thankYouMessage,
    redirectUrl: form.redirectUrl,
    allowedOrigins: form.allowedOrigins,
  };
}

/** The public address of a form. */
export function publicUrl(origin: string, slug: string): string {
  return `${origin.replace(/\/+$/, '')}/f/${encodeURIComponent(slug)}`;
}

/** The code a site pastes to embed the form (the site must be among the allowed origins). */
export function embedSnippet(origin: string, slug: string): string {
  return `<iframe src="${publicUrl(origin, slug)}" width="100%" height="640" style="border:0"></iframe>`;
}

/** A slug suggestion from a name: latin letters and digits kept, the rest hyphens (empty for an all-Chinese name). */
export function suggestSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

const stripBody = (path: string) => path.split(/[./]/).filter(Boolean).filter((p, i) => !(i === 0 && p === 'body'));

/**
 * The server's issues sorted for the builder: those on the field list (`fields`, `fields.2.key`)
 * by the row they name (`list` for the whole list), and the rest for the antd form.
 */
export function splitIssues(details: readonly FieldIssue[]): { list: string[]; rows: Map<number, string[]>; rest: FieldIssue[] } {
  const list: string[] = [];
  const rows = new Map<number, string[]>();
  const rest: FieldIssue[] = [];
  for (const issue of details) {
    const parts = stripBody(issue.path);
    if (parts[0] !== 'fields') {
      rest.push(issue);
      continue;
    }
    const index = parts[1] === undefined ? NaN : Number(parts[1]);
    if (Number.isInteger(index)) rows.set(index, [...(rows.get(index) ?? []), issue.message]);
    else list.push(issue.message);
  }
  return { list, rows, rest };
}

/** The builder's field of an issue outside the field list: `allowedOrigins.0` is the tags box. */
export function builderFieldOf(path: string): string | null {
  const first = stripBody(path)[0];
  return first ?? null;
}

export const REJECT_REASONS = ['honeypot', 'token_too_fast', 'token_invalid', 'token_stale', 'rate_limit', 'invalid', 'owner_inactive'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** A rejected submission's reason as one the UI names, else null (shown as it came). */
export function knownReason(reason: string | null): RejectReason | null {
  return reason && (REJECT_REASONS as readonly string[]).includes(reason) ? (reason as RejectReason) : null;
}
