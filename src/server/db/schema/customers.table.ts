import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AnnualRevenueRange, CustomerKind, EmployeeSizeRange, LeadGrade, LifecycleStage, SalesRegion } from '../../../contracts/vocabulary.ts';
import type { TagColor } from '../../../contracts/catalog.ts';
import { campaigns } from './campaigns.table.ts';
import { businessColumns, softDelete } from './columns.ts';
import { departments, users } from './org.table.ts';

/** 所属行业: admin-maintained list; the code is part of customer numbers and never changes. */
export const industries = pgTable('industries', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  section: text('section'),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

/**
 * 来源渠道: admin-maintained list of the channels customers and leads come through. The key is
 * stored on customers and leads and never changes; a channel is renamed or retired instead.
 * Synonyms are the other names teams use for it (行业展会, 展会推广 for 展会), which imports match.
 */
export const sourceChannels = pgTable('source_channels', {
  key: text('key').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  synonyms: text('synonyms').array().notNull().default(sql`'{}'::text[]`),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

/** 标签: coloured labels managed by admins, many per customer. */
export const tags = pgTable(
  'tags',
  {
    ...businessColumns(),
    name: text('name').notNull(),
    color: text('color').$type<TagColor>().notNull().default('blue'),
  },
  (t) => [uniqueIndex('tags_name_uq').on(sql`lower(${t.name})`)],
);

export interface DecisionMaker {
  name: string;
  title: string | null;
  role: string | null;
}

/** 客户: one record per real customer (一客一档). */
export const customers = pgTable(
  'customers',
  {
    ...businessColumns(),
    ...softDelete(),
    number: text('number').notNull(),
    /** The number the customer had in the sheet it was imported from (CU2024001), when that could not be its number (searchable). */
    legacyNumber: text('legacy_number'),
    kind: text('kind').$type<CustomerKind>().notNull(),
    name: text('name').notNull(),
    /** The name as compared by the duplicate check (see customers.rules.ts). */
    nameKey: text('name_key').notNull(),
    /** Full pinyin and initials of the name, for the search box. */
    namePinyin: text('name_pinyin').notNull().default(''),
    nameInitials: text('name_initials').notNull().default(''),
    /**
     * The phone digits (contacts.phone_digits) of the customer's live contacts, space-separated,
     * kept by triggers on contacts (migration 0043): the search box finds a customer by them
     * through the customers' own trigram index, reading no contact (see searchOf).
     */
    contactPhoneDigits: text('contact_phone_digits').notNull().default(''),
    industryCode: text('industry_code').references(() => industries.code),
    employeeSize: text('employee_size').$type<EmployeeSizeRange>(),
    annualRevenue: text('annual_revenue').$type<AnnualRevenueRange>(),
    creditCode: text('credit_code'),
    provinceCode: text('province_code'),
    cityCode: text('city_code'),
    districtCode: text('district_code'),
    address: text('address'),
    region: text('region').$type<SalesRegion>(),
    sourceChannel: text('source_channel'),
    sourceDetail: text('source_detail'),
    firstContactDate: date('first_contact_date'),
    stage: text('stage').$type<LifecycleStage>().notNull().default('potential'),
    /** 意向等级 A/B/C: taken from the lead on conversion, then kept up to date by the owner. */
    grade: text('grade').$type<LeadGrade>(),
    needs: text('needs'),
    decisionChain: jsonb('decision_chain').$type<DecisionMaker[]>().notNull().default([]),
    /** Sensitive (budget and decision notes): hidden from roles without the right. */
    budgetNotes: text('budget_notes'),
    decisionNotes: text('decision_notes'),
    /** Null = in the public pool (公海). */
    ownerId: uuid('owner_id').references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
    lastFollowUpAt: timestamp('last_follow_up_at', { withTimezone: true }),
    poolEnteredAt: timestamp('pool_entered_at', { withTimezone: true }),
    /** When the current owner took it (create, claim or assignment): reclaiming counts from here at the earliest. */
    ownedSince: timestamp('owned_since', { withTimezone: true }),
    /**
     * 客户价值: totals of the customer's paid orders (paid, shipped, delivered or completed),
     * kept by the orders module in the transaction of each order change. More than one paid
     * order = repurchase (复购).
     */
    lifetimeValueFen: bigint('lifetime_value_fen', { mode: 'number' }).notNull().default(0),
    paidOrderCount: integer('paid_order_count').notNull().default(0),
    firstPaidAt: timestamp('first_paid_at', { withTimezone: true }),
    /** When the latest paid order was paid (kept with the figures above). */
    lastPaidAt: timestamp('last_paid_at', { withTimezone: true }),
    /**
     * 来源活动: the campaign that first brought the customer (first touch), from the lead it was
     * converted from; opportunities of the customer inherit it.
     */
    campaignId: uuid('campaign_id').references(() => campaigns.id),
    /** Set on a merged-away record: the tombstone points to the survivor. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => customers.id),
  },
  (t) => [
    // A merged-away record is a tombstone (deleted too), so the lists' `deleted_at is null`, which
    // their partial indexes imply, also leaves out merged records without reading a row for it.
    check('customers_merged_deleted_ck', sql`${t.mergedIntoId} is null or ${t.deletedAt} is not null`),
    uniqueIndex('customers_number_uq').on(t.number),
    // The search box matches numbers by prefix or fragment and legacy numbers by prefix
    // (customers.queries.ts searchOf): a trigram index and a text_pattern_ops btree serve those
    // under any database collation (a plain btree serves LIKE 'prefix%' only under C).
    // The numbers' trigram index is on the number without its separators (migration 0041,
    // customers.queries.ts numberMatch), which drizzle cannot declare.
    index('customers_legacy_number_idx').on(t.legacyNumber.op('text_pattern_ops')).where(sql`${t.legacyNumber} is not null`),
    uniqueIndex('customers_credit_code_uq').on(t.creditCode).where(sql`${t.deletedAt} is null and ${t.creditCode} is not null`),
    // A salesperson's customers lie one per heap page (~4,800 pages at a million customers), so
    // their lists, counts and search walks read them from this index alone: it carries every
    // column the list's filters, sort orders and search walk use (key columns after the id,
    // which is unique, are never compared; drizzle has no INCLUDE). 2.7× the size of (owner,
    // created, id). The department index was tried the same way and kept narrow: a manager's
    // lists and searches gained little (docs/benchmarks.md, issue 16 stop 31). The initials and
    // the number for the search (its name, initials and number branches, and the number sort).
    index('customers_owner_idx')
      .on(t.ownerId, t.createdAt, t.id, t.mergedIntoId, t.kind, t.stage, t.grade, t.industryCode, t.region, t.sourceChannel, t.lastFollowUpAt, t.updatedAt, t.name, t.legacyNumber, t.nameInitials, t.number)
      .where(sql`${t.deletedAt} is null`),
    index('customers_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('customers_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    // The list's other sort orders, so a page is read in order instead of sorting every match.
    index('customers_updated_idx').on(t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
    // The name order also carries the scope's and the filters' columns (after the id, never
    // compared): a list sorted by name whose filters are common walks it testing them on the
    // index entries and reads the table only for the entries that pass. A manager's grade A +
    // trade show by name at a million: 701 pages read instead of 10,359 (92 ms from the OS
    // cache on Debian's 128 MB of buffers), for 21 rows.
    index('customers_name_sort_idx')
      .on(t.name, t.id, t.ownerId, t.departmentId, t.kind, t.stage, t.grade, t.industryCode, t.region, t.sourceChannel, t.lastFollowUpAt, t.createdAt)
      .where(sql`${t.deletedAt} is null`),
    index('customers_number_sort_idx').on(t.number, t.id).where(sql`${t.deletedAt} is null`),
    // The list's most selective filters (issue 16): for a rare pair (region + industry with a
    // few hundred matches or fewer) PostgreSQL reads the matches through one of these and sorts
    // them, instead of walking a sort order's index past most of the table; common pairs still
    // walk the sort index and stop at a page. With the id, their matches' ids are read from
    // the index alone, to be merged with a tag's (see taggedAmong). All of them are partial on `deleted_at is null`,
    // as the scope's: PostgreSQL never ANDs the bitmaps of two indexes sharing a predicate.
    // Without it (tried at 1,000,000) it ANDed a salesperson's 4,770 customers with a source
    // channel's 125,000 (12 ms for the bitmap alone, 63 ms a list against 18) and a manager's
    // departments with an industry word's bigrams (240 ms against 55).
    // Stage, grade and kind have too few values to be worth an index of their own.
    index('customers_industry_idx').on(t.industryCode, t.id).where(sql`${t.deletedAt} is null`),
    index('customers_region_idx').on(t.region, t.id).where(sql`${t.deletedAt} is null`),
    index('customers_source_channel_idx').on(t.sourceChannel, t.id).where(sql`${t.deletedAt} is null`),
    index('customers_campaign_idx').on(t.campaignId).where(sql`${t.deletedAt} is null and ${t.campaignId} is not null`),
    index('customers_pool_idx').on(t.poolEnteredAt).where(sql`${t.deletedAt} is null and ${t.ownerId} is null`),
  ],
);

export const customerTags = pgTable(
  'customer_tags',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.tagId] }), index('customer_tags_tag_customer_idx').on(t.tagId, t.customerId)],
);

/** 协作人: users who share a customer without owning it; they see it as if it were theirs. */
export const customerCollaborators = pgTable(
  'customer_collaborators',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.userId] }), index('customer_collaborators_user_idx').on(t.userId)],
);

/** 联系人: always belongs to exactly one customer and is visible exactly when it is. */
export const contacts = pgTable(
  'contacts',
  {
    ...businessColumns(),
    ...softDelete(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull().default(''),
    nameInitials: text('name_initials').notNull().default(''),
    title: text('title'),
    department: text('department'),
    /** E.164, e.g. +8613812345678; the first is the main number. */
    phones: text('phones').array().notNull().default(sql`'{}'::text[]`),
    /** Digits of every phone, as searched ("any 4+ consecutive digits"), see phoneDigitsForSearch. */
    phoneDigits: text('phone_digits').notNull().default(''),
    email: text('email'),
    wechat: text('wechat'),
    isPrimary: boolean('is_primary').notNull().default(false),
    birthday: date('birthday'),
    notes: text('notes'),
  },
  (t) => [
    index('contacts_customer_idx').on(t.customerId).where(sql`${t.deletedAt} is null`),
    index('contacts_phones_idx').using('gin', t.phones),
    index('contacts_email_idx').on(sql`lower(${t.email})`),
  ],
);

/** Claims from the public pool, counted against the daily claim limit. */
export const customerClaims = pgTable(
  'customer_claims',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('customer_claims_user_at_idx').on(t.userId, t.at)],
);
