import { describe, expect, it } from 'vitest';
import { differingFields, mergeBody, swapChoices, type MergeSide } from './merge.ts';

const a: MergeSide = {
  id: '00000000-0000-4000-8000-00000000000a',
  name: '武汉光谷激光有限公司',
  kind: 'company',
  industryCode: 'MANU',
  provinceCode: '420000',
  cityCode: '420100',
  districtCode: '420111',
  address: null,
  stage: 'potential',
  decisionChain: [{ name: '李总', title: null, role: '决策人' }],
  ownerId: '00000000-0000-4000-8000-000000000001',
};
const b: MergeSide = {
  ...a,
  id: '00000000-0000-4000-8000-00000000000b',
  name: '武汉光谷激光技术股份有限公司',
  districtCode: '420102',
  stage: 'intent',
  decisionChain: [{ name: '李总', title: null, role: '决策人' }],
};

describe('merging two customers', () => {
  it('offers only the fields that differ, the address path as one', () => {
    expect(differingFields(a, b)).toEqual(['name', 'provinceCode', 'stage']);
    expect(differingFields(a, { ...a, id: b.id })).toEqual([]);
  });

  it('treats hidden sensitive fields as equal, and null like a missing value', () => {
    expect(differingFields({ ...a, budgetNotes: null }, a)).toEqual([]);
    expect(differingFields({ ...a, budgetNotes: '80 万' }, a)).toEqual(['budgetNotes']);
  });

  it('names only the differing fields the merged record wins', () => {
    expect(mergeBody(a, b, { name: 'merged', stage: 'survivor', industryCode: 'merged' })).toEqual({ survivorId: a.id, mergedId: b.id, take: { name: 'merged' } });
    expect(mergeBody(a, b, {})).toEqual({ survivorId: a.id, mergedId: b.id, take: {} });
  });

  it('keeps each chosen value when the survivor is swapped', () => {
    const fields = differingFields(a, b);
    const swapped = swapChoices({ name: 'merged' }, fields);
    expect(swapped).toEqual({ name: 'survivor', provinceCode: 'merged', stage: 'merged' });
    expect(mergeBody(b, a, swapped).take).toEqual({ provinceCode: 'merged', stage: 'merged' });
  });
});
