import { z } from 'zod';
import { isoDateTime, listQuery, versioned, isoDate, isoMonth } from './common.ts';
import { currencySchema, fenSchema, lineItem, lineItemInput, STAGE_KINDS } from './sales.ts';

/**
 * 商机 and the pipeline (销售阶段): stages, opportunities with line items and stage history, the
 * kanban board, the funnel and the forecast.
 */

const text = (max: number) => z.string().trim().max(max);

// ------------------------------------------------------------------------------------------
// Pipeline stages

export const pipelineStage = z
  .object({
    id: z.uuid(),
    key: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    kind: z.enum(STAGE_KINDS),
    probability: z.number().int(),
    sortOrder: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'PipelineStage' });
export type PipelineStage = z.infer<typeof pipelineStage>;

const probability = z.number().int().min(0).max(100);

/** Admins add open stages only: the pipeline has exactly one won and one lost stage. */
export const createStageBody = z
  .object({ nameZh: text(30).min(1), nameEn: text(60).min(1), probability, sortOrder: z.number().int().min(0).max(100_000).optional() })
  .strict();

export const updateStageBody = versioned
  .extend({
    nameZh: text(30).min(1).optional(),
    nameEn: text(60).min(1).optional(),
    probability: probability.optional().meta({ description: 'Default probability of opportunities moved into the stage (won is 100 and lost 0, fixed)' }),
    sortOrder: z.number().int().min(0).max(100_000).optional(),
    active: z.boolean().optional().meta({ description: 'false retires an open stage; refused while open opportunities are in it' }),
  })
  .strict();

// ------------------------------------------------------------------------------------------
// Opportunities

export const stageChange = z
  .object({
    id: z.uuid(),
    fromStageId: z.uuid().nullable(),
    toStageId: z.uuid(),
    changedAt: isoDateTime,
    changedBy: z.uuid().nullable(),
    changedByName: z.string().nullable(),
    amountFen: z.number().int(),
    probability: z.number().int(),
    reason: z.string().nullable(),
    /** Time spent in `toStageId` until the next change (or until now while it is the current stage). */
    durationSeconds: z.number().int(),
  })
  .meta({ id: 'OpportunityStageChange' });
export type StageChange = z.infer<typeof stageChange>;

