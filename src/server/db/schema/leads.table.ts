import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { CriterionAnswer, LeadChannel, LeadGrade, LeadStatus, SalesRegion } from '../../../contracts/vocabulary.ts';
import { campaigns } from './campaigns.table.ts';
import { businessColumns, softDelete } from './columns.ts';
import { contacts, customers, industries } from './customers.table.ts';
import { departments, users } from './org.table.ts';

export interface StoredLeadSource {
  channel: LeadChannel;
  detail: string | null;
  at: string;
  /** The campaign it came through (migration 0045's trigger makes the lead a member of it). */
  campaignId?: string | null;
}

/** 线索: an unqualified prospect from a channel, graded A/B/C and handed to a salesperson. */
export const leads = pgTable(
  'leads',
  {
    ...businessColumns(),
    ...softDelete(),
    number: text('number').notNull(),
    /** The number the lead had in the sheet it was imported from, when that could not be its number (searchable). */
    legacyNumber: text('legacy_number'),
    channel: text('channel').$type<LeadChannel>().notNull(),
    /** Every channel the prospect came through, oldest first (merged leads keep all). */
    sources: jsonb('sources').$type<StoredLeadSource[]>().notNull().default([]),
    companyName: text('company_name'),
    companyKey: text('company_key'),
    contactName: text('contact_name').notNull(),
    title: text('title'),
    phone: text('phone'),
    email: text('email'),
    needs: text('needs'),
    /** Where the prospect is and what it does: what automatic assignment rules match on. */
    provinceCode: text('province_code'),
    region: text('region').$type<SalesRegion>(),
    industryCode: text('industry_code').references(() => industries.code),
    needMatch: text('need_match').$type<CriterionAnswer>().notNull().default('unclear'),
    budget: text('budget').$type<CriterionAnswer>().notNull().default('unclear'),
    authority: text('authority').$type<CriterionAnswer>().notNull().default('unclear'),
    computedGrade: text('computed_grade').$type<LeadGrade>().notNull(),
    grade: text('grade').$type<LeadGrade>().notNull(),
    gradeOverrideReason: text('grade_override_reason'),
    /** When the lead last became grade A: the 24-hour assignment clock starts here. */
    gradedAt: timestamp('graded_at', { withTimezone: true }).notNull(),
    status: text('status').$type<LeadStatus>().notNull().default('new'),
    ownerId: uuid('owner_id').references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    /** Set by the SLA job when an A lead passed its deadline unassigned (managers were told). */
    slaBreachedAt: timestamp('sla_breached_at', { withTimezone: true }),
    customerId: uuid('customer_id').references(() => customers.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    convertedAt: timestamp('converted_at', { withTimezone: true }),
    lastFollowUpAt: timestamp('last_follow_up_at', { withTimezone: true }),
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => leads.id),
    /** 营销活动 the lead came through (a form, an import's campaign column, a manual pick). */
    campaignId: uuid('campaign_id').references(() => campaigns.id),
  },
  (t) => [
    uniqueIndex('leads_number_uq').on(t.number),
    index('leads_legacy_number_idx').on(t.legacyNumber).where(sql`${t.legacyNumber} is not null`),
    index('leads_owner_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('leads_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('leads_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('leads_sla_idx').on(t.gradedAt).where(sql`${t.deletedAt} is null and ${t.grade} = 'A' and ${t.ownerId} is null and ${t.slaBreachedAt} is null`),
    index('leads_phone_idx').on(t.phone).where(sql`${t.deletedAt} is null`),
    index('leads_email_idx').on(sql`lower(${t.email})`).where(sql`${t.deletedAt} is null`),
    index('leads_company_key_idx').on(t.companyKey).where(sql`${t.deletedAt} is null`),
    // The leads one registered stay readable to one (docs/security.md, "Who sees which leads").
    index('leads_created_by_idx').on(t.createdBy).where(sql`${t.deletedAt} is null`),
    // A customer's converted leads (a campaign report's last touch goes from the customer to them).
    index('leads_customer_idx').on(t.customerId).where(sql`${t.customerId} is not null`),
    index('leads_campaign_idx').on(t.campaignId, t.createdAt, t.id).where(sql`${t.deletedAt} is null and ${t.campaignId} is not null`),
  ],
);

/**
 * 自动分配规则: a lead matching the rule (region, industry, channel; an empty list matches any)
 * goes to the next member of the rule in turn. `cursor` is the index of the member who gets the
 * next lead; it is advanced under the row lock, so concurrent leads take turns rather than piling
 * on one person.
 */
export const leadAssignmentRules = pgTable(
  'lead_assignment_rules',
  {
    ...businessColumns(),
    ...softDelete(),
    name: text('name').notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    regions: text('regions').array().$type<SalesRegion[]>().notNull().default(sql`'{}'::text[]`),
    industryCodes: text('industry_codes').array().notNull().default(sql`'{}'::text[]`),
    channels: text('channels').array().$type<LeadChannel[]>().notNull().default(sql`'{}'::text[]`),
    /** The salespeople who take turns, in order; empty = every active member of the department. */
    memberIds: uuid('member_ids').array().notNull().default(sql`'{}'::uuid[]`),
    priority: integer('priority').notNull().default(100),
    active: boolean('active').notNull().default(true),
    cursor: integer('cursor').notNull().default(0),
  },
  (t) => [index('lead_assignment_rules_priority_idx').on(t.priority).where(sql`${t.deletedAt} is null and ${t.active}`)],
);
