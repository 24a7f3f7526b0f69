import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { FormStatus, SubmissionOutcome } from '../../../contracts/lead-forms.ts';
import type { DbOrTx } from '../../db/client.ts';
import { campaigns, leadFormSubmissions, leadForms, leads, users } from '../../db/schema/index.ts';
import { ownerDepartmentRule, viewerScope, type RowLock, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';

/** A form is seen by its owner and, by data scope, the owner's department. */
export const leadFormScope: ScopeRule = ownerDepartmentRule(leadForms.ownerId, leadForms.departmentId, leadForms.deletedAt);

const stats = {
  submissions: sql<number>`(select count(*) from ${leadFormSubmissions} s where s.form_id = ${leadForms.id} and s.outcome <> 'rejected')::int`.mapWith(Number),
  leadsCreated: sql<number>`(select count(*) from ${leadFormSubmissions} s where s.form_id = ${leadForms.id} and s.outcome = 'created')::int`.mapWith(Number),
  lastSubmittedAt: sql<Date | null>`(select max(s.at) from ${leadFormSubmissions} s where s.form_id = ${leadForms.id} and s.outcome <> 'rejected')`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
};

function selectForms(db: DbOrTx) {
  return db
    .select({ form: leadForms, campaignName: campaigns.name, ownerName: users.displayName, ...stats })
    .from(leadForms)
    .leftJoin(campaigns, eq(campaigns.id, leadForms.campaignId))
    .leftJoin(users, eq(users.id, leadForms.ownerId));
}
export type FormRow = Awaited<ReturnType<ReturnType<typeof selectForms>['execute']>>[number];
export type FormValues = Partial<typeof leadForms.$inferInsert>;

export async function findForm(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<FormRow | null> {
  const query = selectForms(db).where(and(eq(leadForms.id, id), isNull(leadForms.deletedAt), viewerScope(viewer, leadFormScope))).limit(1);
  const [row] = await (lock ? query.for(lock, { of: leadForms }) : query);
  return row ?? null;
}

/** The form at a public address (any status: a closed form says so), without its statistics. */
export async function formBySlug(db: DbOrTx, slug: string) {
  const [row] = await db.select().from(leadForms).where(and(eq(leadForms.slug, slug), isNull(leadForms.deletedAt))).limit(1);
  return row ?? null;
}

export async function slugTaken(db: DbOrTx, slug: string, exceptId: string | null): Promise<boolean> {
  const [row] = await db.select({ id: leadForms.id }).from(leadForms).where(eq(leadForms.slug, slug)).limit(1);
  return !!row && row.id !== exceptId;
}

export const newestFormsFirst: SortKey = sortKey('-createdAt', { createdAt: { column: leadForms.createdAt, type: 'timestamptz' } });

export async function listForms(db: DbOrTx, opts: { viewer: Viewer; status?: FormStatus | undefined; campaignId?: string | undefined; cursor?: string | undefined; limit: number }) {
  return selectForms(db)
    .where(
      and(
        isNull(leadForms.deletedAt),
        viewerScope(opts.viewer, leadFormScope),
        opts.status ? eq(leadForms.status, opts.status) : undefined,
        opts.campaignId ? eq(leadForms.campaignId, opts.campaignId) : undefined,
        afterCursor(newestFormsFirst, leadForms.id, opts.cursor),
      ),
    )
    .orderBy(...orderBy(newestFormsFirst, leadForms.id))
    .limit(opts.limit + 1);
}

export async function insertForm(db: DbOrTx, values: typeof leadForms.$inferInsert): Promise<void> {
  await db.insert(leadForms).values(values);
}

export async function updateForm(db: DbOrTx, id: string, version: number, values: FormValues): Promise<boolean> {
  const rows = await db
    .update(leadForms)
    .set({ ...values, version: sql`${leadForms.version} + 1` })
    .where(and(eq(leadForms.id, id), eq(leadForms.version, version), isNull(leadForms.deletedAt)))
    .returning({ id: leadForms.id });
  return rows.length > 0;
}

/** Submissions of one address since `since`: to this form, and to any form. */
export async function recentSubmissions(db: DbOrTx, formId: string, ipKey: string, formSince: Date, anySince: Date): Promise<{ toForm: number; toAny: number }> {
  const [row] = await db
    .select({
      toForm: sql<number>`count(*) filter (where ${leadFormSubmissions.formId} = ${formId} and ${leadFormSubmissions.at} >= ${formSince.toISOString()}::timestamptz)::int`.mapWith(Number),
      toAny: sql<number>`count(*)::int`.mapWith(Number),
    })
    .from(leadFormSubmissions)
    .where(and(eq(leadFormSubmissions.ipKey, ipKey), gte(leadFormSubmissions.at, anySince)));
  return row ?? { toForm: 0, toAny: 0 };
}

export async function insertSubmission(db: DbOrTx, values: { formId: string; at: Date; ipKey: string; outcome: SubmissionOutcome; reason?: string | null; leadId?: string | null; contactName?: string | null }): Promise<void> {
  await db.insert(leadFormSubmissions).values({ ...values, reason: values.reason ?? null, leadId: values.leadId ?? null, contactName: values.contactName ?? null });
}

export async function listSubmissions(db: DbOrTx, formId: string, limit: number) {
  return db
    .select({ submission: leadFormSubmissions, leadNumber: leads.number })
    .from(leadFormSubmissions)
    .leftJoin(leads, eq(leads.id, leadFormSubmissions.leadId))
    .where(eq(leadFormSubmissions.formId, formId))
    .orderBy(desc(leadFormSubmissions.at), desc(leadFormSubmissions.id))
    .limit(limit);
}
