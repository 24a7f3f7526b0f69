/**
 * Pure rules of imports: which fields each entity takes, how a spreadsheet row becomes the same
 * body the API's create endpoint accepts (so an imported record passes exactly the API's checks),
 * and what a row that matches an existing record turns into under each duplicate policy.
 * No I/O: reference data (industries, tags) comes in as lookups.
 */
import type { z } from 'zod';
import type { Locale } from '../../../contracts/auth.ts';
import { createContactBody } from '../../../contracts/contacts.ts';
import { createCustomerBody } from '../../../contracts/customers.ts';
import { ANNUAL_REVENUE_RANGES, annualRevenueFor, CUSTOMER_KIND_LABELS, EMPLOYEE_SIZE_RANGES, employeeSizeFor, type EmployeeSizeRange, LEAD_GRADES, LIFECYCLE_STAGE_LABELS, type CriterionAnswer, type Label } from '../../../contracts/vocabulary.ts';
import type { DuplicatePolicy, ImportEntity } from '../../../contracts/imports.ts';
import { createLeadBody } from '../../../contracts/leads.ts';
import type { MessageParams } from '../../platform/errors.ts';
import { normaliseLabel, type FieldLabels } from '../../platform/tabular/mapping.ts';

export interface ImportFieldDef extends FieldLabels {
  /** Only for roles that may see sensitive fields (they may not write them either otherwise). */
  sensitive?: boolean;
}

const CUSTOMER_FIELDS: readonly ImportFieldDef[] = [
  { key: 'name', zh: '客户名称', en: 'Customer name', aliases: ['公司名称', '企业名称', '单位名称', '名称', 'Company', 'Company name', 'Name'], required: true },
  { key: 'kind', zh: '客户类型', en: 'Kind', aliases: ['类型', '公司/个人', 'Type'] },
  { key: 'creditCode', zh: '统一社会信用代码', en: 'Credit code', aliases: ['信用代码', '社会信用代码', 'USCC', 'Unified social credit code'] },
  { key: 'industry', zh: '所属行业', en: 'Industry', aliases: ['行业', '行业代码'] },
  { key: 'employeeSize', zh: '企业规模', en: 'Employee size', aliases: ['员工人数', '人数', '规模', 'Employees', 'Headcount'] },
  { key: 'annualRevenue', zh: '年营收', en: 'Annual revenue', aliases: ['年营业额', '营收', '营业额', 'Revenue'] },
  { key: 'province', zh: '省份', en: 'Province', aliases: ['省', '所在省份', '地区'] },
  { key: 'address', zh: '详细地址', en: 'Address', aliases: ['地址', '公司地址', '企业地址'] },
  { key: 'sourceChannel', zh: '来源渠道', en: 'Source channel', aliases: ['来源', '渠道', 'Source', 'Channel'] },
  { key: 'sourceDetail', zh: '来源说明', en: 'Source detail', aliases: ['来源详情', '渠道说明'] },
  { key: 'firstContactDate', zh: '首次接触日期', en: 'First contact date', aliases: ['首次接触时间', '首次接触', '首次联系日期'] },
  { key: 'stage', zh: '生命周期阶段', en: 'Stage', aliases: ['客户阶段', '阶段', 'Lifecycle stage'] },
  { key: 'grade', zh: '意向等级', en: 'Grade', aliases: ['等级', '客户等级'] },
  { key: 'needs', zh: '客户需求', en: 'Needs', aliases: ['需求', '需求描述', '客户需求描述'] },
  { key: 'tags', zh: '标签', en: 'Tags', aliases: ['Tag'] },
  { key: 'budgetNotes', zh: '预算说明', en: 'Budget notes', aliases: ['预算'], sensitive: true },
  { key: 'decisionNotes', zh: '决策说明', en: 'Decision notes', aliases: ['决策'], sensitive: true },
  // The customer's primary contact, in the same row (requirement 003's 客户基本信息表 keeps it there).
  { key: 'contactName', zh: '联系人姓名', en: 'Contact name', aliases: ['联系人', '主要联系人', '对接人', 'Contact'] },
  { key: 'contactTitle', zh: '联系人职务', en: 'Contact title', aliases: ['联系人职位', '职务', '职位', 'Title', 'Position', 'Job title'] },
  { key: 'contactPhone', zh: '联系电话', en: 'Contact phone', aliases: ['联系人电话', '电话', '手机', '手机号', 'Phone', 'Mobile'] },
  { key: 'contactEmail', zh: '联系人邮箱', en: 'Contact e-mail', aliases: ['邮箱', '电子邮箱', '电子邮件', 'E-mail', 'Email'] },
  { key: 'contactReach', zh: '联系方式', en: 'Contact details', aliases: ['联系方式(电话/邮箱)'] },
  // Requirement 004's 客户信息标准化档案表.
  { key: 'legacyNumber', zh: '客户编号', en: 'Customer number', aliases: ['原客户编号', '原编号', 'Number'] },
  { key: 'decisionChain', zh: '决策链成员', en: 'Decision chain', aliases: ['决策链', '决策人', '关键决策人'] },
  { key: 'recordedBy', zh: '信息录入人', en: 'Recorded by', aliases: ['录入人', '创建人', 'Created by'] },
  { key: 'recordedAt', zh: '录入日期', en: 'Recorded on', aliases: ['录入时间', '创建日期', '创建时间', 'Created'] },
  { key: 'lastUpdatedAt', zh: '最后更新日期', en: 'Last updated on', aliases: ['最后更新时间', '更新日期', '更新时间', 'Updated'] },
];

