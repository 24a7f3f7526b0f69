import { z } from 'zod';
import { RFM_CLASSES } from './customer-value.ts';
import { isoDate, isoDateTime, listQuery, versioned } from './common.ts';
import { CUSTOMER_KINDS, LEAD_GRADES, LEAD_STATUSES, LIFECYCLE_STAGES, SALES_REGIONS, type Label } from './vocabulary.ts';

/**
 * 客户分群: segments over customers, contacts or leads. A dynamic segment is a condition tree
 * (AND/OR groups of conditions on the fields below), evaluated whenever it is counted or used,
 * always within the data scope of whoever uses it. A static list (静态名单) is a fixed set of
 * records: a snapshot of a segment or records picked by hand.
 */

export const SEGMENT_ENTITIES = ['customer', 'contact', 'lead'] as const;
export type SegmentEntity = (typeof SEGMENT_ENTITIES)[number];
export const SEGMENT_ENTITY_LABELS: Record<SegmentEntity, Label> = {
  customer: { 'zh-CN': '客户', en: 'Customers' },
  contact: { 'zh-CN': '联系人', en: 'Contacts' },
  lead: { 'zh-CN': '线索', en: 'Leads' },
};

export const SEGMENT_KINDS = ['dynamic', 'static'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];
export const SEGMENT_KIND_LABELS: Record<SegmentKind, Label> = {
  dynamic: { 'zh-CN': '动态分群', en: 'Dynamic segment' },
  static: { 'zh-CN': '静态名单', en: 'Static list' },
};

/**
 * What a field holds decides the operators it takes and the value they need:
 * - `enum`, `industry`, `channel`, `province`, `user`, `department`, `campaign`: a list of keys or ids;
 * - `tags`: tag ids; `date`: YYYY-MM-DD days (business time zone) or a number of days;
 * - `number`, `money` (fen): integers; `boolean`: true or false.
 */
