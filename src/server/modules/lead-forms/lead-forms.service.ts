import type { z } from 'zod';
import type { Locale } from '../../../contracts/auth.ts';
import type { createLeadFormBody, FormSubmission, LeadForm, listLeadFormsQuery, updateLeadFormBody } from '../../../contracts/lead-forms.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, Ctx } from '../../platform/access/actor.ts';
import { actorOfUser } from '../../platform/access/actors.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, invalid, missingReference, notFound, versionConflict } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { markRegistered } from '../campaign-members/index.ts';
import { requireAttributableCampaign } from '../campaigns/index.ts';
import { activeSourceChannel } from '../catalog/index.ts';
import { provinces } from '../customers/index.ts';
import { registerLead } from '../leads/index.ts';
import * as q from './lead-forms.queries.ts';
import {
  checkFields,
  checkFormToken,
  CONSENT_FIELD,
  formHtml,
  formToken,
  HONEYPOT,
  ipKey,
  messageHtml,
  PER_ADDRESS_LIMIT,
  PER_FORM_LIMIT,
  readSubmission,
  texts,
  TOKEN_FIELD,
  type FieldError,
} from './lead-forms.rules.ts';

/**
 * 表单获客: forms kept by marketers (seen like campaigns: owner and department), and the public
 * side: the page at /f/<slug> and its submissions, which become leads through the lead rules in
 * the form owner's name, in one transaction with the submission's record.
 */

function toForm(row: q.FormRow): LeadForm {
  const f = row.form;
  return {
    id: f.id,
    name: f.name,
    slug: f.slug,
    title: f.title,
    description: f.description,
    fields: f.fields,
    channel: f.channel,
    campaignId: f.campaignId,
    campaignName: row.campaignName,
    consentText: f.consentText,
    thankYouMessage: f.thankYouMessage,
    redirectUrl: f.redirectUrl,
    allowedOrigins: f.allowedOrigins,
    status: f.status,
    submissions: row.submissions,
    leadsCreated: row.leadsCreated,
    lastSubmittedAt: row.lastSubmittedAt?.toISOString() ?? null,
    ownerId: f.ownerId,
    ownerName: row.ownerName,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    version: f.version,
  };
}

export async function requireVisibleForm(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.FormRow> {
  const row = await q.findForm(db, id, actor, opts.lock);
  if (!row) throw notVisible('leadForm', opts);
  return row;
}

async function present(db: DbOrTx, id: string): Promise<LeadForm> {
  // UNSCOPED: re-reads the form after the caller's scoped check (or the insert).
  const row = await q.findForm(db, id, UNSCOPED);
  if (!row) throw notFound('leadForm');
  return toForm(row);
}

function auditView(f: LeadForm) {
  return {
    name: f.name,
    slug: f.slug,
    title: f.title,
    fields: f.fields.map((x) => `${x.label}${x.required ? '*' : ''}`).join(', '),
    channel: f.channel,
    campaign: f.campaignName,
    consentText: f.consentText,
    redirectUrl: f.redirectUrl,
    allowedOrigins: f.allowedOrigins.join(', '),
    status: f.status,
  };
}

async function checkInput(deps: Deps, input: { fields?: LeadForm['fields'] | undefined; slug?: string | undefined; channel?: string | undefined; campaignId?: string | null | undefined }, exceptId: string | null): Promise<void> {
  const problems = input.fields ? checkFields(input.fields) : [];
  if (problems.length > 0) throw invalid(problems);
  if (input.channel !== undefined && !(await activeSourceChannel(deps.db, input.channel))) throw missingReference('channel', 'sourceChannel');
  if (input.campaignId) await requireAttributableCampaign(deps.db, input.campaignId, 'campaignId');
  if (input.slug !== undefined && (await q.slugTaken(deps.db, input.slug, exceptId))) throw new AppError('DUPLICATE', { details: [{ path: 'slug', key: 'leadForm.slugTaken' }] });
}

export async function listForms(deps: Deps, ctx: Ctx, query: z.infer<typeof listLeadFormsQuery>) {
  requirePermission(ctx.actor, 'lead_form', 'read');
  const rows = await q.listForms(deps.db, { viewer: ctx.actor, status: query.status, campaignId: query.campaignId, cursor: query.cursor, limit: query.limit });
  return toPage(rows, query.limit, (r) => [r.form.createdAt, r.form.id], toForm);
}

export async function getForm(deps: Deps, ctx: Ctx, id: string): Promise<LeadForm> {
  requirePermission(ctx.actor, 'lead_form', 'read');
  return toForm(await requireVisibleForm(deps.db, ctx.actor, id));
}

export async function createForm(deps: Deps, ctx: Ctx, input: z.infer<typeof createLeadFormBody>): Promise<LeadForm> {
  requirePermission(ctx.actor, 'lead_form', 'create');
  await checkInput(deps, input, null);
  const id = newId();
  return deps.db.transaction(async (tx) => {
    await q.insertForm(tx, { id, ...input, ownerId: ctx.actor.userId, departmentId: ctx.actor.departmentId, createdBy: ctx.actor.userId, createdAt: ctx.now, updatedAt: ctx.now });
    const created = await present(tx, id);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'lead_form', entityId: id, entityLabel: input.name, after: auditView(created) });
    return created;
  });
}

