import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../contracts/leads.ts';
import { computeLeadGrade } from '../../../contracts/leads.ts';
import { channelFromCampaign, contactChanges, criteriaChanges, effectiveRegion, initialContactValues, initialCreateValues, toCreateBody } from './leadForm.ts';

const lead: Lead = {
  id: '0190a000-0000-7000-8000-000000000001',
  number: 'LX2026001',
  legacyNumber: null,
  channel: 'trade_show',
  sources: [{ channel: 'trade_show', detail: '工博会', at: '2026-03-01T08:00:00.000Z', campaignId: null, campaignName: null }],
  campaignId: null,
  campaignName: null,
  companyName: '苏州恒达电子有限公司',
  contactName: '王芳',
  title: '采购经理',
  phone: { e164: '+8613812345678', display: '138 1234 5678' },
  email: 'wang@hengda.example',
  needs: null,
  provinceCode: null,
  region: null,
  industryCode: null,
  criteria: { needMatch: 'yes', budget: 'unclear', authority: 'yes' },
  computedGrade: 'B',
  grade: 'B',
  gradeOverrideReason: null,
  status: 'new',
  ownerId: null,
  ownerName: null,
  departmentId: null,
  departmentName: null,
  assignedAt: null,
  registeredAt: '2026-03-01T08:00:00.000Z',
  sla: { kind: 'none' },
  slaBreachedAt: null,
  customerId: null,
  convertedAt: null,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
  version: 3,
  access: { read: true, write: true, assign: true },
};

