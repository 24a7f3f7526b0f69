import type { Writable } from 'node:stream';
import type { z } from 'zod';
import type { Locale } from '../../../contracts/auth.ts';
import { ANNUAL_REVENUE_RANGES, CUSTOMER_KIND_LABELS, EMPLOYEE_SIZE_RANGES, LEAD_STATUS_LABELS, LIFECYCLE_STAGE_LABELS, SALES_REGION_LABELS, type CriterionAnswer, type Label } from '../../../contracts/vocabulary.ts';
import type { exportContactsQuery, exportCustomersQuery, exportLeadsQuery } from '../../../contracts/imports.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission, seesSensitive } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { encodeCursor } from '../../platform/http/pagination.ts';
import { writeCsv, writeXlsx, type CellValue, type ExportColumn } from '../../platform/tabular/write.ts';
import { customerFilterConditions, customerSortKey, findDivision, formatPhone, pathOf } from '../customers/index.ts';
import { leadFilterConditions, leadSortKey, leadSortValue, listLeads } from '../leads/index.ts';
import { sourceChannelList } from '../catalog/index.ts';
import * as q from './exports.queries.ts';
import { businessDate } from '../../platform/clock.ts';

/** Rows read per query: large enough to keep round trips few, small enough to keep memory flat. */
const BATCH = 2000;

type Format = 'xlsx' | 'csv';
type Record_ = Record<string, CellValue>;

export interface Download {
  fileName: string;
  format: Format;
  write: (dest: Writable) => Promise<unknown>;
}

/** A column whose header is the same text the import proposes for the field, so an export imports back. */
interface Column {
  key: string;
  zh: string;
  en: string;
  date?: 'date' | 'datetime';
}

const label = (l: Label | undefined, locale: Locale) => (l ? l[locale] : null);
const ANSWER_LABELS: Record<CriterionAnswer, Label> = { yes: { 'zh-CN': '是', en: 'Yes' }, unclear: { 'zh-CN': '不明确', en: 'Unclear' }, no: { 'zh-CN': '否', en: 'No' } };
const YES_NO: Record<'true' | 'false', Label> = { true: { 'zh-CN': '是', en: 'Yes' }, false: { 'zh-CN': '否', en: 'No' } };

function download(deps: Deps, locale: Locale, format: Format, name: Label, columns: Column[], rows: AsyncIterable<Record_>, now: Date): Download {
  const exportColumns: ExportColumn[] = columns.map((c) => ({ key: c.key, header: locale === 'en' ? c.en : c.zh, ...(c.date ? { date: c.date } : {}) }));
  const day = businessDate(now, deps.config.timeZone);
  const options = { timeZone: deps.config.timeZone, sheetName: name[locale] };
  return {
    fileName: `${name[locale]}-${day}.${format}`,
    format,
    write: (dest) => (format === 'xlsx' ? writeXlsx(dest, exportColumns, rows, options) : writeCsv(dest, exportColumns, rows, options)),
  };
}

// ---------------------------------------------------------------------------------------------
// Customers

const CUSTOMER_COLUMNS: Column[] = [
  { key: 'number', zh: '客户编号', en: 'Customer number' },
  { key: 'name', zh: '客户名称', en: 'Customer name' },
  { key: 'kind', zh: '客户类型', en: 'Kind' },
  { key: 'creditCode', zh: '统一社会信用代码', en: 'Credit code' },
  { key: 'industry', zh: '所属行业', en: 'Industry' },
  { key: 'employeeSize', zh: '企业规模', en: 'Employee size' },
  { key: 'annualRevenue', zh: '年营收', en: 'Annual revenue' },
  { key: 'province', zh: '省份', en: 'Province' },
  { key: 'divisionPath', zh: '省市区', en: 'Province / city / district' },
  { key: 'address', zh: '详细地址', en: 'Address' },
  { key: 'region', zh: '大区', en: 'Sales region' },
  { key: 'sourceChannel', zh: '来源渠道', en: 'Source channel' },
  { key: 'sourceDetail', zh: '来源说明', en: 'Source detail' },
  { key: 'firstContactDate', zh: '首次接触日期', en: 'First contact date', date: 'date' },
  { key: 'stage', zh: '生命周期阶段', en: 'Stage' },
  { key: 'grade', zh: '意向等级', en: 'Grade' },
  { key: 'needs', zh: '客户需求', en: 'Needs' },
  { key: 'tags', zh: '标签', en: 'Tags' },
  { key: 'ownerName', zh: '负责人', en: 'Owner' },
  { key: 'departmentName', zh: '所属部门', en: 'Department' },
  { key: 'lastFollowUpAt', zh: '最近跟进时间', en: 'Last follow-up', date: 'datetime' },
  { key: 'createdAt', zh: '创建时间', en: 'Created', date: 'datetime' },
];
const SENSITIVE_COLUMNS: Column[] = [
  { key: 'budgetNotes', zh: '预算说明', en: 'Budget notes' },
  { key: 'decisionNotes', zh: '决策说明', en: 'Decision notes' },
];

