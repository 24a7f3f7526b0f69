import { describe, expect, it } from 'vitest';
import type { OpportunityDetail, PipelineStage } from '../../../contracts/opportunities.ts';
import type { Product } from '../../../contracts/products.ts';
import { matchFieldIssues } from '../../ui/fieldErrors.ts';
import {
  fenToYuanText,
  formFieldOf,
  initialOpportunityValues,
  lineFigures,
  lineFromProduct,
  opportunityChanges,
  previewTotals,
  toCreateOpportunityBody,
  yuanTextToFen,
  type OpportunityValues,
} from './opportunityForm.ts';

const product: Product = {
  id: '00000000-0000-4000-8000-000000000001',
  sku: 'ERP-PRO',
  name: '智能制造 ERP 专业版',
  category: '软件',
  unit: '套',
  listPriceFen: 12_800_000,
  currency: 'CNY',
  taxRatePercent: 13,
  status: 'active',
  description: null,
  createdAt: '',
  updatedAt: '',
  version: 1,
};

describe('yuan and fen in the form', () => {
  it('round-trip exactly', () => {
    expect(fenToYuanText(123_456)).toBe('1234.56');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(fenToYuanText(0)).toBe('0.00');
    expect(yuanTextToFen('1234.56')).toBe(123_456);
    expect(yuanTextToFen('1,234.5')).toBe(123_450);
    // 0.1 + 0.2 style float noise never reaches the amount: parsed as text.
    expect(yuanTextToFen('0.29')).toBe(29);
    for (const fen of [1, 10, 99, 100, 19_999_999, 1_000_000_000_001]) expect(yuanTextToFen(fenToYuanText(fen))).toBe(fen);
    expect(yuanTextToFen('1.234')).toBeNull();
    expect(yuanTextToFen('abc')).toBeNull();
    expect(yuanTextToFen(undefined)).toBeNull();
  });
});

describe('line totals while typing', () => {
  it('follow the money rules (each amount rounded half up on its own)', () => {
    // 2 × 128,000.00 = 256,000.00 − 5% = 243,200.00 + 13% 31,616.00 = 274,816.00
    expect(lineFigures({ ...lineFromProduct(product, 2), discountPercent: 5 })).toEqual({ subtotalFen: 25_600_000, discountFen: 1_280_000, netFen: 24_320_000, taxFen: 3_161_600, totalFen: 27_481_600 });
    // 10.5 × 2,500.00 + 6%
    const service = { name: '实施服务', quantity: 10.5, unitPrice: '2500', discountPercent: 0, taxRatePercent: 6 };
    expect(lineFigures(service)?.totalFen).toBe(2_782_500);
    expect(previewTotals([{ ...lineFromProduct(product, 2), discountPercent: 5 }, service])).toEqual({ subtotalFen: 28_225_000, discountFen: 1_280_000, netFen: 26_945_000, taxFen: 3_319_100, totalFen: 30_264_100 });
  });

  it('count incomplete or invalid lines as nothing yet', () => {
    expect(lineFigures({ quantity: null, unitPrice: '10' })).toBeNull();
    expect(lineFigures({ quantity: 1, unitPrice: '10.001' })).toBeNull();
    expect(lineFigures({ quantity: 1.0001, unitPrice: '10' })).toBeNull();
    expect(lineFigures({ quantity: 1, unitPrice: '10', discountPercent: 120 })).toBeNull();
    expect(previewTotals([{ quantity: 1, unitPrice: '' }, { quantity: 3, unitPrice: '0.33', taxRatePercent: 0 }]).totalFen).toBe(99);
  });
});

const stages: PipelineStage[] = [
  { id: '00000000-0000-4000-8000-0000000000a1', key: 'initial_contact', nameZh: '初步接触', nameEn: 'Initial contact', kind: 'open', probability: 10, sortOrder: 10, active: true, version: 1 },
  { id: '00000000-0000-4000-8000-0000000000a9', key: 'won', nameZh: '赢单', nameEn: 'Won', kind: 'won', probability: 100, sortOrder: 90, active: true, version: 1 },
];

