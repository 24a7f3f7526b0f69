import { describe, expect, it } from 'vitest';
import { firstOpenStage, funnelCounts, monthAfter, monthsFrom, moveToStage, stageDurations, type StageInfo } from './opportunities.rules.ts';

const now = new Date('2026-12-02T08:00:00Z');
const stage = (kind: StageInfo['kind'], probability: number, sortOrder: number, active = true): StageInfo => ({ id: `${kind}-${sortOrder}`, kind, probability, sortOrder, active });

describe('moveToStage', () => {
  it("takes the open stage's default probability, or the one given", () => {
    expect(moveToStage(stage('open', 60, 30), {}, now)).toEqual({ ok: true, probability: 60, closeReason: null, closedAt: null });
    expect(moveToStage(stage('open', 60, 30), { probability: 45 }, now)).toMatchObject({ probability: 45 });
  });

  it('closes a deal at 100% when won and 0% when lost, and only with a reason', () => {
    expect(moveToStage(stage('won', 100, 90), {}, now)).toEqual({ ok: false, refused: 'stage.reasonRequired' });
    expect(moveToStage(stage('lost', 0, 100), { reason: '  ' }, now)).toEqual({ ok: false, refused: 'stage.reasonRequired' });
    expect(moveToStage(stage('won', 100, 90), { reason: '价格优势', probability: 50 }, now)).toEqual({ ok: true, probability: 100, closeReason: '价格优势', closedAt: now });
    expect(moveToStage(stage('lost', 0, 100), { reason: '预算取消' }, now)).toEqual({ ok: true, probability: 0, closeReason: '预算取消', closedAt: now });
  });

  it('refuses a retired stage', () => {
    expect(moveToStage(stage('open', 30, 20, false), {}, now)).toEqual({ ok: false, refused: 'stage.retired' });
  });
});

describe('the default pipeline', () => {
  it('starts new opportunities in the first active open stage', () => {
    const stages = [stage('won', 100, 90), stage('open', 30, 20), stage('open', 10, 10, false), stage('open', 60, 30)];
    expect(firstOpenStage(stages)?.sortOrder).toBe(20);
    expect(firstOpenStage([stage('won', 100, 90)])).toBeUndefined();
  });
});

describe('stageDurations', () => {
  it('counts each stage until the next change and the current one until now', () => {
    const at = [new Date('2026-11-01T00:00:00Z'), new Date('2026-11-11T00:00:00Z'), new Date('2026-12-01T08:00:00Z')];
    expect(stageDurations(at, now)).toEqual([10 * 86400, 20 * 86400 + 8 * 3600, 86400]);
  });
});

describe('months', () => {
  it('run across the year end', () => {
    expect(monthsFrom('2026-11', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthAfter('2026-12')).toBe('2027-01-01');
  });
});

describe('funnelCounts', () => {
  it('counts every opportunity in each stage up to the furthest it got, with the conversion from the stage before', () => {
    const ids = ['contact', 'needs', 'proposal', 'negotiation', 'won'];
    // 40 stopped at contact, 30 at needs, 20 at proposal, 0 at negotiation, 10 won
    const furthest = new Map([['contact', 40], ['needs', 30], ['proposal', 20], ['won', 10]]);
    expect(funnelCounts(ids, furthest)).toEqual([
      { reached: 100, conversionPercent: null },
      { reached: 60, conversionPercent: 60 },
      { reached: 30, conversionPercent: 50 },
      { reached: 10, conversionPercent: 33.3 },
      { reached: 10, conversionPercent: 100 },
    ]);
    expect(funnelCounts(['a', 'b'], new Map())).toEqual([{ reached: 0, conversionPercent: null }, { reached: 0, conversionPercent: null }]);
  });
});
