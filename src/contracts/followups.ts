import { z } from 'zod';
import { isoDateTime, listQuery, versioned } from './common.ts';

/** Follow-ups (跟进记录), the admin-maintained follow-up methods and the follow-up cadence (跟进策略). */

/** The built-in follow-up methods; admins may add more (catalog), so the API takes any code. */
export const BUILTIN_FOLLOW_UP_METHODS = ['phone', 'visit', 'email', 'online_meeting', 'demo', 'other'] as const;
const methodCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,29}$/, { message: 'validation.methodCode' });

const text = (max: number) => z.string().trim().max(max);

// ------------------------------------------------------------------------------------------
// Follow-up methods (跟进方式), an admin-maintained list like industries

export const followUpMethod = z
  .object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), sortOrder: z.number().int(), active: z.boolean(), version: z.number().int() })
  .meta({ id: 'FollowUpMethod' });
export type FollowUpMethod = z.infer<typeof followUpMethod>;

export const createFollowUpMethodBody = z
  .object({ code: methodCode, nameZh: text(30).min(1), nameEn: text(60).min(1), sortOrder: z.number().int().min(0).max(100_000).optional() })
  .strict();

/** The code is stored on every follow-up, so it never changes; a method is retired instead. */
export const updateFollowUpMethodBody = versioned
  .extend({ nameZh: text(30).min(1).optional(), nameEn: text(60).min(1).optional(), sortOrder: z.number().int().min(0).max(100_000).optional(), active: z.boolean().optional() })
  .strict();

export const followUpMethodParams = z.object({ code: methodCode });

// ------------------------------------------------------------------------------------------
// Follow-ups

export const followUp = z
  .object({
    id: z.uuid(),
    customerId: z.uuid().nullable(),
    customerName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    leadId: z.uuid().nullable(),
    leadNumber: z.string().nullable(),
    method: z.string(),
    happenedAt: isoDateTime,
    content: z.string(),
    feedback: z.string().nullable(),
    agreements: z.string().nullable(),
    openQuestions: z.string().nullable(),
    nextAction: z.string().nullable(),
    nextFollowUpAt: isoDateTime.nullable(),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    /** The task the next follow-up time created (null when none was set). */
    taskId: z.uuid().nullable(),
    attachmentCount: z.number().int(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'FollowUp' });
export type FollowUp = z.infer<typeof followUp>;

const followUpFields = {
  contactId: z.uuid().nullable(),
  method: methodCode,
  happenedAt: isoDateTime,
  content: text(5000).min(1),
  feedback: text(5000).nullable(),
  agreements: text(5000).nullable(),
  openQuestions: text(5000).nullable(),
  nextAction: text(500).nullable(),
  nextFollowUpAt: isoDateTime.nullable().meta({ description: 'Creates a task for the owner with a reminder, in the same transaction' }),
  /** Minutes before nextFollowUpAt the task reminds its assignee (default 15). */
  reminderMinutes: z.number().int().min(0).max(43_200).nullable(),
  ownerId: z.uuid().meta({ description: 'Default: the current user' }),
};

export const createFollowUpBody = z
  .object({
    customerId: z.uuid().optional().meta({ description: 'Required unless leadId is given (a lead not yet converted)' }),
    leadId: z.uuid().optional(),
    ...followUpFields,
    contactId: followUpFields.contactId.optional(),
    feedback: followUpFields.feedback.optional(),
    agreements: followUpFields.agreements.optional(),
    openQuestions: followUpFields.openQuestions.optional(),
    nextAction: followUpFields.nextAction.optional(),
    nextFollowUpAt: followUpFields.nextFollowUpAt.optional(),
    reminderMinutes: followUpFields.reminderMinutes.optional(),
    ownerId: followUpFields.ownerId.optional(),
  })
  .strict()
  .meta({ id: 'CreateFollowUp' });

export const updateFollowUpBody = z
  .object({
    contactId: followUpFields.contactId,
    method: followUpFields.method,
    happenedAt: followUpFields.happenedAt,
    content: followUpFields.content,
    feedback: followUpFields.feedback,
    agreements: followUpFields.agreements,
    openQuestions: followUpFields.openQuestions,
    nextAction: followUpFields.nextAction,
  })
  .partial()
  .extend(versioned.shape)
  .strict()
  .meta({ id: 'UpdateFollowUp' });

export const listFollowUpsQuery = listQuery.extend({
  customerId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  method: methodCode.optional(),
  from: isoDateTime.optional().meta({ description: 'happenedAt ≥ from' }),
  to: isoDateTime.optional().meta({ description: 'happenedAt < to' }),
});

// ------------------------------------------------------------------------------------------
// Follow-up cadence (跟进策略)

/** Days a customer or lead of a grade may go without a follow-up before it is flagged. */
export const cadenceSettings = z
  .object({
    A: z.number().int().min(1).max(365),
    B: z.number().int().min(1).max(365),
    C: z.number().int().min(1).max(365),
    /** Customers without a grade. */
    ungraded: z.number().int().min(1).max(365),
  })
  .meta({ id: 'FollowUpCadence' });
export type CadenceSettings = z.infer<typeof cadenceSettings>;
export const DEFAULT_CADENCE: CadenceSettings = { A: 7, B: 14, C: 30, ungraded: 30 };

/** The home page's follow-up counters for the current user. */
export const followUpSummary = z
  .object({
    tasks: z.object({ overdue: z.number().int(), today: z.number().int(), upcoming: z.number().int() }),
    customersDue: z.number().int().meta({ description: 'My customers past their follow-up cadence' }),
    leadsDue: z.number().int().meta({ description: 'My open leads past their follow-up cadence' }),
  })
  .meta({ id: 'FollowUpSummary' });
export type FollowUpSummary = z.infer<typeof followUpSummary>;