describe('toCreateBody', () => {
  it('trims, turns empty boxes into null and sends every criterion', () => {
    const body = toCreateBody(
      { ...initialCreateValues(), channel: 'website', contactName: ' 李雷 ', companyName: '  ', email: ' Li@Example.COM ', criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' } },
      false,
    );
    expect(body).toEqual({
      channel: 'website',
      sourceDetail: null,
      companyName: null,
      contactName: '李雷',
      title: null,
      phone: null,
      email: 'li@example.com',
      needs: null,
      provinceCode: null,
      region: null,
      industryCode: null,
      criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' },
    });
  });

  it('sends the province without a region (the server derives it), or the region when no province is known', () => {
    const base = { ...initialCreateValues(), channel: 'website' as const, contactName: '李雷' };
    const withProvince = toCreateBody({ ...base, provinceCode: '320000', region: 'south', industryCode: 'MANU' }, false);
    expect(withProvince).toMatchObject({ provinceCode: '320000', industryCode: 'MANU' });
    expect(withProvince).not.toHaveProperty('region');
    expect(toCreateBody({ ...base, region: 'northwest' }, false)).toMatchObject({ provinceCode: null, region: 'northwest', industryCode: null });
  });

  it('assigns at once only for users who may assign', () => {
    const values = { ...initialCreateValues(), channel: 'referral' as const, contactName: '韩梅梅', ownerId: '0190a000-0000-7000-8000-0000000000aa' };
    expect(toCreateBody(values, true).ownerId).toBe(values.ownerId);
    expect(toCreateBody(values, false)).not.toHaveProperty('ownerId');
  });
});

describe('contactChanges', () => {
  it('is null when nothing changed, the formatted phone included', () => {
    expect(contactChanges(lead, initialContactValues(lead))).toBeNull();
  });

  it('sends only the changed fields with the version', () => {
    expect(contactChanges(lead, { ...initialContactValues(lead), title: '总经理', needs: ' MES 系统 ' })).toEqual({ version: 3, title: '总经理', needs: 'MES 系统' });
  });

  it('sends a corrected channel, and nothing for the one it has', () => {
    expect(contactChanges(lead, { ...initialContactValues(lead), channel: 'trade_show' })).toBeNull();
    expect(contactChanges(lead, { ...initialContactValues(lead), channel: 'referral' })).toEqual({ version: 3, channel: 'referral' });
  });

  it('clears a field with null and sends a retyped phone as typed', () => {
    expect(contactChanges(lead, { ...initialContactValues(lead), email: '', phone: '13900001111' })).toEqual({ version: 3, email: null, phone: '13900001111' });
  });
});

describe('contactChanges of the province, region and industry', () => {
  const inJiangsu: Lead = { ...lead, provinceCode: '320000', region: 'east', industryCode: 'MANU' };

  it('is null when they are unchanged, whatever stale region sits beside a province', () => {
    expect(contactChanges(inJiangsu, initialContactValues(inJiangsu))).toBeNull();
    expect(contactChanges(inJiangsu, { ...initialContactValues(inJiangsu), region: 'north' })).toBeNull();
  });

  it('sends a new province alone, since it sets the region', () => {
    expect(contactChanges(lead, { ...initialContactValues(lead), provinceCode: '440000', region: 'east' })).toEqual({ version: 3, provinceCode: '440000' });
  });

  it('keeps the region the form shows when the province is cleared', () => {
    expect(contactChanges(inJiangsu, { ...initialContactValues(inJiangsu), provinceCode: null })).toEqual({ version: 3, provinceCode: null, region: 'east' });
    expect(contactChanges(inJiangsu, { ...initialContactValues(inJiangsu), provinceCode: null, region: null })).toEqual({ version: 3, provinceCode: null, region: null });
  });

  it('sends a region changed without a province, and a changed or cleared industry', () => {
    expect(contactChanges(lead, { ...initialContactValues(lead), region: 'southwest' })).toEqual({ version: 3, region: 'southwest' });
    expect(contactChanges(inJiangsu, { ...initialContactValues(inJiangsu), industryCode: null })).toEqual({ version: 3, industryCode: null });
    expect(contactChanges(lead, { ...initialContactValues(lead), industryCode: 'IT', title: '总监' })).toEqual({ version: 3, title: '总监', industryCode: 'IT' });
  });
});

describe('effectiveRegion', () => {
  it('is the province’s region when there is a province, else the region chosen', () => {
    expect(effectiveRegion({ provinceCode: '320000', region: 'north' })).toBe('east');
    expect(effectiveRegion({ provinceCode: '810000' })).toBe('hk_mo_tw');
    expect(effectiveRegion({ provinceCode: null, region: 'central' })).toBe('central');
    expect(effectiveRegion({})).toBeNull();
  });
});

describe('criteriaChanges', () => {
  it('names only the answers that changed', () => {
    expect(criteriaChanges(lead, lead.criteria)).toBeNull();
    expect(criteriaChanges(lead, { ...lead.criteria, budget: 'yes' })).toEqual({ budget: 'yes' });
  });
});

describe('the live grade preview', () => {
  it('uses the server’s rule: all three yes is A, a budget that does not fit is C', () => {
    expect(computeLeadGrade({ needMatch: 'yes', budget: 'yes', authority: 'yes' })).toBe('A');
    expect(computeLeadGrade(lead.criteria)).toBe(lead.computedGrade);
    expect(computeLeadGrade({ needMatch: 'yes', budget: 'no', authority: 'yes' })).toBe('C');
  });
});

describe('the campaign a lead came through', () => {
  const campaignId = '0190a000-0000-7000-8000-000000000c01';

  it('is sent on creation when one is picked, and left out otherwise', () => {
    const base = { ...initialCreateValues(), channel: 'trade_show' as const, contactName: '李雷' };
    expect(toCreateBody({ ...base, campaignId }, false).campaignId).toBe(campaignId);
    expect(toCreateBody({ ...base, campaignId: null }, false)).not.toHaveProperty('campaignId');
  });

  it('is sent on an edit when changed or cleared, and not when the form leaves it alone', () => {
    expect(contactChanges(lead, { ...initialContactValues(lead), campaignId })).toEqual({ version: 3, campaignId });
    const fromCampaign: Lead = { ...lead, campaignId, campaignName: '2026 上海工业博览会' };
    expect(contactChanges(fromCampaign, initialContactValues(fromCampaign))).toBeNull();
    expect(contactChanges(fromCampaign, { ...initialContactValues(fromCampaign), campaignId: null })).toEqual({ version: 3, campaignId: null });
    expect(contactChanges(fromCampaign, { ...initialContactValues(fromCampaign), campaignId: undefined })).toBeNull();
  });

  it('presets the channel of a new lead from the campaign only when none is chosen', () => {
    expect(channelFromCampaign(undefined, { channel: 'trade_show' })).toBe('trade_show');
    expect(channelFromCampaign('referral', { channel: 'trade_show' })).toBeUndefined();
    expect(channelFromCampaign(undefined, { channel: null })).toBeUndefined();
    expect(channelFromCampaign(undefined, null)).toBeUndefined();
  });
});