/**
 * The customer list as a spreadsheet: the same filters, sort and data scope as GET /customers,
 * read in keyset batches and streamed; the sensitive columns only for roles that may see them.
 */
export async function exportCustomers(deps: Deps, ctx: Ctx, locale: Locale, query: z.infer<typeof exportCustomersQuery>): Promise<Download> {
  requirePermission(ctx.actor, 'customer', 'read');
  requirePermission(ctx.actor, 'customer', 'export');
  const sort = customerSortKey(query.sort);
  const sortField = query.sort.replace(/^-/, '') as 'createdAt' | 'updatedAt' | 'name' | 'number';
  const filters = [...customerFilterConditions(query, ctx.now, deps.config.timeZone), q.customerIdIn(query.ids)];
  const industries = await q.industryNames(deps.db);
  const channel = await channelNamer(deps, locale);
  const sensitive = seesSensitive(ctx.actor);

  async function* rows(): AsyncGenerator<Record_> {
    let cursor: string | undefined;
    for (;;) {
      const batch = await q.customerBatch(deps.db, { viewer: ctx.actor, filters, sort, cursor, limit: BATCH });
      for (const c of batch) {
        const path = c.districtCode ?? c.cityCode ?? c.provinceCode;
        const names = path ? pathOf(path) : undefined;
        const industry = c.industryCode ? industries.get(c.industryCode) : undefined;
        const record: Record_ = {
          number: c.number,
          name: c.name,
          kind: label(CUSTOMER_KIND_LABELS[c.kind], locale),
          creditCode: c.creditCode,
          industry: industry ? (locale === 'en' ? industry.nameEn : industry.nameZh) : c.industryCode,
          employeeSize: c.employeeSize ? label(EMPLOYEE_SIZE_RANGES.find((r) => r.key === c.employeeSize)?.label, locale) : null,
          annualRevenue: c.annualRevenue ? label(ANNUAL_REVENUE_RANGES.find((r) => r.key === c.annualRevenue)?.label, locale) : null,
          province: c.provinceCode ? (findDivision(c.provinceCode)?.name ?? null) : null,
          divisionPath: names ? [names.province?.name, names.city?.name, names.district?.name].filter(Boolean).join(' / ') : null,
          address: c.address,
          region: c.region ? label(SALES_REGION_LABELS[c.region], locale) : null,
          sourceChannel: c.sourceChannel ? channel(c.sourceChannel) : null,
          sourceDetail: c.sourceDetail,
          firstContactDate: c.firstContactDate,
          stage: label(LIFECYCLE_STAGE_LABELS[c.stage], locale),
          grade: c.grade,
          needs: c.needs,
          tags: c.tagNames,
          ownerName: c.ownerName,
          departmentName: c.departmentName,
          lastFollowUpAt: c.lastFollowUpAt,
          createdAt: c.createdAt,
        };
        if (sensitive) Object.assign(record, { budgetNotes: c.budgetNotes, decisionNotes: c.decisionNotes });
        yield record;
      }
      const last = batch.at(-1);
      if (batch.length < BATCH || !last) return;
      cursor = encodeCursor(last[sortField], last.id);
    }
  }
  const columns = sensitive ? [...CUSTOMER_COLUMNS, ...SENSITIVE_COLUMNS] : CUSTOMER_COLUMNS;
  return download(deps, locale, query.format, { 'zh-CN': '客户', en: 'customers' }, columns, rows(), ctx.now);
}

// ---------------------------------------------------------------------------------------------
// Contacts

const CONTACT_COLUMNS: Column[] = [
  { key: 'customerNumber', zh: '客户编号', en: 'Customer number' },
  { key: 'customerName', zh: '所属客户', en: 'Customer' },
  { key: 'name', zh: '联系人姓名', en: 'Contact name' },
  { key: 'title', zh: '职位', en: 'Title' },
  { key: 'department', zh: '部门', en: 'Department' },
  { key: 'phones', zh: '电话', en: 'Phone' },
  { key: 'email', zh: '邮箱', en: 'Email' },
  { key: 'wechat', zh: '微信', en: 'WeChat' },
  { key: 'isPrimary', zh: '主联系人', en: 'Primary contact' },
  { key: 'birthday', zh: '生日', en: 'Birthday', date: 'date' },
  { key: 'notes', zh: '备注', en: 'Notes' },
  { key: 'createdAt', zh: '创建时间', en: 'Created', date: 'datetime' },
];

