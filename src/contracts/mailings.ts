import { z } from 'zod';
import { isoDateTime, listQuery, versioned } from './common.ts';
import type { Label } from './vocabulary.ts';

/**
 * 邮件营销: a mailing (群发邮件) of a campaign — one message, with up to four subject lines to
 * test on a sample, sent to a segment through SMTP — with each recipient's delivery, opens,
 * clicks and unsubscription; and the suppression list (退订/屏蔽名单) every later send honours.
 */

const text = (max: number) => z.string().trim().max(max);

export const MAILING_STATUSES = ['draft', 'sending', 'paused', 'testing', 'sent', 'cancelled'] as const;
export type MailingStatus = (typeof MAILING_STATUSES)[number];
export const MAILING_STATUS_LABELS: Record<MailingStatus, Label> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  sending: { 'zh-CN': '发送中', en: 'Sending' },
  paused: { 'zh-CN': '已暂停', en: 'Paused' },
  testing: { 'zh-CN': '主题测试中', en: 'Testing subjects' },
  sent: { 'zh-CN': '已发送', en: 'Sent' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};

/**
 * A recipient's delivery: `held` waits for the subject test's winner, `queued` for the sender,
 * `sending` is in an SMTP exchange right now (left so by a crash it becomes `unknown`: maybe
 * delivered, never sent again by itself), `failed` got a temporary or other error, `bounced` a
 * permanent refusal (5xx: the address is suppressed), `skipped` was not sent (suppressed, or
 * the same address twice).
 */
export const RECIPIENT_STATUSES = ['held', 'queued', 'sending', 'sent', 'failed', 'bounced', 'unknown', 'skipped'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];
export const RECIPIENT_STATUS_LABELS: Record<RecipientStatus, Label> = {
  held: { 'zh-CN': '等待测试结果', en: 'Held for the test' },
  queued: { 'zh-CN': '排队中', en: 'Queued' },
  sending: { 'zh-CN': '发送中', en: 'Sending' },
  sent: { 'zh-CN': '已发送', en: 'Sent' },
  failed: { 'zh-CN': '发送失败', en: 'Failed' },
  bounced: { 'zh-CN': '退信', en: 'Bounced' },
  unknown: { 'zh-CN': '状态未知', en: 'Unknown' },
  skipped: { 'zh-CN': '已跳过', en: 'Skipped' },
};

