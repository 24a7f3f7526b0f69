import { z } from 'zod';
import { rfmClassSchema } from './customer-value.ts';
import { isoDateTime, listQuery, versioned, isoDate } from './common.ts';
import {
  annualRevenueSchema,
  customerKindSchema,
  employeeSizeSchema,
  industryCodeSchema,
  leadChannelSchema,
  leadGradeSchema,
  lifecycleStageSchema,
  salesRegionSchema,
} from './vocabulary.ts';

/** Request and response shapes of the customer API (the vocabularies are in customers.ts). */

export const CUSTOMER_SENSITIVE_FIELDS = ['budgetNotes', 'decisionNotes'] as const;

const divisionCode = z.string().regex(/^\d{6}$/, { message: 'validation.divisionCode' });

export const decisionMaker = z.object({
  name: z.string().trim().min(1).max(50),
  title: z.string().trim().max(50).nullable().default(null),
  role: z.string().trim().max(50).nullable().default(null).meta({ description: 'e.g. 决策人, 影响人, 使用人, 采购' }),
});

export const customer = z
  .object({
    id: z.uuid(),
    number: z.string(),
    legacyNumber: z.string().nullable().meta({ description: 'The number it had in the sheet it was imported from, when that could not be its number' }),
    kind: customerKindSchema,
    name: z.string(),
    industryCode: z.string().nullable(),
    employeeSize: employeeSizeSchema.nullable(),
    annualRevenue: annualRevenueSchema.nullable(),
    creditCode: z.string().nullable(),
    provinceCode: z.string().nullable(),
    cityCode: z.string().nullable(),
    districtCode: z.string().nullable(),
    /** Province / city / district names of the codes, for display. */
    divisionPath: z.string().nullable(),
    address: z.string().nullable(),
    region: salesRegionSchema.nullable(),
    sourceChannel: leadChannelSchema.nullable(),
    sourceDetail: z.string().nullable(),
    firstContactDate: isoDate.nullable(),
    stage: lifecycleStageSchema,
    grade: leadGradeSchema.nullable(),
    needs: z.string().nullable(),
    decisionChain: z.array(decisionMaker),
    budgetNotes: z.string().nullable().optional().meta({ description: 'Sensitive: omitted for roles without the sensitive-field right' }),
    decisionNotes: z.string().nullable().optional().meta({ description: 'Sensitive: omitted for roles without the sensitive-field right' }),
    ownerId: z.uuid().nullable().meta({ description: 'null: in the public pool' }),
    ownerName: z.string().nullable(),
    departmentId: z.uuid().nullable(),
    departmentName: z.string().nullable(),
    collaboratorIds: z.array(z.uuid()),
    tags: z.array(z.object({ id: z.uuid(), name: z.string(), color: z.string() })),
    lastFollowUpAt: isoDateTime.nullable(),
    lifetimeValueFen: z.number().int().meta({ description: 'Total of its paid (and later) orders in CNY, in fen; recomputed on every order change that affects it' }),
    paidOrderCount: z.number().int().meta({ description: 'Orders paid, shipped, delivered or completed' }),
    repurchase: z.boolean().meta({ description: '复购: more than one paid order' }),
    lastPaidAt: isoDateTime.nullable().meta({ description: 'When the latest paid order was paid' }),
    rfmClass: rfmClassSchema.meta({ description: '客户价值分层 (RFM class): none until the first paid order' }),
    campaignId: z.uuid().nullable().meta({ description: '来源活动: the campaign that first brought the customer (from the lead it was converted from)' }),
    campaignName: z.string().nullable(),
    mergedIntoId: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof customer>;

/**
 * What a list row carries (GET /customers, the pool): every column the list's column settings
 * and the customer export offer, with the owner's and department's names and the version for
 * actions from the list (assign). The detail (GET /customers/{id}) has the whole record: the
 * decision chain, collaborators, order totals, the legacy number and the city and district codes
 * are only there. Serialising whole records was most of a list request's time above its SQL.
 */
export const CUSTOMER_LIST_FIELDS = [
  'id', 'number', 'kind', 'name', 'industryCode', 'employeeSize', 'annualRevenue', 'creditCode', 'provinceCode', 'divisionPath', 'address',
  'region', 'sourceChannel', 'sourceDetail', 'firstContactDate', 'stage', 'grade', 'needs', 'budgetNotes', 'decisionNotes',
  'ownerId', 'ownerName', 'departmentId', 'departmentName', 'tags', 'lastFollowUpAt', 'createdAt', 'updatedAt', 'version',
] as const satisfies readonly (keyof Customer)[];

export const customerListRow = customer
  .pick(Object.fromEntries(CUSTOMER_LIST_FIELDS.map((k) => [k, true])) as { [K in (typeof CUSTOMER_LIST_FIELDS)[number]]: true })
  .meta({ id: 'CustomerListRow', description: 'A customer as lists show and export it; GET /customers/{id} has the whole record' });
export type CustomerListRow = z.infer<typeof customerListRow>;

const editable = {
  kind: customerKindSchema,
  name: z.string().trim().min(2).max(100).meta({ description: 'Full registered name, no abbreviations' }),
  industryCode: industryCodeSchema.nullable(),
  employeeSize: employeeSizeSchema.nullable(),
  annualRevenue: annualRevenueSchema.nullable(),
  creditCode: z.string().trim().max(30).nullable().meta({ description: '统一社会信用代码, checked per GB 32100-2015' }),
  provinceCode: divisionCode.nullable(),
  cityCode: divisionCode.nullable(),
  districtCode: divisionCode.nullable(),
  address: z.string().trim().max(200).nullable(),
  sourceChannel: leadChannelSchema.nullable(),
  sourceDetail: z.string().trim().max(200).nullable(),
  firstContactDate: isoDate.nullable(),
  stage: lifecycleStageSchema,
  grade: leadGradeSchema.nullable(),
  needs: z.string().trim().max(5000).nullable(),
  decisionChain: z.array(decisionMaker).max(30),
  budgetNotes: z.string().trim().max(2000).nullable(),
  decisionNotes: z.string().trim().max(2000).nullable(),
  tagIds: z.array(z.uuid()).max(30),
  collaboratorIds: z.array(z.uuid()).max(30),
};

const editableFields = z.object(editable);

export const createCustomerBody = editableFields.partial().extend({
  kind: editable.kind.default('company'),
  name: editable.name,
  ownerId: z.uuid().nullable().optional().meta({ description: 'Default: the caller. Another user, or null (public pool), needs customer:assign' }),
  force: z.boolean().default(false).meta({ description: 'Create although a strong duplicate exists (needs forceReason; audited)' }),
  forceReason: z.string().trim().min(2).max(200).optional(),
});

export const updateCustomerBody = editableFields.partial().extend(versioned.shape);

export const CUSTOMER_SORTS = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'name', '-name', 'number', '-number'] as const;

/** `a,b,c` of ids in a query string, as a list (query strings carry lists this way, see docs/api.md). */
export function uuidList(max: number) {
  return z
    .string()
    .max(max * 40)
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.uuid()).max(max));
}