export async function updateForm(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateLeadFormBody>): Promise<LeadForm> {
  requirePermission(ctx.actor, 'lead_form', 'update');
  const before = toForm(await requireVisibleForm(deps.db, ctx.actor, id));
  await checkInput(deps, { ...input, campaignId: input.campaignId !== before.campaignId ? input.campaignId : undefined }, id);
  const { version, ...values } = input;
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateForm(tx, id, version, { ...values, updatedAt: ctx.now }))) throw versionConflict();
    const after = await present(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'lead_form', entityId: id, entityLabel: after.name, before: auditView(before), after: auditView(after) });
    return after;
  });
}

export async function deleteForm(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'lead_form', 'delete');
  const row = await requireVisibleForm(deps.db, ctx.actor, id);
  await deps.db.transaction(async (tx) => {
    if (!(await q.updateForm(tx, id, row.form.version, { deletedAt: ctx.now, status: 'closed', updatedAt: ctx.now }))) throw versionConflict();
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'lead_form', entityId: id, entityLabel: row.form.name });
  });
}

export async function listSubmissions(deps: Deps, ctx: Ctx, id: string, limit: number): Promise<{ items: FormSubmission[] }> {
  requirePermission(ctx.actor, 'lead_form', 'read');
  await requireVisibleForm(deps.db, ctx.actor, id);
  const rows = await q.listSubmissions(deps.db, id, limit);
  return {
    items: rows.map(({ submission: s, leadNumber }) => ({ id: s.id, at: s.at.toISOString(), outcome: s.outcome, reason: s.reason, leadId: s.leadId, leadNumber, contactName: s.contactName })),
  };
}

// ---------------------------------------------------------------------------------------------
// The public side

/** A qualifying question's answer as the lead rules take it (unanswered: 不明确). */
function answer(value: string | undefined): 'yes' | 'unclear' | 'no' {
  return value === 'yes' || value === 'no' ? value : 'unclear';
}

export interface PublicAnswer {
  status: number;
  html?: string;
  redirect?: string;
  /** Origins that may frame the answer (the form owner's sites). */
  frameOrigins: string[];
}

/** Provinces by their official (Chinese) names, in both languages: that is how addresses are written. */
function provinceOptions() {
  return provinces().map((d) => ({ code: d.code, name: d.name }));
}

function page(form: NonNullable<Awaited<ReturnType<typeof q.formBySlug>>>, deps: Deps, locale: Locale, extra: { values?: Record<string, string>; errors?: readonly FieldError[]; banner?: string } = {}) {
  return formHtml({
    title: form.title,
    description: form.description,
    fields: form.fields,
    consentText: form.consentText,
    token: formToken(deps.appSecret, form.id, deps.clock.now()),
    provinces: provinceOptions(),
    locale,
    ...extra,
  });
}

export async function formPage(deps: Deps, slug: string, locale: Locale): Promise<PublicAnswer> {
  const t = texts(locale);
  const form = await q.formBySlug(deps.db, slug);
  if (!form || form.status === 'draft') return { status: 404, html: messageHtml(t.notFound, '', locale), frameOrigins: [] };
  if (form.status === 'closed') return { status: 410, html: messageHtml(form.title, t.closed, locale), frameOrigins: form.allowedOrigins };
  return { status: 200, html: page(form, deps, locale), frameOrigins: form.allowedOrigins };
}

/**
 * A visitor's submission. Refused (and recorded as such): a filled honeypot (answered like a
 * success, so a bot learns nothing), a token that is missing, forged, too fresh or stale, an
 * address over its rate, invalid fields (the page again, with the messages). Accepted: the lead
 * registered through the lead rules in the form owner's name, the campaign member marked 已报名.
 */
