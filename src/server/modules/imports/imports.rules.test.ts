import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../platform/tabular/mapping.ts';
import { contactRow, customerKindOrStage, customerRow, employeeSizeOfRange, importFields, labelSimilarity, parseDecisionChain, leadRow, parseAmount, parseDate, rowOutcome, sensitiveColumns, splitList, splitReach, suggestMatch, unknownValues, type Lookups } from './imports.rules.ts';

const lookups: Lookups = {
  industries: new Map([
    ['MANU', 'MANU'],
    ['制造业', 'MANU'],
    ['manufacturing', 'MANU'],
  ]),
  tags: new Map([
    ['vip', 'a0000000-0000-4000-8000-000000000001'],
    ['重点客户', 'a0000000-0000-4000-8000-000000000002'],
  ]),
  provinces: new Map([
    ['浙江省', '330000'],
    ['浙江', '330000'],
  ]),
  channels: new Map([
    ['展会', 'trade_show'],
    ['行业展会', 'trade_show'],
    ['搜索推广', 'search_ads'],
    ['search_ads', 'search_ads'],
  ]),
};

describe('cell values', () => {
  it('reads dates as typed in Chinese and ISO forms, refusing impossible ones', () => {
    expect(parseDate('2024-03-05')).toBe('2024-03-05');
    expect(parseDate('2024/3/5')).toBe('2024-03-05');
    expect(parseDate('2024年3月5日')).toBe('2024-03-05');
    expect(parseDate('2024-03-05T14:30:00')).toBe('2024-03-05');
    expect(parseDate('2024-02-30')).toBeNull();
    expect(parseDate('下周')).toBeNull();
  });

  it('reads an Excel serial date stored as text, but not a year or an amount', () => {
    expect(parseDate('45366')).toBe('2024-03-15');
    expect(parseDate('45306')).toBe('2024-01-15');
    expect(parseDate('45366.5')).toBe('2024-03-15');
    expect(parseDate('2024')).toBeNull();
    expect(parseDate('120000')).toBeNull();
  });

  it('reads amounts with separators and 万/亿', () => {
    expect(parseAmount('1,200')).toBe(1200);
    expect(parseAmount('5000万')).toBe(50_000_000);
    expect(parseAmount('1.5亿')).toBe(150_000_000);
    expect(parseAmount('120人')).toBe(120);
    expect(parseAmount('很多')).toBeNull();
  });

  it('splits lists on Chinese and Latin separators', () => {
    expect(splitList('VIP, 华东；重点客户、 新客户')).toEqual(['VIP', '华东', '重点客户', '新客户']);
  });
});

describe('customerRow', () => {
  it('turns labels, names and exact figures into the API body', () => {
    const { body, problems } = customerRow(
      { name: '杭州云帆科技有限公司', kind: '公司客户', industry: '制造业', employeeSize: '120', annualRevenue: '5000万', province: '浙江', stage: '意向', grade: 'B级', tags: 'VIP、重点客户', firstContactDate: '2024/3/5', sourceChannel: '展会' },
      lookups,
    );
    expect(problems).toEqual([]);
    expect(body).toMatchObject({
      name: '杭州云帆科技有限公司',
      kind: 'company',
      industryCode: 'MANU',
      employeeSize: '100-199',
      annualRevenue: '50m-200m',
      provinceCode: '330000',
      stage: 'intent',
      grade: 'B',
      firstContactDate: '2024-03-05',
      sourceChannel: 'trade_show',
      tagIds: ['a0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002'],
    });
  });

  it('names every problem of a row with its field, including the API schema’s own', () => {
    const { body, problems } = customerRow({ name: 'X', kind: '合伙人', industry: '航天', tags: '不存在', firstContactDate: '2024-13-01' }, lookups);
    expect(body).toBeNull();
    expect(problems.map((p) => `${p.field}:${p.key}`).sort()).toEqual(['firstContactDate:import.badDate', 'industry:import.unknownIndustry', 'kind:import.unknownChoice', 'name:import.issue', 'tags:import.unknownTag']);
  });

  it('an empty name is required', () => {
    expect(customerRow({ name: '' }, lookups).problems.map((p) => p.field)).toEqual(['name']);
  });
});

