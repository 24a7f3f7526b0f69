import { z } from 'zod';
import { isoDateTime, listQuery, versioned } from './common.ts';
import { leadChannelSchema, type Label } from './vocabulary.ts';

/**
 * 表单获客: web-to-lead forms. A marketer builds a form (which lead fields it asks, which are
 * required, the channel and campaign its leads get, a consent text, the thank-you message or a
 * redirect), publishes it at `/f/<slug>` or embeds it on the company's site; every submission
 * goes through the lead rules (duplicates merged, graded, assigned, owner notified).
 */

const text = (max: number) => z.string().trim().max(max);

/** The lead fields a form can ask for, in the order a form usually has them. */
export const FORM_FIELD_KEYS = ['contactName', 'phone', 'email', 'companyName', 'title', 'provinceCode', 'needs', 'needMatch', 'budget', 'authority'] as const;
export type FormFieldKey = (typeof FORM_FIELD_KEYS)[number];
export const FORM_FIELD_LABELS: Record<FormFieldKey, Label> = {
  contactName: { 'zh-CN': '姓名', en: 'Name' },
  phone: { 'zh-CN': '手机号', en: 'Mobile' },
  email: { 'zh-CN': '邮箱', en: 'E-mail' },
  companyName: { 'zh-CN': '公司名称', en: 'Company' },
  title: { 'zh-CN': '职务', en: 'Job title' },
  provinceCode: { 'zh-CN': '所在省份', en: 'Province' },
  needs: { 'zh-CN': '需求描述', en: 'What do you need?' },
  needMatch: { 'zh-CN': '是否有明确的采购需求', en: 'Do you have a concrete need?' },
  budget: { 'zh-CN': '是否已有预算', en: 'Is there a budget?' },
  authority: { 'zh-CN': '您是否参与采购决策', en: 'Do you take part in the decision?' },
};

/**
 * The qualification questions (需求匹配, 预算, 决策权) a form may ask: answered 是 / 不确定 / 否,
 * they grade the lead A/B/C by the lead rules like a salesperson's assessment.
 */
export const QUALIFYING_KEYS = ['needMatch', 'budget', 'authority'] as const satisfies readonly FormFieldKey[];

export const FORM_STATUSES = ['draft', 'published', 'closed'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];
export const FORM_STATUS_LABELS: Record<FormStatus, Label> = {
  draft: { 'zh-CN': '未发布', en: 'Draft' },
  published: { 'zh-CN': '已发布', en: 'Published' },
  closed: { 'zh-CN': '已停用', en: 'Closed' },
};

export const formField = z
  .object({
    key: z.enum(FORM_FIELD_KEYS),
    label: text(50).min(1).meta({ description: 'What the visitor reads' }),
    required: z.boolean(),
  })
  .meta({ id: 'LeadFormField' });
export type FormField = z.infer<typeof formField>;

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, { message: 'leadForm.slugFormat' })
  .meta({ description: 'The address /f/<slug>: 3–60 lower-case letters, digits and hyphens' });

const origin = z
  .string()
  .trim()
  .regex(/^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/i, { message: 'leadForm.originFormat' })
  .meta({ description: 'A site allowed to embed the form, e.g. https://www.example.com' });

export const leadForm = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    fields: z.array(formField),
    channel: z.string(),
    campaignId: z.uuid().nullable(),
    campaignName: z.string().nullable(),
    consentText: z.string().nullable().meta({ description: 'When set, the visitor must tick it to submit (个人信息授权)' }),
    thankYouMessage: z.string(),
    redirectUrl: z.string().nullable(),
    allowedOrigins: z.array(z.string()),
    status: z.enum(FORM_STATUSES),
    submissions: z.number().int(),
    leadsCreated: z.number().int(),
    lastSubmittedAt: isoDateTime.nullable(),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'LeadForm' });
export type LeadForm = z.infer<typeof leadForm>;

const formFields = {
  name: text(100).min(1),
  slug,
  title: text(100).min(1),
  description: text(2000).nullable(),
  fields: z.array(formField).min(1).max(FORM_FIELD_KEYS.length),
  channel: leadChannelSchema,
  campaignId: z.uuid().nullable(),
  consentText: text(1000).nullable(),
  thankYouMessage: text(1000).min(1),
  redirectUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
  allowedOrigins: z.array(origin).max(20),
};

export const createLeadFormBody = z
  .object({
    ...formFields,
    description: formFields.description.default(null),
    campaignId: formFields.campaignId.default(null),
    consentText: formFields.consentText.default(null),
    thankYouMessage: formFields.thankYouMessage.default('提交成功，我们会尽快与您联系。'),
    redirectUrl: formFields.redirectUrl.default(null),
    allowedOrigins: formFields.allowedOrigins.default([]),
  })
  .strict()
  .meta({ id: 'CreateLeadForm' });

export const updateLeadFormBody = versioned
  .extend({
    name: formFields.name.optional(),
    slug: formFields.slug.optional(),
    title: formFields.title.optional(),
    description: formFields.description.optional(),
    fields: formFields.fields.optional(),
    channel: formFields.channel.optional(),
    campaignId: formFields.campaignId.optional(),
    consentText: formFields.consentText.optional(),
    thankYouMessage: formFields.thankYouMessage.optional(),
    redirectUrl: formFields.redirectUrl.optional(),
    allowedOrigins: formFields.allowedOrigins.optional(),
    status: z.enum(FORM_STATUSES).optional().meta({ description: 'published: open at /f/<slug>; closed: the page says the form is closed' }),
  })
  .strict()
  .meta({ id: 'UpdateLeadForm' });

export const listLeadFormsQuery = listQuery.extend({
  status: z.enum(FORM_STATUSES).optional(),
  campaignId: z.uuid().optional(),
});

export const SUBMISSION_OUTCOMES = ['created', 'merged', 'rejected'] as const;
export type SubmissionOutcome = (typeof SUBMISSION_OUTCOMES)[number];

export const formSubmission = z
  .object({
    id: z.uuid(),
    at: isoDateTime,
    outcome: z.enum(SUBMISSION_OUTCOMES),
    reason: z.string().nullable().meta({ description: 'Why a submission was rejected (honeypot, too fast, rate limit, invalid)' }),
    leadId: z.uuid().nullable(),
    leadNumber: z.string().nullable(),
    contactName: z.string().nullable(),
  })
  .meta({ id: 'LeadFormSubmission' });
export type FormSubmission = z.infer<typeof formSubmission>;