const CONTACT_FIELDS: readonly ImportFieldDef[] = [
  { key: 'customer', zh: '所属客户', en: 'Customer', aliases: ['客户', '客户名称', '客户编号', '公司名称', 'Customer name', 'Customer number', 'Company'], required: true },
  { key: 'name', zh: '联系人姓名', en: 'Contact name', aliases: ['姓名', '联系人', 'Name'], required: true },
  { key: 'title', zh: '职位', en: 'Title', aliases: ['职务', 'Position', 'Job title'] },
  { key: 'department', zh: '部门', en: 'Department' },
  { key: 'phones', zh: '电话', en: 'Phone', aliases: ['手机', '手机号', '联系电话', '电话号码', 'Mobile', 'Phones'] },
  { key: 'email', zh: '邮箱', en: 'Email', aliases: ['电子邮箱', '电子邮件', 'E-mail', 'Mail'] },
  { key: 'wechat', zh: '微信', en: 'WeChat', aliases: ['微信号'] },
  { key: 'birthday', zh: '生日', en: 'Birthday', aliases: ['出生日期'] },
  { key: 'notes', zh: '备注', en: 'Notes', aliases: ['说明', 'Remarks'] },
];

const LEAD_FIELDS: readonly ImportFieldDef[] = [
  { key: 'contactName', zh: '联系人姓名', en: 'Contact name', aliases: ['联系人', '姓名', 'Name'], required: true },
  { key: 'companyName', zh: '公司名称', en: 'Company', aliases: ['客户名称', '企业名称', '单位', 'Company name'] },
  { key: 'title', zh: '职位', en: 'Title', aliases: ['职务', 'Position', 'Job title'] },
  { key: 'phone', zh: '电话', en: 'Phone', aliases: ['手机', '手机号', '联系电话', 'Mobile'] },
  { key: 'email', zh: '邮箱', en: 'Email', aliases: ['电子邮箱', '电子邮件', 'E-mail'] },
  { key: 'channel', zh: '来源渠道', en: 'Channel', aliases: ['获取渠道', '来源', '渠道', 'Source', 'Source channel'], required: true },
  { key: 'sourceDetail', zh: '来源说明', en: 'Source detail', aliases: ['来源详情', '展会名称', '搜索关键词'] },
  { key: 'needs', zh: '需求', en: 'Needs', aliases: ['需求描述', '初步需求描述', '客户需求'] },
  { key: 'province', zh: '省份', en: 'Province', aliases: ['省', '所在省份', '地区'] },
  { key: 'industry', zh: '所属行业', en: 'Industry', aliases: ['行业', '行业代码'] },
  { key: 'needMatch', zh: '需求匹配', en: 'Need match', aliases: ['需求匹配度', '明确需求'] },
  { key: 'budget', zh: '预算', en: 'Budget', aliases: ['预算能力', '预算符合'] },
  { key: 'authority', zh: '决策权限', en: 'Decision authority', aliases: ['决策权', 'Authority'] },
  // Requirement 004's 客户获取线索登记表.
  { key: 'legacyNumber', zh: '线索编号', en: 'Lead number', aliases: ['原编号', '编号', 'Number'] },
  { key: 'contactReach', zh: '联系方式', en: 'Contact details', aliases: ['联系方式(电话/邮箱)'] },
  { key: 'grade', zh: '意向等级', en: 'Grade', aliases: ['等级', '线索等级'] },
  { key: 'owner', zh: '跟进负责人', en: 'Owner', aliases: ['负责人', '跟进人', '销售负责人'] },
  { key: 'registeredAt', zh: '登记日期', en: 'Registered on', aliases: ['登记时间', '登记日', 'Registered'] },
];