describe('the primary contact of a customer row', () => {
  it('takes name, title, phone and e-mail from the row', () => {
    const { body, contact, problems } = customerRow({ name: '科技有限公司', contactName: '*经理', contactTitle: '采购部总监', contactPhone: '021-68888888', contactEmail: 'Li@Example.cn' }, lookups);
    expect(problems).toEqual([]);
    expect(body?.name).toBe('科技有限公司');
    expect(contact).toMatchObject({ name: '*经理', title: '采购部总监', phones: ['021-68888888'], email: 'li@example.cn', isPrimary: true });
  });

  it('a row without contact columns has no contact; a phone without a name is a problem', () => {
    expect(customerRow({ name: '科技有限公司' }, lookups).contact).toBeNull();
    const { body, problems } = customerRow({ name: '科技有限公司', contactPhone: '13812345678' }, lookups);
    expect(body).toBeNull();
    expect(problems).toEqual([{ field: 'contactName', key: 'import.contactNameMissing' }]);
  });

  it('联系方式 holds a phone or an e-mail, told apart by its shape', () => {
    expect(splitReach('13812345678')).toEqual({ phones: ['13812345678'], emails: [] });
    expect(splitReach('li@example.cn')).toEqual({ phones: [], emails: ['li@example.cn'] });
    expect(splitReach('021-68888888 / li＠example.cn')).toEqual({ phones: ['021-68888888'], emails: ['li@example.cn'] });
    expect(customerRow({ name: '科技有限公司', contactName: '张*', contactReach: 'zhang@example.cn' }, lookups).contact).toMatchObject({ email: 'zhang@example.cn' });
    expect(customerRow({ name: '科技有限公司', contactName: '张*', contactReach: 'not-an-email@' }, lookups).problems.map((p) => p.field)).toEqual(['contactReach']);
  });
});

describe('客户类型: a kind or a lifecycle stage, decided by the value', () => {
  it('reads company/individual as the kind and the four lifecycle values as the stage', () => {
    expect(customerKindOrStage('公司')).toEqual({ kind: 'company' });
    expect(customerKindOrStage('个人客户')).toEqual({ kind: 'individual' });
    expect(customerKindOrStage('潜在客户')).toEqual({ stage: 'potential' });
    expect(customerKindOrStage('意向客户')).toEqual({ stage: 'intent' });
    expect(customerKindOrStage('成交客户')).toEqual({ stage: 'customer' });
    expect(customerKindOrStage('流失客户')).toEqual({ stage: 'lost' });
    expect(customerKindOrStage('合伙人')).toEqual({ problem: { field: 'kind', key: 'import.unknownChoice', params: { value: '合伙人' } } });
  });

  it('a stage in 客户类型 fills the stage, and a stage column of its own wins', () => {
    expect(customerRow({ name: '科技有限公司', kind: '意向客户' }, lookups).body).toMatchObject({ kind: 'company', stage: 'intent' });
    expect(customerRow({ name: '科技有限公司', kind: '意向客户', stage: '成交' }, lookups).body).toMatchObject({ stage: 'customer' });
  });

  it('requirement 003’s headers map without manual work, the contact columns included', () => {
    const headers = ['客户编号', '客户名称', '联系人姓名', '联系人职务', '联系电话', '所属行业', '客户类型', '企业地址', '客户需求描述', '来源渠道', '首次接触时间'];
    expect(suggestMapping(headers, importFields('customer', true))).toMatchObject({
      客户名称: 'name',
      联系人姓名: 'contactName',
      联系人职务: 'contactTitle',
      联系电话: 'contactPhone',
      所属行业: 'industry',
      客户类型: 'kind',
      企业地址: 'address',
      客户需求描述: 'needs',
      来源渠道: 'sourceChannel',
      首次接触时间: 'firstContactDate',
    });
  });
});

