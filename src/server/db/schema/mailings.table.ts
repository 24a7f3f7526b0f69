import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AbTest, MailingStatus, RecipientStatus, SkipReason, SuppressionChannel, SuppressionReason, VariantKey } from '../../../contracts/mailings.ts';
import { campaigns } from './campaigns.table.ts';
import { businessColumns, softDelete } from './columns.ts';
import { contacts } from './customers.table.ts';
import { leads } from './leads.table.ts';
import { departments, users } from './org.table.ts';
import { segments } from './segments.table.ts';

/** The merge values of one recipient, taken when sending starts (the mail says what was true then). */
export interface RecipientData {
  'contact.name'?: string | null;
  'contact.title'?: string | null;
  'contact.email'?: string | null;
  'customer.name'?: string | null;
  'owner.name'?: string | null;
  'owner.phone'?: string | null;
}

/**
 * 邮件群发: one message of a campaign sent to a segment. The content is edited while a draft;
 * sending snapshots the audience into mailing_recipients, whose rows the sender works through.
 */
export const mailings = pgTable(
  'mailings',
  {
    ...businessColumns(),
    ...softDelete(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    name: text('name').notNull(),
    /** Subject lines A–D (one unless a subject test). */
    subjects: jsonb('subjects').$type<string[]>().notNull(),
    abTest: jsonb('ab_test').$type<AbTest>(),
    html: text('html').notNull(),
    text: text('text'),
    fromName: text('from_name'),
    replyTo: text('reply_to'),
    segmentId: uuid('segment_id').references(() => segments.id),
    contacts: text('contacts').$type<'primary' | 'all'>().notNull().default('primary'),
    tracking: boolean('tracking').notNull().default(true),
    status: text('status').$type<MailingStatus>().notNull().default('draft'),
    winner: text('winner').$type<VariantKey>(),
    decideAt: timestamp('decide_at', { withTimezone: true }),
    /** The links of the HTML when sending started: a click redirects only to one of these. */
    links: jsonb('links').$type<string[]>().notNull().default([]),
    /** Where the tracking and unsubscribe links point (PUBLIC_URL, or the origin sending was started from). */
    baseUrl: text('base_url'),
    noAddress: integer('no_address').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** The campaign's owner and department when created: the mailing is seen like its campaign. */
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
  },
  (t) => [
    index('mailings_campaign_idx').on(t.campaignId, t.createdAt).where(sql`${t.deletedAt} is null`),
    index('mailings_owner_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('mailings_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('mailings_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    // The sender's sweep: mailings to (re)start or to decide.
    index('mailings_active_idx').on(t.status).where(sql`${t.status} in ('sending', 'testing')`),
  ],
);

/**
 * A recipient of a mailing, one per address. Engagement is kept on the row (first times and
 * counts, bots apart) so rates are counts, and in mailing_clicks per link.
 */
export const mailingRecipients = pgTable(
  'mailing_recipients',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    mailingId: uuid('mailing_id')
      .notNull()
      .references(() => mailings.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    email: text('email').notNull(),
    data: jsonb('data').$type<RecipientData>().notNull(),
    variant: text('variant').$type<VariantKey>(),
    status: text('status').$type<RecipientStatus>().notNull(),
    skipReason: text('skip_reason').$type<SkipReason>(),
    error: text('error'),
    sendingAt: timestamp('sending_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    firstOpenedAt: timestamp('first_opened_at', { withTimezone: true }),
    opens: integer('opens').notNull().default(0),
    firstClickedAt: timestamp('first_clicked_at', { withTimezone: true }),
    clicks: integer('clicks').notNull().default(0),
    botEvents: integer('bot_events').notNull().default(0),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    /** The order the sender takes them in (the snapshot's order; a sample first). */
    seq: integer('seq').notNull(),
  },
  (t) => [
    uniqueIndex('mailing_recipients_address_uq').on(t.mailingId, t.email),
    // The sender's queue, in order: the partial index holds only what is left to send.
    index('mailing_recipients_queue_idx').on(t.mailingId, t.seq).where(sql`${t.status} in ('queued', 'sending')`),
    index('mailing_recipients_list_idx').on(t.mailingId, t.seq, t.id),
    index('mailing_recipients_contact_idx').on(t.contactId).where(sql`${t.contactId} is not null`),
    index('mailing_recipients_lead_idx').on(t.leadId).where(sql`${t.leadId} is not null`),
  ],
);

/** Clicks per recipient and link (the link's index in mailings.links). */
export const mailingClicks = pgTable(
  'mailing_clicks',
  {
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => mailingRecipients.id, { onDelete: 'cascade' }),
    link: smallint('link').notNull(),
    clicks: integer('clicks').notNull().default(0),
    botClicks: integer('bot_clicks').notNull().default(0),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.recipientId, t.link] })],
);

/**
 * 屏蔽名单: addresses (lower-case e-mail, or a mobile number for SMS) no campaign sends to again:
 * unsubscribed, hard-bounced, complained, or added by hand.
 */
export const suppressions = pgTable(
  'suppressions',
  {
    channel: text('channel').$type<SuppressionChannel>().notNull(),
    address: text('address').notNull(),
    reason: text('reason').$type<SuppressionReason>().notNull(),
    note: text('note'),
    mailingId: uuid('mailing_id').references(() => mailings.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.channel, t.address] }),
    index('suppressions_created_idx').on(t.createdAt, t.address),
    check('suppressions_lower_ck', sql`${t.address} = lower(${t.address})`),
  ],
);