export const opportunity = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    customerName: z.string(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    name: z.string(),
    amountFen: z.number().int(),
    amountFromItems: z.boolean().meta({ description: 'true: the amount is the total of the line items' }),
    currency: currencySchema,
    stageId: z.uuid(),
    stageKind: z.enum(STAGE_KINDS),
    probability: z.number().int(),
    weightedFen: z.number().int().meta({ description: 'amount × probability, rounded half up' }),
    expectedCloseDate: isoDate.nullable(),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    departmentId: z.uuid().nullable(),
    sourceChannel: z.string().nullable(),
    campaignId: z.uuid().nullable().meta({ description: '来源活动 (first touch): picked, or inherited from the lead or the customer' }),
    campaignName: z.string().nullable(),
    leadId: z.uuid().nullable(),
    competitors: z.string().nullable(),
    nextStep: z.string().nullable(),
    description: z.string().nullable(),
    closeReason: z.string().nullable(),
    closedAt: isoDateTime.nullable(),
    stageChangedAt: isoDateTime,
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Opportunity' });
export type Opportunity = z.infer<typeof opportunity>;

export const opportunityDetail = opportunity
  .extend({ items: z.array(lineItem), stageHistory: z.array(stageChange), subtotalFen: z.number().int(), discountFen: z.number().int(), taxFen: z.number().int() })
  .meta({ id: 'OpportunityDetail' });
export type OpportunityDetail = z.infer<typeof opportunityDetail>;

const items = z.array(lineItemInput).max(200);

export const createOpportunityBody = z
  .object({
    customerId: z.uuid(),
    contactId: z.uuid().nullable().optional(),
    name: text(200).min(1),
    amountFen: fenSchema.optional().meta({ description: 'Required without line items; with items the amount is their total' }),
    currency: currencySchema.default('CNY'),
    stageId: z.uuid().optional().meta({ description: 'Default: the first open stage' }),
    probability: probability.optional().meta({ description: "Default: the stage's probability" }),
    expectedCloseDate: isoDate.nullable().optional(),
    ownerId: z.uuid().optional().meta({ description: 'Default: the caller; another owner needs opportunity:assign and must be in scope' }),
    sourceChannel: text(40).nullable().optional(),
    campaignId: z.uuid().nullable().optional().meta({ description: '来源活动. Default: the lead’s campaign, else the customer’s; null: none' }),
    leadId: z.uuid().nullable().optional(),
    competitors: text(500).nullable().optional(),
    nextStep: text(500).nullable().optional(),
    description: text(5000).nullable().optional(),
    closeReason: text(500).nullable().optional().meta({ description: 'Required when created as won or lost' }),
    items: items.optional(),
  })
  .strict();

export const updateOpportunityBody = versioned
  .extend({
    contactId: z.uuid().nullable().optional(),
    name: text(200).min(1).optional(),
    amountFen: fenSchema.optional().meta({ description: 'Only without line items' }),
    currency: currencySchema.optional(),
    probability: probability.optional(),
    expectedCloseDate: isoDate.nullable().optional(),
    ownerId: z.uuid().optional(),
    sourceChannel: text(40).nullable().optional(),
    campaignId: z.uuid().nullable().optional().meta({ description: '来源活动 (a campaign not cancelled); null removes it' }),
    competitors: text(500).nullable().optional(),
    nextStep: text(500).nullable().optional(),
    description: text(5000).nullable().optional(),
    items: items.optional().meta({ description: 'Replaces every line; [] removes them (the amount is then entered)' }),
  })
  .strict();

/** A move on the board (or from the detail page). */
export const moveStageBody = versioned
  .extend({
    stageId: z.uuid(),
    reason: text(500).optional().meta({ description: 'Why it was won or lost: required when moving to won or lost' }),
    probability: probability.optional().meta({ description: "Default: the new stage's probability" }),
  })
  .strict();

const sort = z.enum(['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'amountFen', '-amountFen']);

const scopeFilters = {
  ownerId: z.uuid().optional(),
  departmentId: z.uuid().optional().meta({ description: 'The department and its sub-departments' }),
  q: text(100).optional().meta({ description: 'Opportunity or customer name contains' }),
};

export const listOpportunitiesQuery = listQuery.extend({
  ...scopeFilters,
  customerId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  status: z.enum(STAGE_KINDS).optional().meta({ description: 'open, won or lost' }),
  closeFrom: isoDate.optional(),
  closeTo: isoDate.optional(),
  sort: sort.default('-updatedAt'),
});

// ------------------------------------------------------------------------------------------
// Board, funnel, forecast

export const currencyTotal = z.object({ currency: currencySchema, count: z.number().int(), amountFen: z.number().int(), weightedFen: z.number().int() });
export type CurrencyTotal = z.infer<typeof currencyTotal>;

export const boardQuery = z.object({
  ...scopeFilters,
  closedWithinDays: z.coerce.number().int().min(1).max(3650).default(30).meta({ description: 'Won and lost columns show opportunities closed within this many days' }),
  perStage: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * A card on the board: what the card shows and what a move needs (id, stage, version), without
 * the opportunity's long texts. A column of 50 cards then weighs a third of its full records.
 */
export const boardCard = opportunity
  .pick({
    id: true,
    customerId: true,
    customerName: true,
    name: true,
    amountFen: true,
    currency: true,
    stageId: true,
    stageKind: true,
    probability: true,
    weightedFen: true,
    expectedCloseDate: true,
    ownerId: true,
    ownerName: true,
    updatedAt: true,
    version: true,
  })
  .meta({ id: 'OpportunityCard' });
export type BoardCard = z.infer<typeof boardCard>;

export const boardColumn = z.object({
  stage: pipelineStage,
  totals: z.array(currencyTotal).meta({ description: 'Per currency: count, amount and weighted amount of every opportunity in the column' }),
  count: z.number().int(),
  items: z.array(boardCard).meta({ description: 'The most recently changed cards (perStage)' }),
});
export const board = z.object({ columns: z.array(boardColumn) }).meta({ id: 'OpportunityBoard' });
export type Board = z.infer<typeof board>;
export type BoardColumn = z.infer<typeof boardColumn>;

export const funnelQuery = z.object({
  ...scopeFilters,
  from: isoDate.optional().meta({ description: 'Opportunities created from this day (default: 12 months ago)' }),
  to: isoDate.optional(),
  currency: currencySchema.default('CNY'),
});
export const funnel = z
  .object({
    stages: z.array(
      z.object({
        stage: pipelineStage,
        reached: z.number().int().meta({ description: 'Opportunities that got to this stage or further (lost ones count up to where they were lost)' }),
        current: z.number().int().meta({ description: 'Opportunities in this stage now' }),
        amountFen: z.number().int().meta({ description: 'Amount of those in this stage now (in the currency asked)' }),
        conversionPercent: z.number().nullable().meta({ description: 'reached here ÷ reached at the previous stage' }),
      }),
    ),
    lost: z.number().int(),
    averageCycleDays: z.number().nullable().meta({ description: 'Average days from creation to won' }),
  })
  .meta({ id: 'OpportunityFunnel' });
export type Funnel = z.infer<typeof funnel>;

export const forecastQuery = z.object({
  ...scopeFilters,
  from: isoMonth
    .optional()
    .meta({ description: 'First month, YYYY-MM (default: this month)' }),
  months: z.coerce.number().int().min(1).max(24).default(6),
  currency: currencySchema.default('CNY'),
});
export const forecastRow = z.object({
  month: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string().nullable(),
  openCount: z.number().int(),
  pipelineFen: z.number().int().meta({ description: 'Open opportunities expected to close in the month' }),
  weightedFen: z.number().int().meta({ description: 'pipeline × probability, summed per opportunity' }),
  wonCount: z.number().int(),
  wonFen: z.number().int().meta({ description: 'Won in the month' }),
});
export const forecast = z
  .object({
    months: z.array(z.string()),
    rows: z.array(forecastRow),
    totals: z.array(forecastRow.omit({ ownerId: true, ownerName: true })),
  })
  .meta({ id: 'OpportunityForecast' });
export type Forecast = z.infer<typeof forecast>;
export type ForecastRow = z.infer<typeof forecastRow>;