describe('values outside the lists', () => {
  it('channels are found by name or synonym; unknown ones and the user’s answers are told apart', () => {
    expect(customerRow({ name: '科技有限公司', sourceChannel: '行业展会' }, lookups).body).toMatchObject({ sourceChannel: 'trade_show' });
    expect(customerRow({ name: '科技有限公司', sourceChannel: '线上广告' }, lookups).problems).toEqual([{ field: 'sourceChannel', key: 'import.unknownChannel', params: { value: '线上广告' } }]);
    const answered = { ...lookups, valueMapping: { sourceChannel: { 线上广告: 'search_ads' }, industry: { 交通运输: null } } };
    expect(customerRow({ name: '科技有限公司', sourceChannel: '线上广告', industry: '交通运输' }, answered)).toMatchObject({ problems: [], body: { sourceChannel: 'search_ads' } });
    expect(customerRow({ name: '科技有限公司', industry: '交通运输' }, answered).body?.industryCode).toBeUndefined();
  });

  it('lists each unknown value of a row once per field, tags one by one', () => {
    expect(unknownValues({ name: 'x', sourceChannel: '线上广告', industry: '交通运输', tags: 'VIP, 数据管理' }, lookups)).toEqual([
      { field: 'sourceChannel', value: '线上广告' },
      { field: 'industry', value: '交通运输' },
      { field: 'tags', value: '数据管理' },
    ]);
    expect(unknownValues({ contactName: '张*', channel: '搜索引擎推广' }, lookups)).toEqual([{ field: 'channel', value: '搜索引擎推广' }]);
  });

  it('suggests the nearest entry by any of its names, or nothing when none is close', () => {
    expect(labelSimilarity('交通运输', '交通运输仓储邮政')).toBeGreaterThan(0.5);
    expect(labelSimilarity('线上广告', '网络广告')).toBeCloseTo(1 / 3);
    const industries = [
      { key: 'LOGI', names: ['交通运输仓储邮政', 'Transport, storage and postal services', 'LOGI'] },
      { key: 'MANU', names: ['制造业', 'Manufacturing', 'MANU'] },
    ];
    expect(suggestMatch('交通运输', industries)).toBe('LOGI');
    const channels = [
      { key: 'trade_show', names: ['展会', '行业展会', '展会推广'] },
      { key: 'search_ads', names: ['搜索推广', '网络广告', '线上推广'] },
    ];
    expect(suggestMatch('线上广告', channels)).toBe('search_ads');
    expect(suggestMatch('朋友', channels)).toBeNull();
  });
});

describe('requirement 004’s sheets', () => {
  it('reads 企业规模 ranges by their lower bound, and 决策链成员 with titles in brackets', () => {
    expect(employeeSizeOfRange('200-500人')).toBe('200-499');
    expect(employeeSizeOfRange('50～100人')).toBe('50-99');
    expect(employeeSizeOfRange('很多人')).toBeNull();
    expect(customerRow({ name: 'YY贸易公司', employeeSize: '50-100人' }, lookups).body?.employeeSize).toBe('50-99');
    expect(parseDecisionChain('李(总经理),张（采购经理）、陈')).toEqual([
      { name: '李', title: '总经理', role: null },
      { name: '张', title: '采购经理', role: null },
      { name: '陈', title: null, role: null },
    ]);
    expect(customerRow({ name: 'YY贸易公司', decisionChain: '-' }, lookups).body?.decisionChain).toBeUndefined();
  });

  it('a lead’s 联系方式 is a phone or an e-mail by its shape; 意向等级 is an override with the reason 导入', () => {
    expect(leadRow({ contactName: '张*', channel: '行业展会', contactReach: '13956781234' }, lookups).body).toMatchObject({ phone: '13956781234' });
    expect(leadRow({ contactName: '张*', channel: '行业展会', contactReach: 'zhang@example.cn' }, lookups).body).toMatchObject({ email: 'zhang@example.cn' });
    expect(leadRow({ contactName: '张*', channel: '行业展会', grade: 'A' }, lookups).body?.gradeOverride).toEqual({ grade: 'A', reason: '导入' });
    expect(leadRow({ contactName: '张*', channel: '行业展会', grade: 'D' }, lookups).problems).toEqual([{ field: 'grade', key: 'import.unknownChoice', params: { value: 'D' } }]);
    expect(leadRow({ contactName: '张*', channel: '行业展会', registeredAt: '2024-03-15', owner: '李*', legacyNumber: 'LX2024001' }, lookups).extras).toEqual({ legacyNumber: 'LX2024001', owner: '李*', registeredAt: '2024-03-15' });
  });
});