export const SKIP_REASONS = ['suppressed', 'duplicate'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const SUPPRESSION_REASONS = ['unsubscribed', 'hard_bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
export const SUPPRESSION_REASON_LABELS: Record<SuppressionReason, Label> = {
  unsubscribed: { 'zh-CN': '已退订', en: 'Unsubscribed' },
  hard_bounce: { 'zh-CN': '硬退信', en: 'Hard bounce' },
  complaint: { 'zh-CN': '投诉', en: 'Complaint' },
  manual: { 'zh-CN': '手动屏蔽', en: 'Added by hand' },
};

/** The channels a suppression applies to: an e-mail address, or a mobile number (SMS). */
export const SUPPRESSION_CHANNELS = ['email', 'sms'] as const;
export type SuppressionChannel = (typeof SUPPRESSION_CHANNELS)[number];

/**
 * Merge fields (合并字段) a template may use, as `{{contact.name}}` or with a fallback for an
 * empty value, `{{contact.name|客户}}`. For a lead, contact is the lead's person and customer its
 * company. `unsubscribe_url` is the recipient's own link (a footer with it is added when the
 * template has none).
 */
export const MERGE_FIELDS = ['contact.name', 'contact.title', 'contact.email', 'customer.name', 'owner.name', 'owner.phone', 'campaign.name', 'unsubscribe_url'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export const MERGE_FIELD_LABELS: Record<MergeField, Label> = {
  'contact.name': { 'zh-CN': '联系人姓名', en: 'Contact name' },
  'contact.title': { 'zh-CN': '联系人职务', en: 'Contact title' },
  'contact.email': { 'zh-CN': '联系人邮箱', en: 'Contact e-mail' },
  'customer.name': { 'zh-CN': '客户名称', en: 'Customer name' },
  'owner.name': { 'zh-CN': '负责人姓名', en: 'Owner name' },
  'owner.phone': { 'zh-CN': '负责人电话', en: 'Owner phone' },
  'campaign.name': { 'zh-CN': '活动名称', en: 'Campaign name' },
  unsubscribe_url: { 'zh-CN': '退订链接', en: 'Unsubscribe link' },
};

export const VARIANT_KEYS = ['A', 'B', 'C', 'D'] as const;
export type VariantKey = (typeof VARIANT_KEYS)[number];

export const AB_METRICS = ['open', 'click'] as const;
export type AbMetric = (typeof AB_METRICS)[number];

export const abTestSchema = z
  .object({
    samplePercent: z.number().int().min(2).max(50).meta({ description: 'Share of the audience split evenly between the subjects, in %' }),
    decideAfterMinutes: z.number().int().min(10).max(7 * 24 * 60).meta({ description: 'When the sample has been sent, wait this long, then send the winner to the rest' }),
    metric: z.enum(AB_METRICS).meta({ description: 'Winner: the highest unique open rate, or click rate (bots excluded)' }),
  })
  .meta({ id: 'MailingAbTest' });
export type AbTest = z.infer<typeof abTestSchema>;

export const CONTACT_CHOICES = ['primary', 'all'] as const;

const subjectText = text(200).min(1);
const htmlBody = z.string().max(500_000);

export const mailingCounts = z
  .object({
    recipients: z.number().int(),
    held: z.number().int(),
    queued: z.number().int(),
    sent: z.number().int(),
    failed: z.number().int(),
    bounced: z.number().int(),
    unknown: z.number().int(),
    skipped: z.number().int(),
    opened: z.number().int().meta({ description: 'Recipients who opened (probable bots excluded)' }),
    clicked: z.number().int().meta({ description: 'Recipients who clicked (probable bots excluded)' }),
    unsubscribed: z.number().int(),
  })
  .meta({ id: 'MailingCounts' });
export type MailingCounts = z.infer<typeof mailingCounts>;

export const mailing = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    campaignName: z.string(),
    name: z.string(),
    subjects: z.array(z.object({ key: z.enum(VARIANT_KEYS), subject: z.string() })).meta({ description: 'Subject lines: A, and B–D when tested' }),
    abTest: abTestSchema.nullable(),
    html: z.string(),
    text: z.string().nullable().meta({ description: 'Plain-text part; null: made from the HTML' }),
    fromName: z.string().nullable(),
    replyTo: z.string().nullable(),
    segmentId: z.uuid().nullable(),
    segmentName: z.string().nullable(),
    contacts: z.enum(CONTACT_CHOICES).meta({ description: 'For a segment of customers: their primary contacts, or all their contacts' }),
    tracking: z.boolean().meta({ description: 'Opens and clicks are tracked (turn off where consent is missing)' }),
    status: z.enum(MAILING_STATUSES),
    winner: z.enum(VARIANT_KEYS).nullable(),
    decideAt: isoDateTime.nullable().meta({ description: 'When the subject test is decided' }),
    noAddress: z.number().int().meta({ description: 'Audience records without an e-mail address when sending started' }),
    counts: mailingCounts,
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Mailing' });
export type Mailing = z.infer<typeof mailing>;

const mailingFields = {
  name: text(200).min(1),
  subject: subjectText.meta({ description: 'Subject line A' }),
  otherSubjects: z.array(subjectText).max(3).meta({ description: 'Subject lines B–D for a subject test (with abTest)' }),
  abTest: abTestSchema.nullable(),
  html: htmlBody.min(1).meta({ description: 'HTML body with merge fields; scripts and event handlers are removed, CSS is inlined when sent' }),
  text: z.string().max(200_000).nullable().meta({ description: 'Plain-text part; null: made from the HTML' }),
  fromName: text(100).nullable(),
  replyTo: z.string().trim().toLowerCase().pipe(z.email().max(200)).nullable(),
  segmentId: z.uuid().nullable().meta({ description: 'The audience: a segment or static list of contacts, leads or customers' }),
  contacts: z.enum(CONTACT_CHOICES),
  tracking: z.boolean(),
};

export const createMailingBody = z
  .object({
    campaignId: z.uuid(),
    ...mailingFields,
    otherSubjects: mailingFields.otherSubjects.default([]),
    abTest: mailingFields.abTest.default(null),
    text: mailingFields.text.default(null),
    fromName: mailingFields.fromName.default(null),
    replyTo: mailingFields.replyTo.default(null),
    segmentId: mailingFields.segmentId.optional().meta({ description: 'Omitted: the campaign’s target segment' }),
    contacts: mailingFields.contacts.default('primary'),
    tracking: mailingFields.tracking.default(true),
  })
  .strict()
  .meta({ id: 'CreateMailing' });

export const updateMailingBody = versioned
  .extend({
    name: mailingFields.name.optional(),
    subject: mailingFields.subject.optional(),
    otherSubjects: mailingFields.otherSubjects.optional(),
    abTest: mailingFields.abTest.optional(),
    html: mailingFields.html.optional(),
    text: mailingFields.text.optional(),
    fromName: mailingFields.fromName.optional(),
    replyTo: mailingFields.replyTo.optional(),
    segmentId: mailingFields.segmentId.optional(),
    contacts: mailingFields.contacts.optional(),
    tracking: mailingFields.tracking.optional(),
  })
  .strict()
  .meta({ id: 'UpdateMailing' });

export const listMailingsQuery = listQuery.extend({
  campaignId: z.uuid().optional(),
  status: z.enum(MAILING_STATUSES).optional(),
});

export const mailingActionBody = versioned.strict();

export const previewQuery = z.object({
  contactId: z.uuid().optional().meta({ description: 'Render for this contact (one I may see)' }),
  leadId: z.uuid().optional().meta({ description: 'Render for this lead (one I may read)' }),
  variant: z.enum(VARIANT_KEYS).default('A'),
});

export const renderedMail = z
  .object({ subject: z.string(), html: z.string(), text: z.string(), to: z.string().nullable(), sample: z.boolean().meta({ description: 'true: sample values, no recipient given' }) })
  .meta({ id: 'RenderedMail' });
export type RenderedMail = z.infer<typeof renderedMail>;

export const testSendBody = z
  .object({
    to: z.string().trim().toLowerCase().pipe(z.email().max(200)).optional().meta({ description: 'Default: my own e-mail address' }),
    contactId: z.uuid().optional(),
    leadId: z.uuid().optional(),
    variant: z.enum(VARIANT_KEYS).default('A'),
  })
  .strict();

export const recipient = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    companyName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    variant: z.enum(VARIANT_KEYS).nullable(),
    status: z.enum(RECIPIENT_STATUSES),
    skipReason: z.enum(SKIP_REASONS).nullable(),
    error: z.string().nullable().meta({ description: 'The SMTP server’s answer to a failed or bounced send' }),
    sentAt: isoDateTime.nullable(),
    firstOpenedAt: isoDateTime.nullable(),
    opens: z.number().int(),
    firstClickedAt: isoDateTime.nullable(),
    clicks: z.number().int(),
    botEvents: z.number().int().meta({ description: 'Opens and clicks marked as probable bots (scanners, prefetch)' }),
    unsubscribedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'MailingRecipient' });
export type Recipient = z.infer<typeof recipient>;

export const listRecipientsQuery = listQuery.extend({
  status: z.enum(RECIPIENT_STATUSES).optional(),
  variant: z.enum(VARIANT_KEYS).optional(),
  engaged: z.enum(['opened', 'clicked', 'unsubscribed']).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Address or name contains' }),
});

export const mailingReport = z
  .object({
    counts: mailingCounts,
    variants: z.array(
      z.object({
        key: z.enum(VARIANT_KEYS),
        subject: z.string(),
        sent: z.number().int(),
        opened: z.number().int(),
        clicked: z.number().int(),
        openRate: z.number().nullable(),
        clickRate: z.number().nullable(),
        winner: z.boolean(),
      }),
    ),
    links: z.array(z.object({ index: z.number().int(), url: z.string(), clicks: z.number().int(), recipients: z.number().int() })),
    openRate: z.number().nullable().meta({ description: 'Unique human opens ÷ delivered' }),
    clickRate: z.number().nullable(),
    botEvents: z.number().int(),
  })
  .meta({ id: 'MailingReport' });
export type MailingReport = z.infer<typeof mailingReport>;

// ---- suppression list ----

export const suppression = z
  .object({
    channel: z.enum(SUPPRESSION_CHANNELS),
    address: z.string(),
    reason: z.enum(SUPPRESSION_REASONS),
    note: z.string().nullable(),
    mailingId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'Suppression' });
export type Suppression = z.infer<typeof suppression>;

export const listSuppressionsQuery = listQuery.extend({
  channel: z.enum(SUPPRESSION_CHANNELS).optional(),
  reason: z.enum(SUPPRESSION_REASONS).optional(),
  q: z.string().trim().max(100).optional(),
});

export const addSuppressionsBody = z
  .object({
    channel: z.enum(SUPPRESSION_CHANNELS).default('email'),
    addresses: z.array(z.string().trim().toLowerCase().min(3).max(200)).min(1).max(1000),
    note: text(500).nullable().default(null),
  })
  .strict();

export const suppressionParams = z.object({ channel: z.enum(SUPPRESSION_CHANNELS), address: z.string().min(3).max(200) });

// ---- sending settings ----

export const mailingSettings = z
  .object({
    ratePerSecond: z.number().int().min(1).max(5000).meta({ description: 'Mails per second at most, over all mailings of one worker' }),
    concurrency: z.number().int().min(1).max(50).meta({ description: 'SMTP connections used at once' }),
  })
  .meta({ id: 'MailingSettings' });
export type MailingSettings = z.infer<typeof mailingSettings>;
export const DEFAULT_MAILING_SETTINGS: MailingSettings = { ratePerSecond: 50, concurrency: 5 };