const FIELDS: Record<ImportEntity, readonly ImportFieldDef[]> = { customer: CUSTOMER_FIELDS, contact: CONTACT_FIELDS, lead: LEAD_FIELDS };

/** The fields an actor may import for an entity: sensitive ones only with the right to see them. */
export function importFields(entity: ImportEntity, canViewSensitive: boolean): readonly ImportFieldDef[] {
  return FIELDS[entity].filter((f) => canViewSensitive || !f.sensitive);
}

/**
 * The sensitive fields a mapping fills, each with the column it takes it from: a caller without
 * the sensitive-field right is refused such a mapping with the column named (requireSensitiveWrite).
 */
export function sensitiveColumns(entity: ImportEntity, mapping: Record<string, string | null>): Record<string, string> {
  const sensitive = new Set(FIELDS[entity].filter((f) => f.sensitive).map((f) => f.key));
  const out: Record<string, string> = {};
  for (const [header, field] of Object.entries(mapping)) if (field && sensitive.has(field)) out[field] = header;
  return out;
}

export function fieldLabel(field: FieldLabels, locale: Locale): string {
  return locale === 'en' ? field.en : field.zh;
}

/** One problem of one row: a message key (or a zod issue) and the field it is about. */
export interface RowProblem {
  field: string | null;
  key: string;
  params?: MessageParams;
}

/** Row errors kept per job (and sent back by the dry run); the error report lists every row. */
export const MAX_REPORTED_ERRORS = 1000;

// ---------------------------------------------------------------------------------------------
// Cell values

interface Choice<K extends string> {
  key: K;
  names: readonly string[];
}

function choices<K extends string>(labels: Record<K, Label>, extra: Partial<Record<K, readonly string[]>> = {}): Choice<K>[] {
  return (Object.keys(labels) as K[]).map((key) => ({ key, names: [key, labels[key]['zh-CN'], labels[key].en, ...(extra[key] ?? [])] }));
}

/** Per list of choices: each name as compared (normalised once, not for every cell of a file) → its key. */
const choiceIndexes = new WeakMap<readonly Choice<string>[], ReadonlyMap<string, string>>();

/** The choice a cell names by its key or its label in either language, compared as labels are. */
export function matchChoice<K extends string>(text: string, options: readonly Choice<K>[]): K | null {
  const wanted = normaliseLabel(text);
  if (!wanted) return null;
  let index = choiceIndexes.get(options);
  if (!index) {
    const byName = new Map<string, string>();
    // The first option naming a label wins, as in the order the options are listed.
    for (const option of options) for (const name of option.names) if (!byName.has(normaliseLabel(name))) byName.set(normaliseLabel(name), option.key);
    choiceIndexes.set(options, byName);
    index = byName;
  }
  return (index.get(wanted) as K | undefined) ?? null;
}

const KIND_CHOICES = choices(CUSTOMER_KIND_LABELS, { company: ['公司', '企业', '单位'], individual: ['个人', '自然人', 'Person'] });
const STAGE_CHOICES = choices(LIFECYCLE_STAGE_LABELS, { potential: ['潜在客户'], intent: ['意向客户'], customer: ['成交客户', '已成交'], lost: ['流失客户', '已流失'] });
const ANSWER_CHOICES: Choice<CriterionAnswer>[] = [
  { key: 'yes', names: ['yes', 'y', 'true', '1', '是', '有', '符合', '明确', '具备', 'Yes'] },
  { key: 'no', names: ['no', 'n', 'false', '0', '否', '无', '没有', '不符合', '不具备'] },
  { key: 'unclear', names: ['unclear', '不明确', '不清楚', '未知', '待确认', '?', 'unknown'] },
];

const SIZE_CHOICES = EMPLOYEE_SIZE_RANGES.map((r) => ({ key: r.key, names: [r.key, r.label['zh-CN'], r.label.en] }));
const REVENUE_CHOICES = ANNUAL_REVENUE_RANGES.map((r) => ({ key: r.key, names: [r.key, r.label['zh-CN'], r.label.en] }));

