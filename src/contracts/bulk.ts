import { z } from 'zod';
import { isoDateTime } from './common.ts';
import { CUSTOMER_SORTS, customerFilters } from './customers.ts';
import { LEAD_SORTS, listLeadsQuery } from './leads.ts';
import { LEAD_STATUSES, lifecycleStageSchema, type LeadStatus } from './vocabulary.ts';

/**
 * Bulk actions (批量操作) on the customer and lead lists: the selected rows (`ids`) or every row
 * the list's filters match (`filter`, evaluated on the server within the caller's data scope).
 * Each record goes through the single-record action with its rules; what cannot be done is
 * skipped and counted by reason. Up to the server's limit (500) the request does the work; above
 * it a job does, and `GET /bulk-jobs/{id}` shows its progress.
 */

/** Most records one bulk action may match by its filter. */
export const BULK_MAX_RECORDS = 100_000;
/** Most ids one bulk action may name (the web sends at most a page of them). */
export const BULK_MAX_IDS = 10_000;

export const BULK_ENTITIES = ['customer', 'lead'] as const;
export type BulkEntity = (typeof BULK_ENTITIES)[number];

export const BULK_CUSTOMER_ACTIONS = ['transfer', 'addTag', 'removeTag', 'release', 'setStage'] as const;
export type BulkCustomerAction = (typeof BULK_CUSTOMER_ACTIONS)[number];
export const BULK_LEAD_ACTIONS = ['transfer', 'setStatus'] as const;
export type BulkLeadAction = (typeof BULK_LEAD_ACTIONS)[number];
export type BulkAction = BulkCustomerAction | BulkLeadAction;

/** Statuses a bulk change may set: `converted` only comes from a conversion. */
export const BULK_LEAD_STATUSES = LEAD_STATUSES.filter((s): s is Exclude<LeadStatus, 'converted'> => s !== 'converted');

const ids = z
  .array(z.uuid())
  .min(1)
  .max(BULK_MAX_IDS)
  .optional()
  .meta({ description: 'The selected records. Give either ids or filter.' });

const customerSelection = {
  ids,
  filter: customerFilters
    .extend({ sort: z.enum(CUSTOMER_SORTS).optional() })
    .optional()
    .meta({ description: 'Every customer the list’s filters match (as GET /customers takes them), within the caller’s data scope' }),
};
const leadFilter = listLeadsQuery.omit({ limit: true, cursor: true, sort: true }).extend({ sort: z.enum(LEAD_SORTS).optional() });
const leadSelection = {
  ids,
  filter: leadFilter.optional().meta({ description: 'Every lead the list’s filters match (as GET /leads takes them), within the caller’s data scope' }),
};

export const bulkCustomersBody = z
  .discriminatedUnion('action', [
    z.object({ ...customerSelection, action: z.literal('transfer').meta({ description: '转移负责人 (customer:assign)' }), ownerId: z.uuid() }),
    z.object({ ...customerSelection, action: z.literal('addTag').meta({ description: '添加标签 (customer:update)' }), tagId: z.uuid() }),
    z.object({ ...customerSelection, action: z.literal('removeTag').meta({ description: '移除标签 (customer:update)' }), tagId: z.uuid() }),
    z.object({ ...customerSelection, action: z.literal('release').meta({ description: '放入公海 (customer:update; others’ customers need customer:assign)' }) }),
    z.object({ ...customerSelection, action: z.literal('setStage').meta({ description: '修改生命周期阶段 (customer:update)' }), stage: lifecycleStageSchema }),
  ])
  .meta({ id: 'BulkCustomersAction' });
export type BulkCustomersBody = z.infer<typeof bulkCustomersBody>;

export const bulkLeadsBody = z
  .discriminatedUnion('action', [
    z.object({ ...leadSelection, action: z.literal('transfer').meta({ description: '分配/转移负责人 (lead:assign)' }), ownerId: z.uuid() }),
    z.object({ ...leadSelection, action: z.literal('setStatus').meta({ description: '修改状态 (lead:update), by the allowed transitions' }), status: z.enum(BULK_LEAD_STATUSES) }),
  ])
  .meta({ id: 'BulkLeadsAction' });
export type BulkLeadsBody = z.infer<typeof bulkLeadsBody>;

export const bulkCustomerCountQuery = customerFilters;
export const bulkLeadCountQuery = leadFilter.omit({ sort: true });
export const bulkCount = z.object({ total: z.number().int().meta({ description: 'Records the filters match within the caller’s data scope' }) });

/** Records left alone for one reason, e.g. "不在您的数据范围内或已删除 × 3". */
export const bulkSkipReason = z.object({
  reason: z.string().meta({ description: 'Why, as a message key (bulk.outOfScope, bulk.unchanged, lead.transition, …)' }),
  message: z.string().meta({ description: 'Why, in the caller’s language' }),
  count: z.number().int(),
});
export type BulkSkipReason = z.infer<typeof bulkSkipReason>;

export const BULK_JOB_STATUSES = ['done', 'queued', 'running', 'succeeded', 'failed'] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];

/** The outcome of a bulk action, or (status queued/running) its progress so far. */
export const bulkResult = z
  .object({
    id: z.uuid().nullable().meta({ description: 'The job, when the action runs in the background (GET /bulk-jobs/{id}); null when the request did the work' }),
    entity: z.enum(BULK_ENTITIES),
    action: z.enum([...BULK_CUSTOMER_ACTIONS, ...BULK_LEAD_ACTIONS]),
    status: z.enum(BULK_JOB_STATUSES).meta({ description: 'done: finished in the request; queued/running/succeeded/failed: the job' }),
    total: z.number().int(),
    processed: z.number().int(),
    done: z.number().int().meta({ description: 'Records changed' }),
    skipped: z.number().int().meta({ description: 'Records left alone (reasons)' }),
    reasons: z.array(bulkSkipReason),
    failure: z.string().nullable().meta({ description: 'Why a job stopped, in the caller’s language' }),
    createdAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'BulkResult' });
export type BulkResult = z.infer<typeof bulkResult>;
