import { describe, expect, it } from 'vitest';
import { ANNUAL_REVENUE_RANGES, EMPLOYEE_SIZE_RANGES, LEAD_CHANNEL_LABELS, LEAD_CHANNELS, LEAD_STATUS_LABELS, LEAD_STATUSES, LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES, annualRevenueFor, annualRevenueSchema, employeeSizeFor, employeeSizeSchema, industryCodeSchema, leadCriteriaSchema, leadGradeOverrideSchema } from './vocabulary.ts';

describe('employee size ranges', () => {
  it('are contiguous from 1 with an open last range', () => {
    let next = 1;
    for (const r of EMPLOYEE_SIZE_RANGES) {
      expect(r.min).toBe(next);
      if (r.max === null) break;
      next = r.max + 1;
    }
    expect(EMPLOYEE_SIZE_RANGES.at(-1)?.max).toBeNull();
  });

  it('place a head count in its range (bounds inclusive)', () => {
    expect(employeeSizeFor(1)).toBe('1-19');
    expect(employeeSizeFor(19)).toBe('1-19');
    expect(employeeSizeFor(20)).toBe('20-49');
    expect(employeeSizeFor(350)).toBe('200-499');
    expect(employeeSizeFor(4999)).toBe('1000-4999');
    expect(employeeSizeFor(5000)).toBe('5000+');
    expect(employeeSizeFor(250_000)).toBe('5000+');
    expect(employeeSizeFor(0)).toBeNull();
    expect(employeeSizeFor(12.5)).toBeNull();
  });

  it('validate stored keys', () => {
    expect(employeeSizeSchema.parse('200-499')).toBe('200-499');
    expect(employeeSizeSchema.safeParse('200-500').success).toBe(false);
  });
});

describe('annual revenue ranges', () => {
  it('are contiguous from 0 with an open last range', () => {
    let next = 0;
    for (const r of ANNUAL_REVENUE_RANGES) {
      expect(r.min).toBe(next);
      if (r.max === null) break;
      next = r.max;
    }
  });

  it('place a revenue in yuan in its range (min inclusive, max exclusive)', () => {
    expect(annualRevenueFor(0)).toBe('lt1m');
    expect(annualRevenueFor(999_999)).toBe('lt1m');
    expect(annualRevenueFor(1_000_000)).toBe('1m-5m');
    expect(annualRevenueFor(80_000_000)).toBe('50m-200m'); // 8000万
    expect(annualRevenueFor(200_000_000)).toBe('200m-1b'); // 2亿
    expect(annualRevenueFor(5e10)).toBe('1b+');
    expect(annualRevenueFor(-1)).toBeNull();
    expect(annualRevenueFor(Number.NaN)).toBeNull();
    expect(annualRevenueSchema.safeParse('50m-200m').success).toBe(true);
  });
});

describe('labels', () => {
  it('exist in both languages for every key', () => {
    for (const k of LIFECYCLE_STAGES) expect(LIFECYCLE_STAGE_LABELS[k]['zh-CN']).toBeTruthy();
    for (const k of LEAD_STATUSES) expect(LEAD_STATUS_LABELS[k].en).toBeTruthy();
    for (const k of LEAD_CHANNELS) expect(LEAD_CHANNEL_LABELS[k]['zh-CN']).toBeTruthy();
    expect(LEAD_CHANNEL_LABELS.trade_show['zh-CN']).toBe('展会');
    expect(LEAD_CHANNEL_LABELS.search_ads['zh-CN']).toBe('搜索推广');
    expect(LIFECYCLE_STAGE_LABELS.customer['zh-CN']).toBe('成交');
  });
});

describe('schemas', () => {
  it('accept letter-only industry codes', () => {
    expect(industryCodeSchema.safeParse('MANU').success).toBe(true);
    expect(industryCodeSchema.safeParse('IT').success).toBe(true);
    expect(industryCodeSchema.safeParse('manu').success).toBe(false);
    expect(industryCodeSchema.safeParse('MANU1').success).toBe(false);
    expect(industryCodeSchema.safeParse('M').success).toBe(false);
  });

  it('require all three lead criteria and a reason for an override', () => {
    expect(leadCriteriaSchema.safeParse({ needMatch: 'yes', budget: 'unclear', authority: 'no' }).success).toBe(true);
    expect(leadCriteriaSchema.safeParse({ needMatch: 'yes', budget: 'maybe', authority: 'no' }).success).toBe(false);
    expect(leadCriteriaSchema.safeParse({ needMatch: 'yes', budget: 'yes' }).success).toBe(false);
    expect(leadGradeOverrideSchema.safeParse({ grade: 'A', reason: '  ' }).success).toBe(false);
    expect(leadGradeOverrideSchema.parse({ grade: 'A', reason: ' 老客户推荐 ' })).toEqual({ grade: 'A', reason: '老客户推荐' });
  });
});