/** Contacts of the customers the customer list's filters select, within the caller's scope. */
export async function exportContacts(deps: Deps, ctx: Ctx, locale: Locale, query: z.infer<typeof exportContactsQuery>): Promise<Download> {
  requirePermission(ctx.actor, 'contact', 'read');
  requirePermission(ctx.actor, 'contact', 'export');
  const filters = customerFilterConditions(query, ctx.now, deps.config.timeZone);
  async function* rows(): AsyncGenerator<Record_> {
    let after: string | null = null;
    for (;;) {
      const batch = await q.contactBatch(deps.db, ctx.actor, filters, after, BATCH);
      for (const { contact: c, customerNumber, customerName } of batch) {
        yield {
          customerNumber,
          customerName,
          name: c.name,
          title: c.title,
          department: c.department,
          phones: c.phones.map((p) => formatPhone(p)).join(', '),
          email: c.email,
          wechat: c.wechat,
          isPrimary: label(YES_NO[c.isPrimary ? 'true' : 'false'], locale),
          birthday: c.birthday,
          notes: c.notes,
          createdAt: c.createdAt,
        };
      }
      const last = batch.at(-1);
      if (batch.length < BATCH || !last) return;
      after = last.contact.id;
    }
  }
  return download(deps, locale, query.format, { 'zh-CN': '联系人', en: 'contacts' }, CONTACT_COLUMNS, rows(), ctx.now);
}

// ---------------------------------------------------------------------------------------------
// Leads

const LEAD_COLUMNS: Column[] = [
  { key: 'number', zh: '线索编号', en: 'Lead number' },
  { key: 'contactName', zh: '联系人姓名', en: 'Contact name' },
  { key: 'companyName', zh: '公司名称', en: 'Company' },
  { key: 'title', zh: '职位', en: 'Title' },
  { key: 'phone', zh: '电话', en: 'Phone' },
  { key: 'email', zh: '邮箱', en: 'Email' },
  { key: 'channel', zh: '来源渠道', en: 'Channel' },
  { key: 'sourceDetail', zh: '来源说明', en: 'Source detail' },
  { key: 'sources', zh: '全部来源', en: 'All sources' },
  { key: 'needs', zh: '需求', en: 'Needs' },
  { key: 'needMatch', zh: '需求匹配', en: 'Need match' },
  { key: 'budget', zh: '预算', en: 'Budget' },
  { key: 'authority', zh: '决策权限', en: 'Decision authority' },
  { key: 'grade', zh: '意向等级', en: 'Grade' },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'ownerName', zh: '负责人', en: 'Owner' },
  { key: 'departmentName', zh: '所属部门', en: 'Department' },
  { key: 'registeredAt', zh: '登记时间', en: 'Registered', date: 'datetime' },
];

/** A channel's name from the admin-maintained list, in the reader's language (the key if it is gone). */
async function channelNamer(deps: Deps, locale: Locale): Promise<(key: string) => string> {
  const byKey = new Map((await sourceChannelList(deps.db)).map((c) => [c.key, locale === 'en' ? c.nameEn : c.nameZh]));
  return (key) => byKey.get(key) ?? key;
}

/** The lead list as a spreadsheet: the same filters, sort and data scope as GET /leads. */
export async function exportLeads(deps: Deps, ctx: Ctx, locale: Locale, query: z.infer<typeof exportLeadsQuery>): Promise<Download> {
  requirePermission(ctx.actor, 'lead', 'read');
  requirePermission(ctx.actor, 'lead', 'export');
  const sort = leadSortKey(query.sort);
  const filters = [...leadFilterConditions(query, ctx.now), q.leadIdIn(query.ids)];
  const channel = await channelNamer(deps, locale);
  async function* rows(): AsyncGenerator<Record_> {
    let cursor: string | undefined;
    for (;;) {
      const batch = await listLeads(deps.db, { viewer: ctx.actor, filters, sort, cursor, limit: BATCH });
      const page = batch.slice(0, BATCH);
      for (const { lead: l, ownerName, departmentName } of page) {
        yield {
          number: l.number,
          contactName: l.contactName,
          companyName: l.companyName,
          title: l.title,
          phone: l.phone ? formatPhone(l.phone) : null,
          email: l.email,
          channel: channel(l.channel),
          sourceDetail: l.sources[0]?.detail ?? null,
          sources: l.sources.map((s) => (s.detail ? `${channel(s.channel)}: ${s.detail}` : channel(s.channel))).join('; '),
          needs: l.needs,
          needMatch: label(ANSWER_LABELS[l.needMatch], locale),
          budget: label(ANSWER_LABELS[l.budget], locale),
          authority: label(ANSWER_LABELS[l.authority], locale),
          grade: l.grade,
          status: label(LEAD_STATUS_LABELS[l.status], locale),
          ownerName,
          departmentName,
          registeredAt: l.registeredAt,
        };
      }
      const last = page.at(-1);
      if (batch.length <= BATCH || !last) return;
      cursor = encodeCursor(...leadSortValue(last, query.sort));
    }
  }
  return download(deps, locale, query.format, { 'zh-CN': '线索', en: 'leads' }, LEAD_COLUMNS, rows(), ctx.now);
}