describe('contactRow and leadRow', () => {
  it('a contact names its customer and may carry several phones in one cell', () => {
    const { customerRef, body, problems } = contactRow({ customer: '2024-MANU-001', name: '王经理', phones: '13812345678 / 021-62345678', email: 'Wang@Example.com' });
    expect(problems).toEqual([]);
    expect(customerRef).toBe('2024-MANU-001');
    expect(body).toMatchObject({ name: '王经理', phones: ['13812345678', '021-62345678'], email: 'wang@example.com' });
    expect(contactRow({ name: '李工' }).problems).toEqual([{ field: 'customer', key: 'validation.required' }]);
  });

  it('a lead takes channel and criteria by label, industry and province by name', () => {
    const { body, problems } = leadRow({ contactName: '周明', channel: '搜索推广', needMatch: '是', budget: '不明确', authority: '否', industry: '制造业', province: '浙江' }, lookups);
    expect(problems).toEqual([]);
    expect(body).toMatchObject({ channel: 'search_ads', criteria: { needMatch: 'yes', budget: 'unclear', authority: 'no' }, industryCode: 'MANU', provinceCode: '330000' });
    expect(leadRow({ contactName: '周明' }, lookups).problems).toEqual([{ field: 'channel', key: 'validation.required' }]);
    expect(leadRow({ contactName: '周明', channel: '行业展会' }, lookups).body).toMatchObject({ channel: 'trade_show' });
    expect(leadRow({ contactName: '周明', channel: '地推', budget: '也许', province: '火星' }, lookups).problems.map((p) => p.field)).toEqual(['province', 'channel', 'budget']);
  });
});

describe('fields and mapping', () => {
  it('sensitive fields are offered only to roles that may see them', () => {
    expect(importFields('customer', true).map((f) => f.key)).toContain('budgetNotes');
    expect(importFields('customer', false).map((f) => f.key)).not.toContain('budgetNotes');
  });

  it('headers of our own export map back onto the import fields', () => {
    const headers = ['客户编号', '客户名称', '客户类型', '统一社会信用代码', '所属行业', '企业规模', '年营收', '省份', '详细地址', '来源渠道', '生命周期阶段', '意向等级', '标签', '负责人'];
    const mapping = suggestMapping(headers, importFields('customer', true));
    expect(mapping).toMatchObject({ 客户名称: 'name', 客户类型: 'kind', 统一社会信用代码: 'creditCode', 所属行业: 'industry', 企业规模: 'employeeSize', 年营收: 'annualRevenue', 省份: 'province', 详细地址: 'address', 来源渠道: 'sourceChannel', 生命周期阶段: 'stage', 意向等级: 'grade', 标签: 'tags', 负责人: null });
  });
});

describe('rowOutcome', () => {
  it('decides by policy; a match outside one’s scope cannot be updated', () => {
    expect(rowOutcome('skip', null)).toEqual({ outcome: 'create' });
    expect(rowOutcome('skip', { inScope: false })).toEqual({ outcome: 'skip' });
    expect(rowOutcome('create', { inScope: true })).toEqual({ outcome: 'create' });
    expect(rowOutcome('update', { inScope: true })).toEqual({ outcome: 'update' });
    expect(rowOutcome('update', { inScope: false })).toEqual({ problem: { field: null, key: 'import.ownedBySomeoneElse' } });
  });
});

describe('sensitiveColumns', () => {
  it('names the column of each sensitive field a mapping fills', () => {
    expect(sensitiveColumns('customer', { 客户名称: 'name', 预算: 'budgetNotes', 决策: 'decisionNotes', 备注: null })).toEqual({ budgetNotes: '预算', decisionNotes: '决策' });
    expect(sensitiveColumns('customer', { 客户名称: 'name' })).toEqual({});
    expect(sensitiveColumns('lead', { 公司: 'companyName' })).toEqual({});
  });
});