export async function submitForm(deps: Deps, slug: string, body: Record<string, unknown>, ip: string | null, locale: Locale): Promise<PublicAnswer> {
  const t = texts(locale);
  const now = deps.clock.now();
  const form = await q.formBySlug(deps.db, slug);
  if (!form || form.status === 'draft') return { status: 404, html: messageHtml(t.notFound, '', locale), frameOrigins: [] };
  const frameOrigins = form.allowedOrigins;
  if (form.status === 'closed') return { status: 410, html: messageHtml(form.title, t.closed, locale), frameOrigins };
  const key = ipKey(deps.appSecret, ip);
  const reject = async (reason: string) => q.insertSubmission(deps.db, { formId: form.id, at: now, ipKey: key, outcome: 'rejected', reason });
  const thanks = (): PublicAnswer => (form.redirectUrl ? { status: 303, redirect: form.redirectUrl, frameOrigins } : { status: 200, html: messageHtml(form.title, form.thankYouMessage, locale), frameOrigins });

  const recent = await q.recentSubmissions(deps.db, form.id, key, new Date(now.getTime() - PER_FORM_LIMIT.windowMs), new Date(now.getTime() - PER_ADDRESS_LIMIT.windowMs));
  if (recent.toForm >= PER_FORM_LIMIT.count || recent.toAny >= PER_ADDRESS_LIMIT.count) {
    await reject('rate_limit');
    return { status: 429, html: messageHtml(form.title, t.tooMany, locale), frameOrigins };
  }
  if (typeof body[HONEYPOT] === 'string' && body[HONEYPOT] !== '') {
    await reject('honeypot');
    return thanks();
  }
  const strings = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const token = checkFormToken(deps.appSecret, form.id, body[TOKEN_FIELD], now);
  if (token !== 'ok') {
    await reject(`token_${token}`);
    return { status: 400, html: page(form, deps, locale, { values: strings, banner: token === 'too_fast' ? t.tooFast : token === 'stale' ? t.stale : t.failed }), frameOrigins };
  }
  const { values, errors } = readSubmission(form.fields, body, form.consentText, locale);
  if (errors.length > 0) return { status: 400, html: page(form, deps, locale, { values: strings, errors }), frameOrigins };

  const owner = await actorOfUser(deps.db, form.ownerId);
  if (!owner) {
    await reject('owner_inactive');
    return { status: 503, html: messageHtml(form.title, t.failed, locale), frameOrigins };
  }
  // The form registers in its owner's name; the audit log names the form.
  const ctx: Ctx = { actor: { ...owner, displayName: `${owner.displayName}（表单：${form.name}）` }, ip, now };
  try {
    await registerLead(
      deps,
      ctx,
      {
        channel: form.channel,
        sourceDetail: `网页表单：${form.name}`,
        contactName: values.contactName ?? '',
        companyName: values.companyName ?? null,
        title: values.title ?? null,
        phone: values.phone ?? null,
        email: values.email ?? null,
        needs: values.needs ?? null,
        provinceCode: values.provinceCode ?? null,
        campaignId: form.campaignId,
        criteria: { needMatch: answer(values.needMatch), budget: answer(values.budget), authority: answer(values.authority) },
      },
      async (tx, registered) => {
        await q.insertSubmission(tx, { formId: form.id, at: now, ipKey: key, outcome: registered.merged ? 'merged' : 'created', leadId: registered.leadId, contactName: values.contactName ?? null });
        if (form.campaignId) await markRegistered(tx, form.campaignId, registered.leadId, now);
      },
    );
  } catch (err) {
    // The lead rules refused a value (a phone that is no number, an unknown province): the page again.
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED') {
      const fieldErrors: FieldError[] = err.details
        .map((d) => ({ key: d.path as FieldError['key'], message: form.fields.find((f) => f.key === d.path)?.label ?? d.path }))
        .filter((e) => form.fields.some((f) => f.key === e.key) || e.key === CONSENT_FIELD)
        .map((e) => ({ key: e.key, message: `${e.message}：${locale === 'en' ? 'not valid' : '格式不正确'}` }));
      await reject('invalid');
      return { status: 400, html: page(form, deps, locale, { values: strings, errors: fieldErrors, ...(fieldErrors.length === 0 ? { banner: t.failed } : {}) }), frameOrigins };
    }
    throw err;
  }
  return thanks();
}
