import { z } from 'zod';
import { isoDateTime, listQuery } from './common.ts';

/**
 * Every `kind` published on the customer timeline (`<record>.<what>`), declared by the module that
 * publishes it (its manifest's `timelineKinds`, which also adds them here).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in the manifests
export interface TimelineKindRegistry {}
export type TimelineKind = Extract<keyof TimelineKindRegistry, string>;

/** The customer timeline (客户时间轴). */

// ------------------------------------------------------------------------------------------
// Timeline

export const timelineEntry = z
  .object({
    id: z.uuid(),
    kind: z.string().meta({ description: 'e.g. follow_up.logged, task.created, task.done, customer.stage_changed, customer.owner_changed, contact.added, lead.converted, customer.merged, feedback.created' }),
    occurredAt: isoDateTime,
    actorId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    entityType: z.string(),
    entityId: z.uuid(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const timelineQuery = listQuery.extend({
  kinds: z
    .string()
    .max(500)
    .optional()
    .meta({ description: 'Comma-separated kind prefixes, e.g. follow_up,task' }),
});
