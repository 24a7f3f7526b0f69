import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SmsParam, SmsRecipientStatus, SmsSendStatus } from '../../../contracts/sms.ts';
import { campaigns } from './campaigns.table.ts';
import { businessColumns, softDelete } from './columns.ts';
import { contacts } from './customers.table.ts';
import { leads } from './leads.table.ts';
import type { RecipientData } from './mailings.table.ts';
import { departments, users } from './org.table.ts';
import { segments } from './segments.table.ts';

/** 短信营销: one SMS template of a campaign sent to a segment through the SMS provider. */
export const smsSends = pgTable(
  'sms_sends',
  {
    ...businessColumns(),
    ...softDelete(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    name: text('name').notNull(),
    signName: text('sign_name').notNull(),
    templateCode: text('template_code').notNull(),
    text: text('text').notNull(),
    params: jsonb('params').$type<SmsParam[]>().notNull().default([]),
    linkUrl: text('link_url'),
    segmentId: uuid('segment_id').references(() => segments.id),
    contacts: text('contacts').$type<'primary' | 'all'>().notNull().default('primary'),
    status: text('status').$type<SmsSendStatus>().notNull().default('draft'),
    baseUrl: text('base_url'),
    noAddress: integer('no_address').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
  },
  (t) => [
    index('sms_sends_campaign_idx').on(t.campaignId, t.createdAt).where(sql`${t.deletedAt} is null`),
    index('sms_sends_owner_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('sms_sends_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('sms_sends_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('sms_sends_active_idx').on(t.status).where(sql`${t.status} = 'sending'`),
  ],
);

/** A recipient of an SMS send, one per mobile number (E.164), with its short link's code. */
export const smsRecipients = pgTable(
  'sms_recipients',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    sendId: uuid('send_id')
      .notNull()
      .references(() => smsSends.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    phone: text('phone').notNull(),
    data: jsonb('data').$type<RecipientData>().notNull(),
    status: text('status').$type<SmsRecipientStatus>().notNull(),
    error: text('error'),
    /** The provider's id of the message (BizId), for its receipts. */
    bizId: text('biz_id'),
    shortCode: text('short_code').notNull(),
    sendingAt: timestamp('sending_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    clicks: integer('clicks').notNull().default(0),
    botClicks: integer('bot_clicks').notNull().default(0),
    firstClickedAt: timestamp('first_clicked_at', { withTimezone: true }),
    optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
    seq: integer('seq').notNull(),
  },
  (t) => [
    uniqueIndex('sms_recipients_phone_uq').on(t.sendId, t.phone),
    uniqueIndex('sms_recipients_short_code_uq').on(t.shortCode),
    index('sms_recipients_queue_idx').on(t.sendId, t.seq).where(sql`${t.status} in ('queued', 'sending')`),
    index('sms_recipients_list_idx').on(t.sendId, t.seq, t.id),
    // Opt-out replies name only the number: its latest message is found by it.
    index('sms_recipients_phone_idx').on(t.phone, t.sentAt),
  ],
);
