import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Locale } from '../../../contracts/auth.ts';
import type { ImportEntity } from '../../../contracts/imports.ts';
import { ANNUAL_REVENUE_RANGES, CUSTOMER_KIND_LABELS, EMPLOYEE_SIZE_RANGES, LEAD_GRADES, LIFECYCLE_STAGE_LABELS, type Label } from '../../../contracts/vocabulary.ts';
import { fieldLabel, type ImportFieldDef } from './imports.rules.ts';

/**
 * 下载模板: an xlsx per entity with the import's columns as headers (in the reader's language, so
 * they map by themselves), a sample row, and drop-down lists (data validation) for the columns
 * whose values come from a list. The lists live on a second, hidden sheet, since a list typed into
 * the validation itself may hold only 255 characters and the industries alone are longer.
 */

/** Rows the drop-downs cover: a template is for typing in, not for 100,000 rows. */
const VALIDATED_ROWS = 2000;

export interface TemplateLists {
  channels: string[];
  industries: string[];
  provinces: string[];
}

const SAMPLES: Record<ImportEntity, Record<string, string>> = {
  // Requirement 003's 客户基本信息表 with the example values the document gives.
  customer: {
    name: '科技有限公司',
    kind: '公司客户',
    industry: '制造业',
    employeeSize: '200-499人',
    province: '上海市',
    address: '上海市浦东新区张江路88号',
    sourceChannel: '展会',
    sourceDetail: '2024中国制造业数字化转型博览会',
    firstContactDate: '2024-01-15',
    stage: '意向',
    grade: 'B',
    needs: '需要高性价比办公软件',
    contactName: '李经理',
    contactTitle: '采购部总监',
    contactPhone: '138 1234 5678',
    contactEmail: 'li@example.cn',
    decisionChain: '李(总经理),张(采购经理)',
  },
  contact: { customer: '科技有限公司', name: '李经理', title: '采购部总监', department: '采购部', phones: '138 1234 5678', email: 'li@example.cn' },
  // Requirement 004's 客户获取线索登记表, first sample row.
  lead: {
    contactName: '张经理',
    companyName: '科技有限公司',
    title: '采购经理',
    phone: '139 5678 1234',
    channel: '展会',
    sourceDetail: '2024中国制造业数字化转型博览会',
    needs: '寻找生产环节数据管理工具',
    industry: '制造业',
    province: '上海市',
    needMatch: '是',
    budget: '不明确',
    authority: '是',
    grade: 'A',
    registeredAt: '2024-03-15',
  },
};

/** Fields of the sheets kept by teams that a new template leaves out (they only match such sheets). */
const SHEET_ONLY = new Set(['contactReach', 'legacyNumber', 'recordedBy', 'recordedAt', 'lastUpdatedAt', 'owner']);

function label(l: Label, locale: Locale): string {
  return locale === 'en' ? l.en : l['zh-CN'];
}

function choiceLists(entity: ImportEntity, locale: Locale, lists: TemplateLists): Record<string, string[]> {
  const answers = locale === 'en' ? ['yes', 'unclear', 'no'] : ['是', '不明确', '否'];
  const common = { industry: lists.industries, province: lists.provinces };
  switch (entity) {
    case 'customer':
      return {
        ...common,
        kind: Object.values(CUSTOMER_KIND_LABELS).map((l) => label(l, locale)),
        stage: Object.values(LIFECYCLE_STAGE_LABELS).map((l) => label(l, locale)),
        sourceChannel: lists.channels,
        employeeSize: EMPLOYEE_SIZE_RANGES.map((r) => label(r.label, locale)),
        annualRevenue: ANNUAL_REVENUE_RANGES.map((r) => label(r.label, locale)),
        grade: [...LEAD_GRADES],
      };
    case 'lead':
      return { ...common, channel: lists.channels, grade: [...LEAD_GRADES], needMatch: answers, budget: answers, authority: answers };
    case 'contact':
      return {};
  }
}

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

export async function writeImportTemplate(dest: Writable, entity: ImportEntity, fields: readonly ImportFieldDef[], locale: Locale, lists: TemplateLists): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(locale === 'en' ? 'Data' : '数据');
  const options = wb.addWorksheet(locale === 'en' ? 'Lists' : '选项', { state: 'hidden' });
  const columns = fields.filter((f) => !SHEET_ONLY.has(f.key));
  sheet.columns = columns.map((f) => ({ header: fieldLabel(f, locale), key: f.key, width: Math.max(12, fieldLabel(f, locale).length * 2 + 4) }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const sample = SAMPLES[entity];
  sheet.addRow(Object.fromEntries(columns.map((f) => [f.key, sample[f.key] ?? ''])));
  const choices = choiceLists(entity, locale, lists);
  let listColumn = 0;
  columns.forEach((f, i) => {
    const header = sheet.getCell(1, i + 1);
    if (f.required) header.note = locale === 'en' ? 'Required' : '必填';
    const values = choices[f.key];
    if (!values?.length) return;
    listColumn++;
    const letter = columnLetter(listColumn);
    options.getCell(1, listColumn).value = fieldLabel(f, locale);
    values.forEach((v, j) => (options.getCell(j + 2, listColumn).value = v));
    const range = `'${options.name}'!$${letter}$2:$${letter}$${values.length + 1}`;
    const target = columnLetter(i + 1);
    // One validation for the whole column range (ExcelJS writes it once, not per cell); its
    // typings leave the worksheet's validation list out.
    (sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${target}2:${target}${VALIDATED_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [range],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: locale === 'en' ? 'Not in the list' : '不在列表中',
      error: locale === 'en' ? 'Choose a value from the list (other values are asked about when importing).' : '请从列表中选择（其他值在导入时会请您确认对应项）。',
    });
  });
  await wb.xlsx.write(dest);
}