/** A list in one cell: `VIP, 华东；重点客户` → three items (comma, semicolon, 、 and line breaks, either width). */
export function splitList(text: string): string[] {
  return text
    .split(/[,，;；、\n\r|]+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A date Excel stored as its serial number in a text cell (`45366` is 2024-03-15): days since
 * 1899-12-30, the epoch of Excel's 1900 date system (which counts a 29 February 1900 that never
 * was, hence not 12-31). Only five-digit serials, 1954–2119, so an amount or a year is never
 * taken for a date; a time of day (`.5`) is dropped.
 */
function excelSerialDate(text: string): string | null {
  const m = /^(\d{5})(?:\.\d+)?$/.exec(text);
  if (!m) return null;
  const days = Number(m[1]);
  if (days < 20000 || days > 80000) return null;
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000).toISOString().slice(0, 10);
}

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$/u;

/** A calendar date as typed in a sheet (`2024-03-05`, `2024/3/5`, `2024年3月5日`, a date cell) → `YYYY-MM-DD`, or null. */
export function parseDate(text: string): string | null {
  const serial = excelSerialDate(text.trim());
  if (serial) return serial;
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A number as typed, with thousands separators and 万/亿 (`5000万` = 50,000,000), or null. */
export function parseAmount(text: string): number | null {
  const m = /^([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(万|亿|w|W)?\s*(?:元|人|yuan)?$/u.exec(text.trim());
  if (!m) return null;
  const n = Number((m[1] ?? '').replace(/[,，]/g, ''));
  if (!Number.isFinite(n)) return null;
  const unit = m[2] === '亿' ? 1e8 : m[2] ? 1e4 : 1;
  return n * unit;
}

/**
 * 企业规模 as a range of head counts (`200-500人`, `50～100`): the range holding its lower bound,
 * since the sheets' ranges rarely meet Kehu's (200-500 → 200-499人).
 */
export function employeeSizeOfRange(text: string): EmployeeSizeRange | null {
  const m = /^\s*(\d[\d,，]*)\s*(?:人)?\s*[-~～—–至到]\s*\d[\d,，]*\s*人?\s*$/u.exec(text.normalize('NFKC'));
  return m?.[1] ? employeeSizeFor(Number(m[1].replace(/[,，]/g, ''))) : null;
}

/**
 * 决策链成员 as written in the sheet: `李(总经理),张(采购经理)` → 李 总经理, 张 采购经理 (either
 * width of bracket; a name without one has no title).
 */
export function parseDecisionChain(text: string): { name: string; title: string | null; role: null }[] {
  return splitList(text.normalize('NFKC')).map((item) => {
    const m = /^(.*?)\s*\((.*)\)\s*$/u.exec(item);
    const name = (m?.[1] ?? item).trim();
    const title = m?.[2]?.trim() || null;
    return { name, title, role: null };
  });
}

/** What a customer row carries besides the API body: the sheet's own number, who entered it and when. */
export interface CustomerExtras {
  legacyNumber: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  lastUpdatedAt: string | null;
}

function dateField(record: Record<string, string>, field: string, problems: RowProblem[]): string | null {
  if (!record[field]) return null;
  const date = parseDate(record[field]);
  if (!date) problems.push({ field, key: 'import.badDate', params: { value: record[field] } });
  return date;
}

function customerExtras(record: Record<string, string>, problems: RowProblem[]): CustomerExtras {
  return {
    legacyNumber: record.legacyNumber || null,
    recordedBy: record.recordedBy || null,
    recordedAt: dateField(record, 'recordedAt', problems),
    lastUpdatedAt: dateField(record, 'lastUpdatedAt', problems),
  };
}

// ---------------------------------------------------------------------------------------------
// Rows → API bodies

export interface Lookups {
  /** Active industries by code and by name in either language (normalised), → code. */
  industries: ReadonlyMap<string, string>;
  /** Tags by lower-case name → id. */
  tags: ReadonlyMap<string, string>;
  /** Province names, full and short (上海市, 上海), → division code. */
  provinces: ReadonlyMap<string, string>;
  /** Active source channels by key, name in either language and synonym (normalised), → key. */
  channels: ReadonlyMap<string, string>;
  /**
   * The user's answers for values outside these lists (the wizard's value step): per field, the
   * value as written → the key or id it means, or null to leave the field empty.
   */
  valueMapping?: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
}

/** The fields whose values must be in one of Kehu's lists, and so may go through the value step. */
export const VALUE_FIELDS = ['sourceChannel', 'channel', 'industry', 'tags'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

/** The user's answer for a value (undefined: none; null: leave empty), trimmed as cells are. */
function answered(lookups: Pick<Lookups, 'valueMapping'>, field: ValueField, value: string): string | null | undefined {
  const answers = lookups.valueMapping?.[field];
  return answers && Object.hasOwn(answers, value.trim()) ? answers[value.trim()] : undefined;
}

/** A channel by key, name or synonym (展会, 行业展会, trade_show), or by the user's answer for it. */
export function findChannel(text: string, lookups: Pick<Lookups, 'channels' | 'valueMapping'>, field: 'channel' | 'sourceChannel'): string | null | undefined {
  const answer = answered(lookups, field, text);
  if (answer !== undefined) return answer;
  return lookups.channels.get(normaliseLabel(text)) ?? lookups.channels.get(text.trim().toLowerCase());
}

/** An industry by code or name (MANU, 制造业), or by the user's answer for it. */
export function findIndustry(text: string, lookups: Pick<Lookups, 'industries' | 'valueMapping'>): string | null | undefined {
  const answer = answered(lookups, 'industry', text);
  if (answer !== undefined) return answer;
  return lookups.industries.get(text.trim().toUpperCase()) ?? lookups.industries.get(normaliseLabel(text));
}

/** A tag by name (any case), or by the user's answer for it. */
export function findTag(name: string, lookups: Pick<Lookups, 'tags' | 'valueMapping'>): string | null | undefined {
  const answer = answered(lookups, 'tags', name);
  if (answer !== undefined) return answer;
  return lookups.tags.get(name.toLowerCase());
}

/**
 * The values of a row (by field key) that are in none of Kehu's lists and have no answer yet:
 * what the wizard's value step asks about, each distinct value once.
 */
export function unknownValues(record: Record<string, string>, lookups: Lookups): { field: ValueField; value: string }[] {
  const out: { field: ValueField; value: string }[] = [];
  for (const field of ['channel', 'sourceChannel'] as const) if (record[field] && findChannel(record[field], lookups, field) === undefined) out.push({ field, value: record[field].trim() });
  if (record.industry && findIndustry(record.industry, lookups) === undefined) out.push({ field: 'industry', value: record.industry.trim() });
  if (record.tags) for (const name of splitList(record.tags)) if (findTag(name, lookups) === undefined) out.push({ field: 'tags', value: name });
  return out;
}

/** Character pairs of a normalised label (a single character stands for itself). */
function bigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => `${chars[i] ?? ''}${c}`);
}

/**
 * How alike two labels are, 0–1: one holding the other counts by how much of the longer it
 * covers (交通运输 in 交通运输仓储邮政, at least 0.5), otherwise the share of character pairs they
 * have in common (Dice: 线上广告 and 网络广告 share 广告).
 */
export function labelSimilarity(a: string, b: string): number {
  const x = normaliseLabel(a);
  const y = normaliseLabel(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (long.includes(short)) return 0.5 + (0.5 * [...short].length) / [...long].length;
  const bx = bigrams(x);
  const by = bigrams(y);
  const pool = [...by];
  let common = 0;
  for (const g of bx) {
    const at = pool.indexOf(g);
    if (at >= 0) {
      common++;
      pool.splice(at, 1);
    }
  }
  return (2 * common) / (bx.length + by.length);
}

/** The closest entry of a list by any of its names, when it is at all close (similarity ≥ 0.3). */
export function suggestMatch(value: string, options: readonly { key: string; names: readonly string[] }[]): string | null {
  let best: { key: string; score: number } | null = null;
  for (const option of options) {
    for (const name of option.names) {
      const score = labelSimilarity(value, name);
      if (score > (best?.score ?? 0)) best = { key: option.key, score };
    }
  }
  return best && best.score >= 0.3 ? best.key : null;
}

type Issue = z.core.$ZodIssue;

/** zod issues of a body as row problems on the field the column filled. */
function issueProblems(issues: readonly Issue[], fieldOf: (path: PropertyKey[]) => string | null, record: Record<string, string>): RowProblem[] {
  return issues.map((issue) => {
    const { input: _input, ...rest } = issue;
    const field = fieldOf(issue.path);
    // The cell as the user typed it, shortened, so the message can name it.
    const cell = field ? record[field] : undefined;
    const value = cell ? (cell.length > 40 ? `${cell.slice(0, 40)}…` : cell) : null;
    return { field, key: 'import.issue', params: { issue: JSON.stringify(rest), ...(value !== null ? { value } : {}) } };
  });
}

function lookupChoice<K extends string>(record: Record<string, string>, field: string, options: readonly Choice<K>[], problems: RowProblem[]): K | undefined {
  const text = record[field];
  if (!text) return undefined;
  const key = matchChoice(text, options);
  if (key === null) problems.push({ field, key: 'import.unknownChoice', params: { value: text } });
  return key ?? undefined;
}

/** Industry by name or code (制造业, MANU) and province by name (上海, 上海市), as customers and leads carry them. */
function lookupPlace(record: Record<string, string>, lookups: Pick<Lookups, 'industries' | 'provinces' | 'valueMapping'>, raw: Record<string, unknown>, problems: RowProblem[]): void {
  if (record.industry) {
    const code = findIndustry(record.industry, lookups);
    if (code) raw.industryCode = code;
    else if (code === undefined) problems.push({ field: 'industry', key: 'import.unknownIndustry', params: { value: record.industry } });
  }
  if (record.province) {
    const code = lookups.provinces.get(record.province.trim());
    if (code) raw.provinceCode = code;
    else problems.push({ field: 'province', key: 'import.unknownProvince', params: { value: record.province } });
  }
}

export type CustomerBody = z.infer<typeof createCustomerBody>;

/**
 * 客户类型 means two things in the sheets teams keep: company or individual (公司/个人), or, in
 * requirement 003's template, the lifecycle stage (潜在客户/意向客户/成交客户/流失客户). The value
 * decides: a kind is a kind, a stage is a stage, anything else is an unknown value.
 */
export function customerKindOrStage(text: string | undefined): { kind: CustomerBody['kind'] } | { stage: NonNullable<CustomerBody['stage']> } | { problem: RowProblem } | null {
  if (!text) return null;
  const kind = matchChoice(text, KIND_CHOICES);
  if (kind) return { kind };
  const stage = matchChoice(text, STAGE_CHOICES);
  if (stage) return { stage };
  return { problem: { field: 'kind', key: 'import.unknownChoice', params: { value: text } } };
}
export type ContactBody = z.infer<typeof createContactBody>;

/**
 * 联系方式 as one cell: each item told apart by its shape, an e-mail by its @, anything else a
 * phone (`138 1111 2222 / li@example.cn` → one phone, one e-mail).
 */
export function splitReach(text: string): { phones: string[]; emails: string[] } {
  const phones: string[] = [];
  const emails: string[] = [];
  for (const item of splitList(text.replace(/[/／]/g, ','))) (item.includes('@') || item.includes('＠') ? emails : phones).push(item.replace('＠', '@'));
  return { phones, emails };
}

/** Contact columns of a customer row, as they name their problems (the customer's own fields are apart). */
const CONTACT_OF_CUSTOMER: Record<string, string> = { name: 'contactName', title: 'contactTitle', phones: 'contactPhone', email: 'contactEmail' };

/**
 * The primary contact a customer row carries (联系人姓名, 联系人职务, 联系电话, 邮箱 or 联系方式), as
 * the body of POST /customers/:id/contacts; null when the row names no contact. A phone or an
 * e-mail without a name is a problem: a contact is a person.
 */
export function customerContact(record: Record<string, string>, problems: RowProblem[]): ContactBody | null {
  const reach = record.contactReach ? splitReach(record.contactReach) : { phones: [], emails: [] };
  const phones = [...(record.contactPhone ? splitList(record.contactPhone.replace(/[/／]/g, ',')) : []), ...reach.phones];
  const emails = [...(record.contactEmail ? [record.contactEmail] : []), ...reach.emails];
  const name = record.contactName ?? '';
  if (!name) {
    if (phones.length > 0 || emails.length > 0 || record.contactTitle) problems.push({ field: 'contactName', key: 'import.contactNameMissing' });
    return null;
  }
  const raw: Record<string, unknown> = { name, isPrimary: true };
  if (record.contactTitle) raw.title = record.contactTitle;
  if (phones.length > 0) raw.phones = phones;
  if (emails.length > 1) problems.push({ field: record.contactEmail ? 'contactEmail' : 'contactReach', key: 'import.oneEmail' });
  if (emails[0]) raw.email = emails[0];
  const parsed = createContactBody.safeParse(raw);
  if (!parsed.success) {
    problems.push(...issueProblems(parsed.error.issues, (path) => (path[0] === 'email' && !record.contactEmail ? 'contactReach' : (CONTACT_OF_CUSTOMER[String(path[0])] ?? 'contactName')), record));
    return null;
  }
  return parsed.data;
}

/**
 * A customer row (values by field key) as the body of POST /customers, checked with the same
 * schema. Labels become keys (公司客户 → company), names become references (制造业 → MANU, tag
 * names → ids, 上海 → 310000), exact head counts and revenues fall into their ranges.
 */
export function customerRow(record: Record<string, string>, lookups: Lookups): { body: CustomerBody | null; contact: ContactBody | null; extras: CustomerExtras; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const contact = customerContact(record, problems);
  const extras = customerExtras(record, problems);

  const raw: Record<string, unknown> = { name: record.name ?? '' };
  const text = (field: string) => (record[field] ? record[field] : undefined);
  const kindOrStage = customerKindOrStage(record.kind);
  if (kindOrStage && 'problem' in kindOrStage) problems.push(kindOrStage.problem);
  else if (kindOrStage) Object.assign(raw, kindOrStage);
  // A separate stage column says it outright; 客户类型 holding a stage fills it only when that column is empty.
  if (record.stage) raw.stage = lookupChoice(record, 'stage', STAGE_CHOICES, problems);
  if (record.sourceChannel) {
    const channel = findChannel(record.sourceChannel, lookups, 'sourceChannel');
    if (channel) raw.sourceChannel = channel;
    else if (channel === undefined) problems.push({ field: 'sourceChannel', key: 'import.unknownChannel', params: { value: record.sourceChannel } });
  }
  for (const field of ['creditCode', 'address', 'sourceDetail', 'needs', 'budgetNotes', 'decisionNotes'] as const) raw[field] = text(field);
  if (record.grade) {
    const grade = record.grade.trim().toUpperCase().replace(/级.*$/u, '');
    if ((LEAD_GRADES as readonly string[]).includes(grade)) raw.grade = grade;
    else problems.push({ field: 'grade', key: 'import.unknownChoice', params: { value: record.grade } });
  }
  lookupPlace(record, lookups, raw, problems);
  if (record.employeeSize) {
    const n = parseAmount(record.employeeSize);
    const key = n !== null ? employeeSizeFor(n) : (matchChoice(record.employeeSize, SIZE_CHOICES) ?? employeeSizeOfRange(record.employeeSize));
    if (key) raw.employeeSize = key;
    else problems.push({ field: 'employeeSize', key: 'import.unknownChoice', params: { value: record.employeeSize } });
  }
  if (record.annualRevenue) {
    const n = parseAmount(record.annualRevenue);
    const key = n !== null ? annualRevenueFor(n) : matchChoice(record.annualRevenue, REVENUE_CHOICES);
    if (key) raw.annualRevenue = key;
    else problems.push({ field: 'annualRevenue', key: 'import.unknownChoice', params: { value: record.annualRevenue } });
  }
  if (record.firstContactDate) {
    const date = parseDate(record.firstContactDate);
    if (date) raw.firstContactDate = date;
    else problems.push({ field: 'firstContactDate', key: 'import.badDate', params: { value: record.firstContactDate } });
  }
  if (record.tags) {
    const ids: string[] = [];
    for (const name of splitList(record.tags)) {
      const id = findTag(name, lookups);
      if (id) ids.push(id);
      else if (id === undefined) problems.push({ field: 'tags', key: 'import.unknownTag', params: { value: name } });
    }
    raw.tagIds = [...new Set(ids)];
  }
  // A dash is how the sheets say "none".
  if (record.decisionChain && record.decisionChain !== '-') raw.decisionChain = parseDecisionChain(record.decisionChain);
  const parsed = createCustomerBody.safeParse(raw);
  if (!parsed.success) {
    const byPath: Record<string, string> = { industryCode: 'industry', provinceCode: 'province', tagIds: 'tags' };
    problems.push(...issueProblems(parsed.error.issues, (path) => (path[0] === undefined ? null : (byPath[String(path[0])] ?? String(path[0]))), record));
  }
  return problems.length > 0 || !parsed.success ? { body: null, contact: null, extras, problems } : { body: parsed.data, contact, extras, problems };
}

/** A contact row: the body of POST /customers/:id/contacts plus the customer it names (number or exact name). */
export function contactRow(record: Record<string, string>): { customerRef: string; body: ContactBody | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const customerRef = (record.customer ?? '').trim();
  if (!customerRef) problems.push({ field: 'customer', key: 'validation.required' });
  const raw: Record<string, unknown> = { name: record.name ?? '' };
  for (const field of ['title', 'department', 'email', 'wechat', 'notes'] as const) if (record[field]) raw[field] = record[field];
  if (record.phones) raw.phones = splitList(record.phones.replace(/[/／]/g, ','));
  if (record.birthday) {
    const date = parseDate(record.birthday);
    if (date) raw.birthday = date;
    else problems.push({ field: 'birthday', key: 'import.badDate', params: { value: record.birthday } });
  }
  const parsed = createContactBody.safeParse(raw);
  if (!parsed.success) problems.push(...issueProblems(parsed.error.issues, (path) => (path[0] === undefined ? null : String(path[0])), record));
  return { customerRef, body: problems.length > 0 || !parsed.success ? null : parsed.data, problems };
}

export type LeadBody = z.infer<typeof createLeadBody>;

/** A lead row as the body of POST /leads: channel and criteria by label (展会, 是/否/不明确), industry and province by name. */
/** What a lead row carries besides the API body: the sheet's number, owner and registration date. */
export interface LeadExtras {
  legacyNumber: string | null;
  /** 跟进负责人 as written (a display name or a username). */
  owner: string | null;
  registeredAt: string | null;
}

/** The reason recorded with a grade taken from an imported sheet (意向等级 there overrides the computed one). */
export const IMPORTED_GRADE_REASON = '导入';

export function leadRow(
  record: Record<string, string>,
  lookups: Pick<Lookups, 'industries' | 'provinces' | 'channels' | 'valueMapping'>,
): { body: LeadBody | null; extras: LeadExtras; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const raw: Record<string, unknown> = { contactName: record.contactName ?? '' };
  lookupPlace(record, lookups, raw, problems);
  for (const field of ['companyName', 'title', 'phone', 'email', 'sourceDetail', 'needs'] as const) if (record[field]) raw[field] = record[field];
  if (record.contactReach) {
    const reach = splitReach(record.contactReach);
    if (reach.phones.length > 1 || reach.emails.length > 1) problems.push({ field: 'contactReach', key: 'import.onePhoneOneEmail' });
    if (reach.phones[0] && !raw.phone) raw.phone = reach.phones[0];
    if (reach.emails[0] && !raw.email) raw.email = reach.emails[0];
  }
  if (record.grade) {
    const grade = record.grade.trim().toUpperCase().replace(/级.*$/u, '');
    if ((LEAD_GRADES as readonly string[]).includes(grade)) raw.gradeOverride = { grade, reason: IMPORTED_GRADE_REASON };
    else problems.push({ field: 'grade', key: 'import.unknownChoice', params: { value: record.grade } });
  }
  const extras: LeadExtras = { legacyNumber: record.legacyNumber || null, owner: record.owner || null, registeredAt: dateField(record, 'registeredAt', problems) };
  const channel = record.channel ? findChannel(record.channel, lookups, 'channel') : null;
  if (channel) raw.channel = channel;
  else if (channel === undefined) problems.push({ field: 'channel', key: 'import.unknownChannel', params: { value: record.channel ?? '' } });
  else problems.push({ field: 'channel', key: 'validation.required' });
  const criteria: Record<string, CriterionAnswer> = {};
  for (const field of ['needMatch', 'budget', 'authority'] as const) {
    const answer = lookupChoice(record, field, ANSWER_CHOICES, problems);
    if (answer) criteria[field] = answer;
  }
  raw.criteria = criteria;
  const parsed = createLeadBody.safeParse(raw);
  if (!parsed.success && problems.length === 0) {
    const byPath: Record<string, string> = { industryCode: 'industry', provinceCode: 'province', ...(record.contactReach && !record.phone ? { phone: 'contactReach' } : {}), ...(record.contactReach && !record.email ? { email: 'contactReach' } : {}) };
    problems.push(
      ...issueProblems(parsed.error.issues, (path) => (path[0] === 'criteria' ? String(path[1] ?? 'criteria') : path[0] === undefined ? null : (byPath[String(path[0])] ?? String(path[0]))), record),
    );
  }
  return { body: problems.length > 0 || !parsed.success ? null : parsed.data, extras, problems };
}

// ---------------------------------------------------------------------------------------------
// Duplicates

export type RowOutcome = 'create' | 'update' | 'skip';

/**
 * What becomes of a row under the chosen policy. `existing` is the record the row matches (null:
 * none); `inScope` whether the importer may see it. A match outside one's scope cannot be updated
 * and is reported rather than silently skipped or duplicated, as the API's duplicate check does.
 */
export function rowOutcome(policy: DuplicatePolicy, existing: { inScope: boolean } | null): { outcome: RowOutcome } | { problem: RowProblem } {
  if (!existing) return { outcome: 'create' };
  switch (policy) {
    case 'skip':
      return { outcome: 'skip' };
    case 'create':
      return { outcome: 'create' };
    case 'update':
      return existing.inScope ? { outcome: 'update' } : { problem: { field: null, key: 'import.ownedBySomeoneElse' } };
  }
}
