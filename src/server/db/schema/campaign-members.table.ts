import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { MemberSource, MemberStatus } from '../../../contracts/campaigns.ts';
import { campaigns } from './campaigns.table.ts';
import { contacts } from './customers.table.ts';
import { leads } from './leads.table.ts';
import { users } from './org.table.ts';

/**
 * 活动成员: a contact or a lead taking part in a campaign, with how far it responded. A lead
 * registered with a campaign becomes a member by a trigger on leads (migration 0045), so the
 * leads module need not know about members.
 */
export const campaignMembers = pgTable(
  'campaign_members',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'cascade' }),
    status: text('status').$type<MemberStatus>().notNull().default('added'),
    statusAt: timestamp('status_at', { withTimezone: true }).notNull().defaultNow(),
    source: text('source').$type<MemberSource>().notNull().default('manual'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    addedBy: uuid('added_by').references(() => users.id),
  },
  (t) => [
    check('campaign_members_one_record', sql`num_nonnulls(${t.contactId}, ${t.leadId}) = 1`),
    uniqueIndex('campaign_members_contact_uq').on(t.campaignId, t.contactId).where(sql`${t.contactId} is not null`),
    uniqueIndex('campaign_members_lead_uq').on(t.campaignId, t.leadId).where(sql`${t.leadId} is not null`),
    index('campaign_members_list_idx').on(t.campaignId, t.addedAt, t.id),
    index('campaign_members_contact_idx').on(t.contactId).where(sql`${t.contactId} is not null`),
    index('campaign_members_lead_idx').on(t.leadId).where(sql`${t.leadId} is not null`),
  ],
);