export const FIELD_TYPES = ['enum', 'industry', 'channel', 'province', 'user', 'department', 'tags', 'date', 'number', 'money', 'boolean', 'campaign'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const SEGMENT_OPERATORS = [
  'in',
  'notIn',
  'isEmpty',
  'isNotEmpty',
  'hasAny',
  'hasAll',
  'hasNone',
  'before',
  'after',
  'between',
  'withinLastDays',
  'notWithinLastDays',
  'eq',
  'gte',
  'lte',
  'is',
  'memberOf',
  'notMemberOf',
  'opened',
  'clicked',
  'responded',
] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

export const OPERATORS_OF_TYPE: Record<FieldType, readonly SegmentOperator[]> = {
  enum: ['in', 'notIn', 'isEmpty', 'isNotEmpty'],
  industry: ['in', 'notIn', 'isEmpty', 'isNotEmpty'],
  channel: ['in', 'notIn', 'isEmpty', 'isNotEmpty'],
  province: ['in', 'notIn', 'isEmpty', 'isNotEmpty'],
  user: ['in', 'notIn', 'isEmpty', 'isNotEmpty'],
  department: ['in', 'notIn'],
  tags: ['hasAny', 'hasAll', 'hasNone'],
  date: ['before', 'after', 'between', 'withinLastDays', 'notWithinLastDays', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'gte', 'lte', 'between'],
  money: ['gte', 'lte', 'between'],
  boolean: ['is'],
  campaign: ['memberOf', 'notMemberOf', 'opened', 'clicked', 'responded'],
};

export interface SegmentField {
  key: string;
  type: FieldType;
  label: Label;
  /** For `enum`: the values it takes. */
  values?: readonly string[];
  /** Purchase and campaign facts, shown apart in the builder. */
  group: 'record' | 'purchase' | 'campaign';
}

const f = (key: string, type: FieldType, zh: string, en: string, group: SegmentField['group'] = 'record', values?: readonly string[]): SegmentField => ({
  key,
  type,
  label: { 'zh-CN': zh, en },
  group,
  ...(values ? { values } : {}),
});

const CUSTOMER_RECORD: SegmentField[] = [
  f('kind', 'enum', '客户类型', 'Kind', 'record', CUSTOMER_KINDS),
  f('stage', 'enum', '生命周期阶段', 'Lifecycle stage', 'record', LIFECYCLE_STAGES),
  f('grade', 'enum', '客户等级', 'Grade', 'record', LEAD_GRADES),
  f('industryCode', 'industry', '所属行业', 'Industry'),
  f('region', 'enum', '销售大区', 'Sales region', 'record', SALES_REGIONS),
  f('provinceCode', 'province', '省份', 'Province'),
  f('sourceChannel', 'channel', '来源渠道', 'Source channel'),
  f('ownerId', 'user', '负责人', 'Owner'),
  f('departmentId', 'department', '所属部门', 'Department'),
  f('tags', 'tags', '标签', 'Tags'),
  f('createdAt', 'date', '创建时间', 'Created'),
  f('lastFollowUpAt', 'date', '最近跟进时间', 'Last follow-up'),
  f('needsFollowUp', 'boolean', '待跟进', 'Needs follow-up'),
];

const CUSTOMER_PURCHASE: SegmentField[] = [
  f('paidOrderCount', 'number', '成交订单数', 'Paid orders', 'purchase'),
  f('lifetimeValueFen', 'money', '累计成交金额', 'Total paid', 'purchase'),
  f('firstPaidAt', 'date', '首次成交时间', 'First paid order', 'purchase'),
  f('repurchase', 'boolean', '复购客户', 'Repurchased', 'purchase'),
  f('lastPaidAt', 'date', '最近成交时间', 'Last paid order', 'purchase'),
  f('rfmClass', 'enum', '客户价值分层', 'RFM class', 'purchase', RFM_CLASSES),
];

const CAMPAIGN_FACT: SegmentField = f('campaign', 'campaign', '营销活动', 'Campaign', 'campaign');

/** The fields a segment of each entity may test; a contact is also tested on its customer's fields (`customer.<key>`). */
export const SEGMENT_FIELDS: Record<SegmentEntity, readonly SegmentField[]> = {
  customer: [...CUSTOMER_RECORD, ...CUSTOMER_PURCHASE, CAMPAIGN_FACT],
  contact: [
    f('hasEmail', 'boolean', '有邮箱', 'Has an e-mail'),
    f('hasMobile', 'boolean', '有手机号', 'Has a mobile number'),
    f('isPrimary', 'boolean', '主要联系人', 'Primary contact'),
    f('createdAt', 'date', '创建时间', 'Created'),
    ...[...CUSTOMER_RECORD, ...CUSTOMER_PURCHASE].map((c) => ({ ...c, key: `customer.${c.key}`, label: { 'zh-CN': `客户${c.label['zh-CN']}`, en: `Customer: ${c.label.en}` } })),
    CAMPAIGN_FACT,
  ],
  lead: [
    f('status', 'enum', '线索状态', 'Status', 'record', LEAD_STATUSES),
    f('grade', 'enum', '意向等级', 'Grade', 'record', LEAD_GRADES),
    f('channel', 'channel', '来源渠道', 'Channel'),
    f('region', 'enum', '销售大区', 'Sales region', 'record', SALES_REGIONS),
    f('provinceCode', 'province', '省份', 'Province'),
    f('industryCode', 'industry', '所属行业', 'Industry'),
    f('ownerId', 'user', '负责人', 'Owner'),
    f('departmentId', 'department', '所属部门', 'Department'),
    f('registeredAt', 'date', '登记时间', 'Registered'),
    f('lastFollowUpAt', 'date', '最近跟进时间', 'Last follow-up'),
    f('needsFollowUp', 'boolean', '待跟进', 'Needs follow-up'),
    f('hasEmail', 'boolean', '有邮箱', 'Has an e-mail'),
    f('hasPhone', 'boolean', '有电话', 'Has a phone'),
    CAMPAIGN_FACT,
  ],
};

export const MAX_SEGMENT_CONDITIONS = 50;
export const MAX_SEGMENT_DEPTH = 4;

export type SegmentCondition = { field: string; op: SegmentOperator; value?: unknown };
export type SegmentGroup = { match: 'all' | 'any'; conditions: (SegmentCondition | SegmentGroup)[] };

export const segmentCondition = z
  .object({
    field: z.string().max(60),
    op: z.enum(SEGMENT_OPERATORS),
    value: z.unknown().optional().meta({ description: 'What the operator needs: keys or ids (in, notIn, hasAny…, memberOf…: [] = any campaign), a day or [from, to] (before, after, between), days (withinLastDays), integers (eq, gte, lte, between: [min, max]), true/false (is)' }),
  })
  .strict()
  .meta({ id: 'SegmentCondition' });

// Recursive through a getter (zod 4): the OpenAPI document then refers to the group by its id.
export const segmentGroup = z
  .object({
    match: z.enum(['all', 'any']).meta({ description: 'all = AND, any = OR' }),
    get conditions(): z.ZodArray<z.ZodUnion<readonly [typeof segmentCondition, typeof segmentGroup]>> {
      return z.array(z.union([segmentCondition, segmentGroup])).max(MAX_SEGMENT_CONDITIONS);
    },
  })
  .strict()
  .meta({ id: 'SegmentGroup', description: 'The condition tree: groups of conditions, AND (all) or OR (any); an empty group matches every record' });

export const segmentDefinition = segmentGroup;

export const segment = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    entity: z.enum(SEGMENT_ENTITIES),
    kind: z.enum(SEGMENT_KINDS),
    definition: segmentDefinition.nullable().meta({ description: 'Dynamic segments only' }),
    shared: z.boolean().meta({ description: 'Offered to everyone who may read segments, each counting it in their own scope' }),
    recordCount: z.number().int().nullable().meta({ description: 'Static lists: the records in it (whoever may see them)' }),
    sourceSegmentId: z.uuid().nullable().meta({ description: 'A static list made as a snapshot: the segment it was taken from' }),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    departmentId: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Segment' });
export type Segment = z.infer<typeof segment>;

const name = z.string().trim().min(1).max(100);

export const createSegmentBody = z
  .object({
    name,
    description: z.string().trim().max(1000).nullable().optional(),
    entity: z.enum(SEGMENT_ENTITIES),
    kind: z.enum(SEGMENT_KINDS).default('dynamic'),
    definition: segmentDefinition.optional().meta({ description: 'Required for a dynamic segment' }),
    shared: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'CreateSegment' });

export const updateSegmentBody = versioned
  .extend({
    name: name.optional(),
    description: z.string().trim().max(1000).nullable().optional(),
    definition: segmentDefinition.optional(),
    shared: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'UpdateSegment' });

export const listSegmentsQuery = listQuery.extend({
  entity: z.enum(SEGMENT_ENTITIES).optional(),
  kind: z.enum(SEGMENT_KINDS).optional(),
  q: z.string().trim().max(100).optional(),
});

/** A definition to count or preview while it is edited (not saved). */
export const evaluateSegmentBody = z
  .object({ entity: z.enum(SEGMENT_ENTITIES), definition: segmentDefinition, limit: z.number().int().min(1).max(50).default(10) })
  .strict()
  .meta({ id: 'EvaluateSegment' });

export const segmentCount = z
  .object({ count: z.number().int(), tookMs: z.number().int().meta({ description: 'How long the count took on the server' }) })
  .meta({ id: 'SegmentCount' });

/** One record a segment matches, as the preview lists it. */
export const segmentRecord = z
  .object({
    id: z.uuid(),
    entity: z.enum(SEGMENT_ENTITIES),
    name: z.string(),
    number: z.string().nullable().meta({ description: 'Customer or lead number' }),
    companyName: z.string().nullable().meta({ description: 'A contact’s customer, a lead’s company' }),
    customerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'SegmentRecord' });
export type SegmentRecord = z.infer<typeof segmentRecord>;

export const segmentPreview = z
  .object({ count: z.number().int(), items: z.array(segmentRecord) })
  .meta({ id: 'SegmentPreview' });
export type SegmentPreview = z.infer<typeof segmentPreview>;

export const snapshotSegmentBody = z
  .object({ name, description: z.string().trim().max(1000).nullable().optional() })
  .strict()
  .meta({ id: 'SnapshotSegment' });

export const MAX_LIST_CHANGE = 5000;
export const listRecordsBody = z
  .object({ ids: z.array(z.uuid()).min(1).max(MAX_LIST_CHANGE) })
  .strict()
  .meta({ id: 'StaticListRecords' });
export const listRecordsResult = z
  .object({ changed: z.number().int(), unchanged: z.number().int(), notVisible: z.number().int() })
  .meta({ id: 'StaticListChange' });

/** Days of the business calendar a date condition names. */
export const dayValue = isoDate;
