import { describe, expect, it } from 'vitest';
import type { Board, Opportunity, PipelineStage } from '../../../contracts/opportunities.ts';
import { durationParts, findCard, moveCard, replaceCard, stageProbability } from './board.ts';

const stage = (key: string, kind: PipelineStage['kind'], probability: number, sortOrder: number): PipelineStage => ({
  id: `00000000-0000-4000-8000-0000000000${String(sortOrder).padStart(2, '0')}`,
  key,
  nameZh: key,
  nameEn: key,
  kind,
  probability,
  sortOrder,
  active: true,
  version: 1,
});

const proposal = stage('proposal', 'open', 60, 30);
const negotiation = stage('negotiation', 'open', 80, 40);
const won = stage('won', 'won', 100, 90);
const lost = stage('lost', 'lost', 0, 95);

function card(id: string, s: PipelineStage, amountFen: number, currency: Opportunity['currency'] = 'CNY'): Opportunity {
  return {
    id,
    customerId: 'c',
    customerName: '客户',
    contactId: null,
    contactName: null,
    name: id,
    amountFen,
    amountFromItems: false,
    currency,
    stageId: s.id,
    stageKind: s.kind,
    probability: s.probability,
    weightedFen: Math.round((amountFen * s.probability) / 100),
    expectedCloseDate: null,
    ownerId: 'o',
    ownerName: null,
    departmentId: null,
    sourceChannel: null,
    campaignId: null,
    campaignName: null,
    leadId: null,
    competitors: null,
    nextStep: null,
    description: null,
    closeReason: null,
    closedAt: null,
    stageChangedAt: '2026-12-01T00:00:00.000Z',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    version: 3,
  };
}

function board(): Board {
  const a = card('a', proposal, 100_005);
  const b = card('b', proposal, 200_000);
  const u = card('u', proposal, 10_000, 'USD');
  return {
    columns: [
      {
        stage: proposal,
        count: 3,
        items: [a, b, u],
        totals: [
          { currency: 'CNY', count: 2, amountFen: 300_005, weightedFen: 180_003 },
          { currency: 'USD', count: 1, amountFen: 10_000, weightedFen: 6_000 },
        ],
      },
      { stage: negotiation, count: 0, items: [], totals: [] },
      { stage: won, count: 1, items: [card('w', won, 50_000, 'USD')], totals: [{ currency: 'USD', count: 1, amountFen: 50_000, weightedFen: 50_000 }] },
      { stage: lost, count: 0, items: [], totals: [] },
    ],
  };
}

describe('the optimistic board move', () => {
  it('moves the card to the top of the target column with the stage probability and exact weighted amount', () => {
    const next = moveCard(board(), 'a', negotiation.id);
    const moved = findCard(next, 'a');
    expect(moved?.column.stage.key).toBe('negotiation');
    // 100,005 × 80% = 80,004
    expect(moved?.card).toMatchObject({ stageId: negotiation.id, stageKind: 'open', probability: 80, weightedFen: 80_004 });
    expect(next.columns[1]).toMatchObject({ count: 1, totals: [{ currency: 'CNY', count: 1, amountFen: 100_005, weightedFen: 80_004 }] });
    // The source column loses the card and its share of the totals.
    expect(next.columns[0]).toMatchObject({ count: 2, totals: [{ currency: 'CNY', count: 1, amountFen: 200_000, weightedFen: 120_000 }, { currency: 'USD', count: 1, amountFen: 10_000, weightedFen: 6_000 }] });
    expect(next.columns[0]?.items.map((c) => c.id)).toEqual(['b', 'u']);
  });

  it('won takes 100% and lost 0%; the last card of a currency drops its total; CNY stays first', () => {
    const toWon = moveCard(board(), 'a', won.id);
    expect(findCard(toWon, 'a')?.card).toMatchObject({ stageKind: 'won', probability: 100, weightedFen: 100_005 });
    expect(toWon.columns[2]?.totals).toEqual([
      { currency: 'CNY', count: 1, amountFen: 100_005, weightedFen: 100_005 },
      { currency: 'USD', count: 1, amountFen: 50_000, weightedFen: 50_000 },
    ]);
    expect(toWon.columns[2]?.items.map((c) => c.id)).toEqual(['a', 'w']);
    const usdLost = moveCard(board(), 'u', lost.id);
    expect(usdLost.columns[0]?.totals.map((t) => t.currency)).toEqual(['CNY']);
    expect(findCard(usdLost, 'u')?.card).toMatchObject({ probability: 0, weightedFen: 0 });
    expect(usdLost.columns[3]).toMatchObject({ count: 1, totals: [{ currency: 'USD', count: 1, amountFen: 10_000, weightedFen: 0 }] });
  });

  it('leaves the board as it was for a drop on the same column or an unknown card, and does not touch the original', () => {
    const original = board();
    const copy = structuredClone(original);
    expect(moveCard(original, 'a', proposal.id)).toBe(original);
    expect(moveCard(original, 'nope', won.id)).toBe(original);
    moveCard(original, 'a', won.id);
    expect(original).toEqual(copy);
  });

  it('puts the server card in place after the move was accepted', () => {
    const next = moveCard(board(), 'a', won.id);
    const server = { ...card('a', won, 100_005), version: 4, closeReason: '价格有优势' };
    expect(findCard(replaceCard(next, server), 'a')?.card).toMatchObject({ version: 4, closeReason: '价格有优势' });
  });

  it('knows each stage probability', () => {
    expect([proposal, won, lost].map(stageProbability)).toEqual([60, 100, 0]);
  });
});

describe('stage durations', () => {
  it('split into days, hours and minutes', () => {
    expect(durationParts(3 * 86_400 + 5 * 3600 + 59)).toEqual({ days: 3, hours: 5, minutes: 0 });
    expect(durationParts(59 * 60)).toEqual({ days: 0, hours: 0, minutes: 59 });
    expect(durationParts(-5)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});
