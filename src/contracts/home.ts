import { z } from 'zod';

/** One salesperson's follow-up backlog: owned customers and open leads past their follow-up cadence. */
export const repFollowUpsDue = z
  .object({
    ownerId: z.uuid(),
    ownerName: z.string(),
    customersDue: z.number().int(),
    leadsDue: z.number().int(),
  })
  .meta({ id: 'RepFollowUpsDue' });
export type RepFollowUpsDue = z.infer<typeof repFollowUpsDue>;

export const teamPipelineStage = z
  .object({
    stageId: z.uuid(),
    key: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    count: z.number().int(),
    amountFen: z.number().int().meta({ description: 'Sum of the open opportunities in CNY, in fen' }),
  })
  .meta({ id: 'TeamPipelineStage' });
export type TeamPipelineStage = z.infer<typeof teamPipelineStage>;

/**
 * 团队概况 on a manager's home page, within the caller's data scope. A figure the caller may not
 * read (no `lead:read`, `customer:read` or `opportunity:read`) is null.
 */
export const teamHome = z
  .object({
    leadsPastSla: z
      .object({ count: z.number().int().meta({ description: 'Open, unassigned A leads whose 24-hour assignment deadline has passed' }) })
      .nullable(),
    followUpsDue: z.array(repFollowUpsDue).nullable().meta({ description: 'Per owner with at least one customer or lead past its cadence, most first' }),
    pipeline: z.array(teamPipelineStage).nullable().meta({ description: 'Open opportunities per active open stage, in stage order' }),
    wonThisMonth: z
      .object({
        month: z.string().meta({ description: 'YYYY-MM in the business time zone' }),
        count: z.number().int(),
        amountFen: z.number().int().meta({ description: 'In CNY, in fen' }),
      })
      .nullable(),
  })
  .meta({ id: 'TeamHome' });
export type TeamHome = z.infer<typeof teamHome>;
