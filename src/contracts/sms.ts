import { z } from 'zod';
import { isoDateTime, listQuery, versioned } from './common.ts';
import type { Label } from './vocabulary.ts';

/**
 * 短信营销: an SMS send of a campaign to a segment, through the SMS provider (an approved
 * signature 签名 and template 模板 as Chinese providers require, the template's variables filled
 * from merge fields), with per-recipient status from the provider's receipts, a short link per
 * recipient with click tracking, and opt-out replies (回T退订) feeding the suppression list.
 */

const text = (max: number) => z.string().trim().max(max);

export const SMS_SEND_STATUSES = ['draft', 'sending', 'paused', 'sent', 'cancelled'] as const;
export type SmsSendStatus = (typeof SMS_SEND_STATUSES)[number];
export const SMS_SEND_STATUS_LABELS: Record<SmsSendStatus, Label> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  sending: { 'zh-CN': '发送中', en: 'Sending' },
  paused: { 'zh-CN': '已暂停', en: 'Paused' },
  sent: { 'zh-CN': '已发送', en: 'Sent' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};

/**
 * A message's state: `sending` is with the provider right now (a crash leaves it `unknown`, never
 * sent again by itself), `sent` was accepted by the provider, `delivered` / `undelivered` come
 * from its receipts, `failed` was refused at sending, `skipped` was not sent (suppressed, or the
 * same number twice).
 */
export const SMS_RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'unknown', 'skipped'] as const;
export type SmsRecipientStatus = (typeof SMS_RECIPIENT_STATUSES)[number];
export const SMS_RECIPIENT_STATUS_LABELS: Record<SmsRecipientStatus, Label> = {
  queued: { 'zh-CN': '排队中', en: 'Queued' },
  sending: { 'zh-CN': '发送中', en: 'Sending' },
  sent: { 'zh-CN': '已提交', en: 'Accepted' },
  delivered: { 'zh-CN': '已送达', en: 'Delivered' },
  undelivered: { 'zh-CN': '未送达', en: 'Not delivered' },
  failed: { 'zh-CN': '发送失败', en: 'Failed' },
  unknown: { 'zh-CN': '状态未知', en: 'Unknown' },
  skipped: { 'zh-CN': '已跳过', en: 'Skipped' },
};

/** What a template variable is filled with: a merge field, or the recipient's short link. */
export const SMS_PARAM_SOURCES = ['contact.name', 'customer.name', 'owner.name', 'owner.phone', 'campaign.name', 'short_link'] as const;
export type SmsParamSource = (typeof SMS_PARAM_SOURCES)[number];

export const smsParam = z
  .object({
    name: z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_]{0,29}$/, { message: 'sms.paramName' }).meta({ description: 'The template variable, as in ${name}' }),
    source: z.enum(SMS_PARAM_SOURCES),
  })
  .meta({ id: 'SmsParam' });
export type SmsParam = z.infer<typeof smsParam>;

export const smsCounts = z
  .object({
    recipients: z.number().int(),
    queued: z.number().int(),
    sent: z.number().int().meta({ description: 'Accepted by the provider (delivered and undelivered included)' }),
    delivered: z.number().int(),
    undelivered: z.number().int(),
    failed: z.number().int(),
    unknown: z.number().int(),
    skipped: z.number().int(),
    clicked: z.number().int().meta({ description: 'Recipients who opened their short link (probable bots excluded)' }),
    optedOut: z.number().int().meta({ description: 'Recipients who replied to opt out (回T退订)' }),
  })
  .meta({ id: 'SmsCounts' });
export type SmsCounts = z.infer<typeof smsCounts>;

export const smsSend = z
  .object({
    id: z.uuid(),
    campaignId: z.uuid(),
    campaignName: z.string(),
    name: z.string(),
    signName: z.string().meta({ description: '短信签名, approved by the provider' }),
    templateCode: z.string().meta({ description: '模板 CODE, approved by the provider' }),
    text: z.string().meta({ description: 'The approved template’s text with ${variables}, for the preview and the length' }),
    params: z.array(smsParam),
    linkUrl: z.string().nullable().meta({ description: 'Where each recipient’s short link leads (a ${variable} from short_link)' }),
    segmentId: z.uuid().nullable(),
    segmentName: z.string().nullable(),
    contacts: z.enum(['primary', 'all']),
    status: z.enum(SMS_SEND_STATUSES),
    noAddress: z.number().int().meta({ description: 'Audience records without a mobile number, or sharing one' }),
    counts: smsCounts,
    provider: z.string().meta({ description: 'aliyun, or log (no SMS_URL: messages are only logged)' }),
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'SmsSend' });
export type SmsSend = z.infer<typeof smsSend>;

const fields = {
  name: text(200).min(1),
  signName: text(40).min(2),
  templateCode: text(40).regex(/^[A-Za-z0-9_-]+$/, { message: 'sms.templateCode' }),
  text: text(500).min(1),
  params: z.array(smsParam).max(10),
  linkUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
  segmentId: z.uuid().nullable(),
  contacts: z.enum(['primary', 'all']),
};

export const createSmsSendBody = z
  .object({
    campaignId: z.uuid(),
    ...fields,
    params: fields.params.default([]),
    linkUrl: fields.linkUrl.default(null),
    segmentId: fields.segmentId.optional().meta({ description: 'Omitted: the campaign’s target segment' }),
    contacts: fields.contacts.default('primary'),
  })
  .strict()
  .meta({ id: 'CreateSmsSend' });

export const updateSmsSendBody = versioned
  .extend({
    name: fields.name.optional(),
    signName: fields.signName.optional(),
    templateCode: fields.templateCode.optional(),
    text: fields.text.optional(),
    params: fields.params.optional(),
    linkUrl: fields.linkUrl.optional(),
    segmentId: fields.segmentId.optional(),
    contacts: fields.contacts.optional(),
  })
  .strict()
  .meta({ id: 'UpdateSmsSend' });

export const listSmsSendsQuery = listQuery.extend({ campaignId: z.uuid().optional(), status: z.enum(SMS_SEND_STATUSES).optional() });

export const smsRecipient = z
  .object({
    id: z.uuid(),
    phone: z.string(),
    name: z.string().nullable(),
    companyName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    status: z.enum(SMS_RECIPIENT_STATUSES),
    error: z.string().nullable(),
    sentAt: isoDateTime.nullable(),
    deliveredAt: isoDateTime.nullable(),
    clicks: z.number().int(),
    firstClickedAt: isoDateTime.nullable(),
    optedOutAt: isoDateTime.nullable(),
  })
  .meta({ id: 'SmsRecipient' });
export type SmsRecipient = z.infer<typeof smsRecipient>;

export const listSmsRecipientsQuery = listQuery.extend({ status: z.enum(SMS_RECIPIENT_STATUSES).optional(), q: z.string().trim().max(50).optional() });

export const smsPreview = z
  .object({ text: z.string(), params: z.record(z.string(), z.string()), length: z.number().int(), parts: z.number().int().meta({ description: 'Billed messages: 70 characters in one, 67 per part when longer' }) })
  .meta({ id: 'SmsPreview' });
export type SmsPreviewResult = z.infer<typeof smsPreview>;
