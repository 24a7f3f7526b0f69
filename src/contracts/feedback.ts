import { z } from 'zod';
import { isoDateTime, listQuery, versioned } from './common.ts';

/** Customer feedback and requirements (客户反馈与需求). */

export const FEEDBACK_KINDS = ['requirement', 'suggestion', 'complaint', 'objection'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max);

// ------------------------------------------------------------------------------------------
// Feedback

export const feedback = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    customerName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    kind: z.enum(FEEDBACK_KINDS),
    title: z.string(),
    content: z.string().nullable(),
    status: z.enum(FEEDBACK_STATUSES),
    handlerId: z.uuid().nullable(),
    handlerName: z.string().nullable(),
    handlingNotes: z.string().nullable(),
    outcome: z.string().nullable(),
    resolvedAt: isoDateTime.nullable(),
    closedAt: isoDateTime.nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Feedback' });
export type Feedback = z.infer<typeof feedback>;

export const createFeedbackBody = z
  .object({
    customerId: z.uuid(),
    contactId: z.uuid().nullable().optional(),
    kind: z.enum(FEEDBACK_KINDS),
    title: text(200).min(1),
    content: text(5000).nullable().optional(),
    handlerId: z.uuid().nullable().optional(),
  })
  .strict()
  .meta({ id: 'CreateFeedback' });

export const updateFeedbackBody = z
  .object({
    kind: z.enum(FEEDBACK_KINDS),
    title: text(200).min(1),
    content: text(5000).nullable(),
    status: z.enum(FEEDBACK_STATUSES),
    handlerId: z.uuid().nullable(),
    handlingNotes: text(5000).nullable(),
    outcome: text(5000).nullable(),
  })
  .partial()
  .extend(versioned.shape)
  .strict()
  .meta({ id: 'UpdateFeedback' });

export const listFeedbackQuery = listQuery.extend({
  customerId: z.uuid().optional(),
  status: z.enum(FEEDBACK_STATUSES).optional(),
  kind: z.enum(FEEDBACK_KINDS).optional(),
  handlerId: z.uuid().optional(),
});
