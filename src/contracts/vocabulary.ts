import { z } from 'zod';
import { isoDateTime } from './common.ts';

/**
 * Shared vocabularies of customers and leads (issue 4). The server stores the keys, the web
 * shows the labels; both read this one file so a list is never declared twice.
 *
 * Labels are given in both UI languages here (rather than only in the web's locale files)
 * because exports and PDF documents rendered on the server need them too.
 */
export type Label = { readonly 'zh-CN': string; readonly en: string };

// ---------------------------------------------------------------------------------------------
// Customers

/** 公司客户 / 个人客户 */
export const CUSTOMER_KINDS = ['company', 'individual'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export const customerKindSchema = z.enum(CUSTOMER_KINDS);
export const CUSTOMER_KIND_LABELS: Record<CustomerKind, Label> = {
  company: { 'zh-CN': '公司客户', en: 'Company' },
  individual: { 'zh-CN': '个人客户', en: 'Individual' },
};

/** 生命周期阶段, in the order a customer normally moves through them. */
export const LIFECYCLE_STAGES = ['potential', 'intent', 'customer', 'lost'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const lifecycleStageSchema = z.enum(LIFECYCLE_STAGES);
export const LIFECYCLE_STAGE_LABELS: Record<LifecycleStage, Label> = {
  potential: { 'zh-CN': '潜在', en: 'Potential' },
  intent: { 'zh-CN': '意向', en: 'Intent' },
  customer: { 'zh-CN': '成交', en: 'Customer' },
  lost: { 'zh-CN': '流失', en: 'Lost' },
};

/**
 * Employee-size ranges (企业规模, 员工人数). Bounds are inclusive; `max: null` is open-ended.
 * The key is what is stored; it reads like the label so exports stay understandable.
 */
export const EMPLOYEE_SIZE_RANGES = [
  { key: '1-19', min: 1, max: 19, label: { 'zh-CN': '1-19人', en: '1–19' } },
  { key: '20-49', min: 20, max: 49, label: { 'zh-CN': '20-49人', en: '20–49' } },
  { key: '50-99', min: 50, max: 99, label: { 'zh-CN': '50-99人', en: '50–99' } },
  { key: '100-199', min: 100, max: 199, label: { 'zh-CN': '100-199人', en: '100–199' } },
  { key: '200-499', min: 200, max: 499, label: { 'zh-CN': '200-499人', en: '200–499' } },
  { key: '500-999', min: 500, max: 999, label: { 'zh-CN': '500-999人', en: '500–999' } },
  { key: '1000-4999', min: 1000, max: 4999, label: { 'zh-CN': '1000-4999人', en: '1,000–4,999' } },
  { key: '5000+', min: 5000, max: null, label: { 'zh-CN': '5000人及以上', en: '5,000+' } },
] as const;
export type EmployeeSizeRange = (typeof EMPLOYEE_SIZE_RANGES)[number]['key'];
export const EMPLOYEE_SIZE_KEYS = EMPLOYEE_SIZE_RANGES.map((r) => r.key) as [EmployeeSizeRange, ...EmployeeSizeRange[]];
export const employeeSizeSchema = z.enum(EMPLOYEE_SIZE_KEYS);

/**
 * Annual-revenue ranges (年营收) in yuan: `min` inclusive, `max` exclusive, `max: null` open.
 * Bounds follow the way Chinese sales teams talk about revenue (万 / 亿), e.g. the target
 * profile "年营收5000万-2亿" in the requirements is the `50m-200m` range.
 */
export const ANNUAL_REVENUE_RANGES = [
  { key: 'lt1m', min: 0, max: 1_000_000, label: { 'zh-CN': '100万以下', en: 'Under ¥1M' } },
  { key: '1m-5m', min: 1_000_000, max: 5_000_000, label: { 'zh-CN': '100万-500万', en: '¥1M–5M' } },
  { key: '5m-10m', min: 5_000_000, max: 10_000_000, label: { 'zh-CN': '500万-1000万', en: '¥5M–10M' } },
  { key: '10m-50m', min: 10_000_000, max: 50_000_000, label: { 'zh-CN': '1000万-5000万', en: '¥10M–50M' } },
  { key: '50m-200m', min: 50_000_000, max: 200_000_000, label: { 'zh-CN': '5000万-2亿', en: '¥50M–200M' } },
  { key: '200m-1b', min: 200_000_000, max: 1_000_000_000, label: { 'zh-CN': '2亿-10亿', en: '¥200M–1B' } },
  { key: '1b+', min: 1_000_000_000, max: null, label: { 'zh-CN': '10亿及以上', en: '¥1B and above' } },
] as const;
export type AnnualRevenueRange = (typeof ANNUAL_REVENUE_RANGES)[number]['key'];
export const ANNUAL_REVENUE_KEYS = ANNUAL_REVENUE_RANGES.map((r) => r.key) as [
  AnnualRevenueRange,
  ...AnnualRevenueRange[],
];
export const annualRevenueSchema = z.enum(ANNUAL_REVENUE_KEYS);

/** The range an exact head count falls into (for imports that carry a number), or null. */
export function employeeSizeFor(headCount: number): EmployeeSizeRange | null {
  if (!Number.isInteger(headCount) || headCount < 1) return null;
  return EMPLOYEE_SIZE_RANGES.find((r) => r.max === null || headCount <= r.max)?.key ?? null;
}

/** The range an exact revenue in yuan falls into (for imports that carry a number), or null. */
export function annualRevenueFor(yuan: number): AnnualRevenueRange | null {
  if (!Number.isFinite(yuan) || yuan < 0) return null;
  return ANNUAL_REVENUE_RANGES.find((r) => r.max === null || yuan < r.max)?.key ?? null;
}

/**
 * Sales regions (大区) of China. Every province-level division belongs to exactly one; the
 * mapping lives with the division data (server/modules/customers/regions).
 */
export const SALES_REGIONS = [
  'north',
  'northeast',
  'east',
  'central',
  'south',
  'southwest',
  'northwest',
  'hk_mo_tw',
] as const;
export type SalesRegion = (typeof SALES_REGIONS)[number];
export const salesRegionSchema = z.enum(SALES_REGIONS);
export const SALES_REGION_LABELS: Record<SalesRegion, Label> = {
  north: { 'zh-CN': '华北', en: 'North China' },
  northeast: { 'zh-CN': '东北', en: 'Northeast China' },
  east: { 'zh-CN': '华东', en: 'East China' },
  central: { 'zh-CN': '华中', en: 'Central China' },
  south: { 'zh-CN': '华南', en: 'South China' },
  southwest: { 'zh-CN': '西南', en: 'Southwest China' },
  northwest: { 'zh-CN': '西北', en: 'Northwest China' },
  hk_mo_tw: { 'zh-CN': '港澳台', en: 'Hong Kong, Macao and Taiwan' },
};

/**
 * 大区 of each province, by the first two digits of a division code (GB/T 2260). Here rather
 * than with the division data so the web can show the region a chosen province implies.
 */
const REGION_OF_PROVINCE: Readonly<Record<string, SalesRegion>> = {
  '11': 'north', '12': 'north', '13': 'north', '14': 'north', '15': 'north',
  '21': 'northeast', '22': 'northeast', '23': 'northeast',
  '31': 'east', '32': 'east', '33': 'east', '34': 'east', '35': 'east', '36': 'east', '37': 'east',
  '41': 'central', '42': 'central', '43': 'central',
  '44': 'south', '45': 'south', '46': 'south',
  '50': 'southwest', '51': 'southwest', '52': 'southwest', '53': 'southwest', '54': 'southwest',
  '61': 'northwest', '62': 'northwest', '63': 'northwest', '64': 'northwest', '65': 'northwest',
  '71': 'hk_mo_tw', '81': 'hk_mo_tw', '82': 'hk_mo_tw',
};

/** The sales region of the province a division code lies in; undefined for prefixes of no province. */
export function salesRegionOfCode(code: string): SalesRegion | undefined {
  return REGION_OF_PROVINCE[code.slice(0, 2)];
}

/**
 * Industry codes are admin-editable rows (seeded from GB/T 4754 sections), so the contract
 * fixes only their shape: 2–8 upper-case Latin letters. Letters only, because the code is
 * part of customer numbers (`2024-MANU-001`) and a code ending in a digit next to the
 * sequence would make two numbers look alike.
 */
export const industryCodeSchema = z.string().regex(/^[A-Z]{2,8}$/, 'industry code: 2–8 upper-case letters');

// ---------------------------------------------------------------------------------------------
// Leads

/** 意向等级: A high, B medium, C low intent. */
export const LEAD_GRADES = ['A', 'B', 'C'] as const;
export type LeadGrade = (typeof LEAD_GRADES)[number];
export const leadGradeSchema = z.enum(LEAD_GRADES);
export const LEAD_GRADE_LABELS: Record<LeadGrade, Label> = {
  A: { 'zh-CN': 'A级(高意向)', en: 'A (high intent)' },
  B: { 'zh-CN': 'B级(中意向)', en: 'B (medium intent)' },
  C: { 'zh-CN': 'C级(低意向)', en: 'C (low intent)' },
};

/** The answer recorded for each grading criterion (need match, budget, decision authority). */
export const CRITERION_ANSWERS = ['yes', 'unclear', 'no'] as const;
export type CriterionAnswer = (typeof CRITERION_ANSWERS)[number];
export const criterionAnswerSchema = z.enum(CRITERION_ANSWERS);

/** 需求匹配度 + 预算能力 + 决策权限: the three recorded criteria a lead's grade comes from. */
export const leadCriteriaSchema = z.object({
  needMatch: criterionAnswerSchema,
  budget: criterionAnswerSchema,
  authority: criterionAnswerSchema,
});
export type LeadCriteria = z.infer<typeof leadCriteriaSchema>;
export const LEAD_CRITERIA_LABELS: Record<keyof LeadCriteria, Label> = {
  needMatch: { 'zh-CN': '需求匹配', en: 'Need match' },
  budget: { 'zh-CN': '预算', en: 'Budget' },
  authority: { 'zh-CN': '决策权限', en: 'Decision authority' },
};

/** A user's override of the computed grade; the reason is required and audited. */
export const leadGradeOverrideSchema = z.object({
  grade: leadGradeSchema,
  reason: z.string().trim().min(1).max(500),
});

export const LEAD_STATUSES = [
  'new',
  'assigned',
  'contacted',
  'qualified',
  'converted',
  'disqualified',
  'nurture',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const leadStatusSchema = z.enum(LEAD_STATUSES);
export const LEAD_STATUS_LABELS: Record<LeadStatus, Label> = {
  new: { 'zh-CN': '新线索', en: 'New' },
  assigned: { 'zh-CN': '已分配', en: 'Assigned' },
  contacted: { 'zh-CN': '已联系', en: 'Contacted' },
  qualified: { 'zh-CN': '已确认', en: 'Qualified' },
  converted: { 'zh-CN': '已转化', en: 'Converted' },
  disqualified: { 'zh-CN': '无效', en: 'Disqualified' },
  nurture: { 'zh-CN': '培育中', en: 'Nurture' },
};

/**
 * 来源渠道 of leads and customers: a list admins maintain (系统设置 → 来源渠道, the
 * `source_channels` table), like industries. These eight are the channels every installation
 * starts with; admins add others (线上广告…) with keys of their own, so a channel is any key of
 * that list, checked against it by the services.
 */
export const LEAD_CHANNELS = [
  'trade_show',
  'search_ads',
  'referral',
  'website',
  'social_media',
  'phone_in',
  'email',
  'other',
] as const;
export type BuiltInLeadChannel = (typeof LEAD_CHANNELS)[number];
/** A channel key: a built-in one or one an admin added. */
export type LeadChannel = string;
/** Lower-case letters, digits and `_`, starting with a letter: keys are stored and used in URLs. */
export const CHANNEL_KEY_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;
export const leadChannelSchema = z.string().regex(CHANNEL_KEY_PATTERN).meta({ description: 'A key of the source channel list (GET /source-channels)' });
/** The built-in channels' names, for places without the list at hand; the list itself may rename them. */
export const LEAD_CHANNEL_LABELS: Record<BuiltInLeadChannel, Label> = {
  trade_show: { 'zh-CN': '展会', en: 'Trade show' },
  search_ads: { 'zh-CN': '搜索推广', en: 'Search ads' },
  referral: { 'zh-CN': '转介绍', en: 'Referral' },
  website: { 'zh-CN': '官网', en: 'Website' },
  social_media: { 'zh-CN': '社交媒体', en: 'Social media' },
  phone_in: { 'zh-CN': '电话咨询', en: 'Phone-in' },
  email: { 'zh-CN': '邮件', en: 'Email' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/** One channel a lead arrived through; a merged lead keeps all of them (see leads.rules.ts). */
export const leadSourceSchema = z.object({
  channel: leadChannelSchema,
  /** Show name, search keyword, referrer…, as typed. */
  detail: z.string().trim().max(200).nullable(),
  at: isoDateTime,
  campaignId: z.uuid().nullable().optional().meta({ description: 'The campaign (营销活动) it came through' }),
});
export type LeadSourceBody = z.infer<typeof leadSourceSchema>;