describe('the bodies sent', () => {
  const values = (patch: Partial<OpportunityValues>): OpportunityValues => ({ ...initialOpportunityValues({ mode: 'create' }, stages), customerId: 'c1', name: ' ERP 一期 ', ...patch });

  it('create with lines sends fen and no amount; without lines the amount in fen', () => {
    const body = toCreateOpportunityBody(values({ items: [{ ...lineFromProduct(product, 2), discountPercent: 5 }] }), 'open');
    expect(body).toMatchObject({ customerId: 'c1', name: 'ERP 一期', currency: 'CNY', stageId: stages[0]?.id, probability: 10 });
    expect(body.amountFen).toBeUndefined();
    expect(body.items).toEqual([{ productId: product.id, name: product.name, unit: '套', quantity: 2, unitPriceFen: 12_800_000, discountPercent: 5, taxRatePercent: 13 }]);
    const plain = toCreateOpportunityBody(values({ amount: '50000.10' }), 'open');
    expect(plain).toMatchObject({ amountFen: 5_000_010 });
    expect(plain.items).toBeUndefined();
    // Created as won: the reason goes along, the probability is the stage's.
    const closed = toCreateOpportunityBody(values({ stageId: stages[1]?.id, amount: '1', closeReason: ' 老客户复购 ' }), 'won');
    expect(closed).toMatchObject({ closeReason: '老客户复购' });
    expect(closed.probability).toBeUndefined();
  });

  it('create sends the 来源活动 picked, and nothing when none is, so the server inherits it', () => {
    const campaignId = '0190a000-0000-7000-8000-000000000c01';
    expect(toCreateOpportunityBody(values({ amount: '1', campaignId }), 'open').campaignId).toBe(campaignId);
    expect(toCreateOpportunityBody(values({ amount: '1', campaignId: null }), 'open')).not.toHaveProperty('campaignId');
    expect(toCreateOpportunityBody(values({ amount: '1' }), 'open')).not.toHaveProperty('campaignId');
  });

  it('update sends only what changed, lines whole when one changed', () => {
    const o = {
      id: 'o1', customerId: 'c1', customerName: '客户', contactId: null, contactName: null, name: 'ERP 一期', amountFen: 27_481_600, amountFromItems: true, currency: 'CNY', stageId: stages[0]?.id ?? '', stageKind: 'open',
      probability: 10, weightedFen: 0, expectedCloseDate: '2027-01-20', ownerId: 'u', ownerName: null, departmentId: null, sourceChannel: null, campaignId: null, campaignName: null,
      leadId: null, competitors: null, nextStep: null, description: null,
      closeReason: null, closedAt: null, stageChangedAt: '', createdAt: '', updatedAt: '', version: 7, subtotalFen: 0, discountFen: 0, taxFen: 0, stageHistory: [],
      items: [{ id: 'l1', productId: product.id, sku: 'ERP-PRO', name: product.name, unit: '套', quantity: 2, unitPriceFen: 12_800_000, discountPercent: 5, taxRatePercent: 13, subtotalFen: 0, discountFen: 0, netFen: 0, taxFen: 0, totalFen: 27_481_600 }],
    } satisfies OpportunityDetail;
    const initial = initialOpportunityValues({ mode: 'edit', opportunity: o }, stages);
    expect(initial.items[0]?.unitPrice).toBe('128000.00');
    expect(opportunityChanges(o, initial)).toBeNull();
    expect(opportunityChanges(o, { ...initial, nextStep: '约技术交流' })).toEqual({ version: 7, nextStep: '约技术交流' });
    const repriced = opportunityChanges(o, { ...initial, items: [{ ...initial.items[0], unitPrice: '120000' }] });
    expect(repriced?.items?.[0]).toMatchObject({ unitPriceFen: 12_000_000 });
    // Lines removed: the amount is entered again.
    expect(opportunityChanges(o, { ...initial, items: [], amount: '3000' })).toEqual({ version: 7, items: [], amountFen: 300_000 });

    // 来源活动: picked, changed, or cleared (null removes it); untouched sends nothing.
    const campaignId = '0190a000-0000-7000-8000-000000000c01';
    expect(opportunityChanges(o, { ...initial, campaignId })).toEqual({ version: 7, campaignId });
    const fromCampaign = { ...o, campaignId, campaignName: '2026 上海工业博览会' };
    const initialFrom = initialOpportunityValues({ mode: 'edit', opportunity: fromCampaign }, stages);
    expect(initialFrom.campaignId).toBe(campaignId);
    expect(opportunityChanges(fromCampaign, initialFrom)).toBeNull();
    expect(opportunityChanges(fromCampaign, { ...initialFrom, campaignId: null })).toEqual({ version: 7, campaignId: null });
    expect(opportunityChanges(fromCampaign, { ...initialFrom, campaignId: undefined })).toBeNull();
  });
});

describe('server errors on the form', () => {
  it('name the line field at fault', () => {
    expect(formFieldOf('items.0.productId')).toEqual(['items', 0, 'productId']);
    expect(formFieldOf('body.items.2.unitPriceFen')).toEqual(['items', 2, 'unitPrice']);
    expect(formFieldOf('amountFen')).toEqual(['amount']);
    expect(formFieldOf('body.reason')).toEqual(['closeReason']);
    const placed = matchFieldIssues(
      [
        { path: 'items.1.quantity', message: '数量过大' },
        { path: 'amountFen', message: '请填写金额' },
        { path: 'name', message: '必填' },
      ],
      new Set(['items', 'amount', 'name']),
      formFieldOf,
    );
    expect(placed.byField).toEqual([
      [['items', 1, 'quantity'], ['数量过大']],
      [['amount'], ['请填写金额']],
      [['name'], ['必填']],
    ]);
    expect(placed.unmatched).toEqual([]);
  });
});
