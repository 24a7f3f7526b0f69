import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { FormField, FormStatus, SubmissionOutcome } from '../../../contracts/lead-forms.ts';
import { campaigns } from './campaigns.table.ts';
import { businessColumns, softDelete } from './columns.ts';
import { leads } from './leads.table.ts';
import { departments, users } from './org.table.ts';

/** 表单获客: a web-to-lead form, public at /f/<slug> once published. */
export const leadForms = pgTable(
  'lead_forms',
  {
    ...businessColumns(),
    ...softDelete(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    fields: jsonb('fields').$type<FormField[]>().notNull(),
    channel: text('channel').notNull(),
    campaignId: uuid('campaign_id').references(() => campaigns.id),
    consentText: text('consent_text'),
    thankYouMessage: text('thank_you_message').notNull(),
    redirectUrl: text('redirect_url'),
    allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default([]),
    status: text('status').$type<FormStatus>().notNull().default('draft'),
    /** Whose scope the leads are registered in (and who sees the form): the creator, their department. */
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
  },
  (t) => [
    // A slug names one form for good: a deleted form's address is not handed to another.
    uniqueIndex('lead_forms_slug_uq').on(t.slug),
    index('lead_forms_owner_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('lead_forms_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('lead_forms_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
  ],
);

/**
 * Every submission, accepted or not: the form's statistics, the per-address rate limit (by a keyed
 * hash of the address, not the address) and what happened to it.
 */
export const leadFormSubmissions = pgTable(
  'lead_form_submissions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    formId: uuid('form_id')
      .notNull()
      .references(() => leadForms.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    ipKey: text('ip_key').notNull(),
    outcome: text('outcome').$type<SubmissionOutcome>().notNull(),
    reason: text('reason'),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    contactName: text('contact_name'),
  },
  (t) => [index('lead_form_submissions_form_idx').on(t.formId, t.at), index('lead_form_submissions_ip_idx').on(t.ipKey, t.at)],
);
