import crypto from 'node:crypto';
import type { Locale } from '../../../contracts/auth.ts';
import { QUALIFYING_KEYS, type FormField, type FormFieldKey } from '../../../contracts/lead-forms.ts';

/**
 * The pure rules of web-to-lead forms: what a form must ask, the signed form token (when the
 * page was served: too fast is a bot, too old is stale), reading a submission into a lead, and
 * the public page's HTML.
 */

export interface DefinitionProblem {
  path: string;
  key: 'leadForm.nameRequired' | 'leadForm.contactRequired' | 'leadForm.duplicateField';
}

/** A form asks for the name (required) and a phone or an e-mail (one of them required), each field once. */
export function checkFields(fields: readonly FormField[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seen = new Set<FormFieldKey>();
  fields.forEach((f, i) => {
    if (seen.has(f.key)) problems.push({ path: `fields.${i}.key`, key: 'leadForm.duplicateField' });
    seen.add(f.key);
  });
  const name = fields.find((f) => f.key === 'contactName');
  if (!name?.required) problems.push({ path: 'fields', key: 'leadForm.nameRequired' });
  if (!fields.some((f) => (f.key === 'phone' || f.key === 'email') && f.required)) problems.push({ path: 'fields', key: 'leadForm.contactRequired' });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The form token

/** A person takes longer than this to fill in a form; a script posting at once does not. */
export const MIN_FILL_MS = 3_000;
/** A page left open longer is served again (its token is stale). */
export const MAX_TOKEN_AGE_MS = 24 * 60 * 60 * 1000;

function tagOf(secret: string, formId: string, issuedAt: number): string {
  return crypto.createHmac('sha256', secret).update(`lead-form:${formId}:${issuedAt}`).digest('base64url').slice(0, 22);
}

/** The token the form page carries: when it was served, signed for this form. */
export function formToken(secret: string, formId: string, issuedAt: Date): string {
  const at = issuedAt.getTime();
  return `${at.toString(36)}.${tagOf(secret, formId, at)}`;
}

export type TokenCheck = 'ok' | 'invalid' | 'too_fast' | 'stale';

export function checkFormToken(secret: string, formId: string, token: unknown, now: Date): TokenCheck {
  if (typeof token !== 'string' || !/^[0-9a-z]{1,12}\.[A-Za-z0-9_-]{22}$/.test(token)) return 'invalid';
  const [at36, tag] = token.split('.') as [string, string];
  const at = parseInt(at36, 36);
  const expected = tagOf(secret, formId, at);
  if (!crypto.timingSafeEqual(Buffer.from(tag), Buffer.from(expected))) return 'invalid';
  const age = now.getTime() - at;
  if (age < MIN_FILL_MS) return 'too_fast';
  if (age > MAX_TOKEN_AGE_MS) return 'stale';
  return 'ok';
}

/** The rate limit's key of an address: a keyed hash, so the table holds no visitor's address. */
export function ipKey(secret: string, ip: string | null): string {
  return crypto.createHmac('sha256', secret).update(`lead-form-ip:${ip ?? 'unknown'}`).digest('base64url').slice(0, 22);
}

/** Submissions one address may make to one form in ten minutes, and to all forms in an hour. */
export const PER_FORM_LIMIT = { count: 5, windowMs: 10 * 60_000 };
export const PER_ADDRESS_LIMIT = { count: 30, windowMs: 60 * 60_000 };

/** The honeypot: a field people never see (hidden by CSS, labelled "leave empty"); bots fill every field. */
export const HONEYPOT = 'website';
export const TOKEN_FIELD = '_t';
export const CONSENT_FIELD = '_consent';

// ---------------------------------------------------------------------------------------------
// A submission

export type SubmissionValues = Partial<Record<FormFieldKey, string>>;

export interface FieldError {
  key: FormFieldKey | typeof CONSENT_FIELD;
  message: string;
}

const MAX_LENGTH: Record<FormFieldKey, number> = { contactName: 50, phone: 40, email: 200, companyName: 100, title: 50, provinceCode: 6, needs: 2000, needMatch: 7, budget: 7, authority: 7 };
const QUALIFYING = new Set<FormFieldKey>(QUALIFYING_KEYS);
export const ANSWERS = ['yes', 'unclear', 'no'] as const;

const TEXTS = {
  'zh-CN': {
    required: (label: string) => `请填写${label}`,
    tooLong: (label: string, max: number) => `${label}不能超过 ${max} 个字`,
    consent: '请阅读并勾选同意',
    email: '邮箱格式不正确',
    answers: { yes: '是', unclear: '不确定', no: '否' },
    submit: '提交',
    leaveEmpty: '请勿填写',
    choose: '请选择',
    closed: '该表单已停止收集',
    notFound: '表单不存在',
    tooMany: '提交过于频繁，请稍后再试',
    tooFast: '提交太快了，请确认信息后再次提交',
    stale: '页面已过期，请重新提交',
    failed: '提交失败，请检查后重试',
  },
  en: {
    required: (label: string) => `Please fill in: ${label}`,
    tooLong: (label: string, max: number) => `${label}: at most ${max} characters`,
    consent: 'Please read and tick the consent',
    email: 'Not a valid e-mail address',
    answers: { yes: 'Yes', unclear: 'Not sure', no: 'No' },
    submit: 'Submit',
    leaveEmpty: 'Leave this empty',
    choose: 'Choose',
    closed: 'This form is closed',
    notFound: 'Form not found',
    tooMany: 'Too many submissions: please try again later',
    tooFast: 'That was quick: please check and submit again',
    stale: 'The page expired: please submit again',
    failed: 'The form could not be submitted: please check it',
  },
} as const;

export function texts(locale: Locale) {
  return TEXTS[locale];
}

/**
 * Reads the fields the form asks for (anything else is ignored), trimmed and cut to the lead's
 * limits, and says what is missing or wrong, in the visitor's language.
 */
export function readSubmission(fields: readonly FormField[], body: Record<string, unknown>, consentText: string | null, locale: Locale): { values: SubmissionValues; errors: FieldError[] } {
  const t = TEXTS[locale];
  const values: SubmissionValues = {};
  const errors: FieldError[] = [];
  for (const f of fields) {
    const raw = body[f.key];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
      if (f.required) errors.push({ key: f.key, message: t.required(f.label) });
      continue;
    }
    if (value.length > MAX_LENGTH[f.key]) {
      errors.push({ key: f.key, message: t.tooLong(f.label, MAX_LENGTH[f.key]) });
      continue;
    }
    if (QUALIFYING.has(f.key) && !(ANSWERS as readonly string[]).includes(value)) {
      errors.push({ key: f.key, message: t.required(f.label) });
      continue;
    }
    if (f.key === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      errors.push({ key: f.key, message: t.email });
      continue;
    }
    values[f.key] = value;
  }
  if (consentText && !body[CONSENT_FIELD]) errors.push({ key: CONSENT_FIELD, message: t.consent });
  return { values, errors };
}

// ---------------------------------------------------------------------------------------------
// The public page

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE =
  'body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:24px 16px;color:#1f1f1f;background:#fff}' +
  'main{max-width:520px;margin:0 auto}h1{font-size:22px;margin:0 0 8px}p.d{color:#595959;margin:0 0 20px;white-space:pre-line}' +
  'label{display:block;margin:14px 0 4px;font-weight:500}.req{color:#ff4d4f;margin-left:2px}' +
  'input[type=text],input[type=email],input[type=tel],select,textarea{box-sizing:border-box;width:100%;padding:8px 10px;border:1px solid #d9d9d9;border-radius:6px;font-size:15px}' +
  'textarea{min-height:96px}.err{color:#ff4d4f;font-size:13px;margin-top:4px}.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}' +
  '.consent{display:flex;gap:8px;align-items:flex-start;font-weight:400;margin-top:18px}button{margin-top:22px;width:100%;padding:10px;border:0;border-radius:6px;background:#1677ff;color:#fff;font-size:16px;cursor:pointer}' +
  '.banner{padding:10px 12px;border-radius:6px;background:#fff2f0;border:1px solid #ffccc7;margin-bottom:12px}.done{text-align:center;margin-top:15vh}';

export function pageHtml(title: string, body: string, lang: Locale): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface FormPage {
  title: string;
  description: string | null;
  fields: readonly FormField[];
  consentText: string | null;
  token: string;
  values?: SubmissionValues;
  errors?: readonly FieldError[];
  banner?: string;
  provinces: readonly { code: string; name: string }[];
  locale: Locale;
}

/** The form as a page that works without scripts (and inside an iframe on the owner's site). */
export function formHtml(p: FormPage): string {
  const t = TEXTS[p.locale];
  const errorOf = (key: string) => p.errors?.find((e) => e.key === key)?.message;
  const parts: string[] = [`<h1>${escapeHtml(p.title)}</h1>`];
  if (p.description) parts.push(`<p class="d">${escapeHtml(p.description)}</p>`);
  if (p.banner) parts.push(`<div class="banner" role="alert">${escapeHtml(p.banner)}</div>`);
  parts.push('<form method="post" novalidate>');
  for (const f of p.fields) {
    const id = `f-${f.key}`;
    const value = p.values?.[f.key] ?? '';
    const err = errorOf(f.key);
    const aria = `${f.required ? ' required aria-required="true"' : ''}${err ? ` aria-invalid="true" aria-describedby="${id}-err"` : ''}`;
    parts.push(`<label for="${id}">${escapeHtml(f.label)}${f.required ? '<span class="req">*</span>' : ''}</label>`);
    if (f.key === 'needs') parts.push(`<textarea id="${id}" name="${f.key}" maxlength="${MAX_LENGTH[f.key]}"${aria}>${escapeHtml(value)}</textarea>`);
    else if (QUALIFYING.has(f.key))
      parts.push(`<select id="${id}" name="${f.key}"${aria}><option value="">${t.choose}</option>${ANSWERS.map((a) => `<option value="${a}"${a === value ? ' selected' : ''}>${t.answers[a]}</option>`).join('')}</select>`);
    else if (f.key === 'provinceCode')
      parts.push(
        `<select id="${id}" name="${f.key}"${aria}><option value="">${t.choose}</option>${p.provinces.map((d) => `<option value="${d.code}"${d.code === value ? ' selected' : ''}>${escapeHtml(d.name)}</option>`).join('')}</select>`,
      );
    else {
      const type = f.key === 'email' ? 'email' : f.key === 'phone' ? 'tel' : 'text';
      const auto = { contactName: 'name', phone: 'tel', email: 'email', companyName: 'organization', title: 'organization-title' }[f.key as string];
      parts.push(`<input type="${type}" id="${id}" name="${f.key}" value="${escapeHtml(value)}" maxlength="${MAX_LENGTH[f.key]}"${auto ? ` autocomplete="${auto}"` : ''}${aria}>`);
    }
    if (err) parts.push(`<div class="err" id="${id}-err">${escapeHtml(err)}</div>`);
  }
  parts.push(`<div class="hp" aria-hidden="true"><label for="f-hp">${t.leaveEmpty}</label><input type="text" id="f-hp" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>`);
  parts.push(`<input type="hidden" name="${TOKEN_FIELD}" value="${escapeHtml(p.token)}">`);
  if (p.consentText) {
    const err = errorOf(CONSENT_FIELD);
    parts.push(`<label class="consent"><input type="checkbox" name="${CONSENT_FIELD}" value="1"${err ? ' aria-invalid="true"' : ''}> <span>${escapeHtml(p.consentText)}</span></label>`);
    if (err) parts.push(`<div class="err">${escapeHtml(err)}</div>`);
  }
  parts.push(`<button type="submit">${t.submit}</button></form>`);
  return pageHtml(p.title, parts.join(''), p.locale);
}

export function messageHtml(title: string, message: string, locale: Locale): string {
  return pageHtml(title, `<div class="done"><h1>${escapeHtml(title)}</h1><p class="d">${escapeHtml(message)}</p></div>`, locale);
}