/** The list filters, shared by the list, the pool, the export and saved views. */
export const customerFilters = z.object({
  q: z.string().trim().max(100).optional().meta({ description: 'Name part (2+ characters), number or its start, contact name, e-mail, 4+ phone digits, full pinyin from the start or pinyin initials anywhere' }),
  kind: customerKindSchema.optional(),
  stage: lifecycleStageSchema.optional(),
  grade: leadGradeSchema.optional(),
  industryCode: industryCodeSchema.optional(),
  region: salesRegionSchema.optional(),
  sourceChannel: leadChannelSchema.optional(),
  ownerId: z.uuid().optional(),
  departmentId: z.uuid().optional().meta({ description: 'This department and its sub-departments' }),
  tagId: z.uuid().optional().meta({ description: 'Has this tag (kept for old links; see tagIds)' }),
  tagIds: uuidList(20).optional().meta({ description: 'Comma-separated tag ids' }),
  tagMatch: z.enum(['any', 'all']).default('any').meta({ description: 'Whether a customer needs any or all of tagIds' }),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional().meta({ description: 'Inclusive' }),
  lastFollowUpFrom: isoDate.optional(),
  lastFollowUpTo: isoDate.optional().meta({ description: 'Inclusive' }),
  noFollowUpDays: z.coerce.number().int().min(1).max(3650).optional().meta({ description: 'No follow-up (or never one since creation) for at least this many days' }),
  needsFollowUp: z.enum(['true']).optional().meta({ description: 'Owned customers past the follow-up cadence of their grade (跟进策略)' }),
  rfmClass: rfmClassSchema.optional().meta({ description: '客户价值分层: customers of this RFM class' }),
});
export type CustomerFilters = z.infer<typeof customerFilters>;

export const listCustomersQuery = listQuery.extend(customerFilters.shape).extend({
  sort: z.enum(CUSTOMER_SORTS).default('-createdAt'),
});

export const duplicateCheckBody = z
  .object({
    name: z.string().trim().max(100).optional(),
    phone: z.string().trim().max(40).optional(),
    email: z.string().trim().max(200).optional(),
    creditCode: z.string().trim().max(30).optional(),
    excludeId: z.uuid().optional().meta({ description: 'The customer being edited, so it does not match itself' }),
  })
  .meta({ id: 'DuplicateCheck' });

export const DUPLICATE_REASONS = ['credit_code', 'name', 'similar_name', 'phone', 'email'] as const;
export const duplicateCandidate = z.object({
  /** Null when the match lies outside the caller's data scope: only its existence is told. */
  id: z.uuid().nullable(),
  number: z.string().nullable(),
  name: z.string().nullable(),
  ownerName: z.string().nullable(),
  ownedBySomeoneElse: z.boolean(),
  score: z.number(),
  /** How alike the names are (1 = the same after normalisation), null when no name was compared. */
  nameScore: z.number().nullable(),
  reasons: z.array(z.enum(DUPLICATE_REASONS)),
  strong: z.boolean().meta({ description: 'Strong enough that creating needs force' }),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidate>;
export const duplicateCheckResponse = z.object({ items: z.array(duplicateCandidate) });

export const customerIdParams = z.object({ customerId: z.uuid() });

export const assignCustomerBody = z.object({
  ownerId: z.uuid().nullable().meta({ description: 'null returns the customer to the public pool' }),
  version: z.number().int().min(1),
});

/** Fields whose value the user picks, survivor or merged, when merging two customers. */
export const MERGEABLE_FIELDS = [
  'name', 'kind', 'industryCode', 'employeeSize', 'annualRevenue', 'creditCode', 'provinceCode', 'address',
  'sourceChannel', 'sourceDetail', 'firstContactDate', 'stage', 'grade', 'needs', 'decisionChain', 'budgetNotes', 'decisionNotes', 'ownerId',
] as const;
export type MergeableField = (typeof MERGEABLE_FIELDS)[number];

export const mergeCustomersBody = z.object({
  survivorId: z.uuid(),
  mergedId: z.uuid(),
  /** For each field, which record's value to keep; unnamed fields keep the survivor's. `provinceCode` carries the whole address path. */
  take: z.partialRecord(z.enum(MERGEABLE_FIELDS), z.enum(['survivor', 'merged'])).default({}),
});
