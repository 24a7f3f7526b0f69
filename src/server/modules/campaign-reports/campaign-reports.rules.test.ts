import { describe, expect, it } from 'vitest';
import { addCounts, emptyCounts, goalReached, metricsOf, roi } from './campaign-reports.rules.ts';

describe('campaign report figures', () => {
  it('ROI is (revenue − cost) ÷ cost, null without a cost', () => {
    // 展会: ¥50,000 spent, ¥180,000 won → 2.6 (260 %).
    expect(roi(18_000_000, 5_000_000)).toBe(2.6);
    expect(roi(2_500_000, 5_000_000)).toBe(-0.5);
    expect(roi(0, 5_000_000)).toBe(-1);
    expect(roi(1_000_000, 0)).toBeNull();
    expect(roi(1, 3)).toBe(-0.6667);
  });

  it('counts responses from clicks onwards and derives the costs per lead and per customer', () => {
    const c = emptyCounts();
    Object.assign(c.byStatus, { added: 10, sent: 50, opened: 20, clicked: 8, registered: 5, attended: 4, responded: 2, converted: 1 });
    Object.assign(c, { leads: 12, aLeads: 3, customers: 0, costFen: 1_000_000, wonRevenueFen: 3_000_000, lastTouchRevenueFen: 500_000 });
    const m = metricsOf(c);
    expect(m.members).toBe(100);
    expect(m.responses).toBe(20);
    expect(m.responseRate).toBe(0.2);
    expect(m.costPerLeadFen).toBe(83_333);
    expect(m.costPerCustomerFen).toBeNull();
    expect(m.roiFirstTouch).toBe(2);
    expect(m.roiLastTouch).toBe(-0.5);
    expect(metricsOf(emptyCounts()).responseRate).toBeNull();
  });

  it('sums campaigns, keeping a null budget only when none has one', () => {
    const a = emptyCounts();
    Object.assign(a, { leads: 2, costFen: 100, budgetFen: null });
    a.byStatus.opened = 3;
    const b = emptyCounts();
    Object.assign(b, { leads: 5, costFen: 50, budgetFen: 300 });
    b.byStatus.opened = 1;
    const sum = addCounts(addCounts(emptyCounts(), a), b);
    expect(sum.leads).toBe(7);
    expect(sum.costFen).toBe(150);
    expect(sum.budgetFen).toBe(300);
    expect(sum.byStatus.opened).toBe(4);
    expect(addCounts(emptyCounts(), a).budgetFen).toBeNull();
    // The parts are left as they were.
    expect(a.leads).toBe(2);
  });

  it('measures each goal by its own figure', () => {
    const c = emptyCounts();
    Object.assign(c.byStatus, { attended: 30, converted: 5, registered: 40 });
    Object.assign(c, { leads: 120, wonRevenueFen: 9_900_000 });
    const m = metricsOf(c);
    expect(goalReached('leads', m)).toBe(120);
    expect(goalReached('attendance', m)).toBe(35);
    expect(goalReached('revenue', m)).toBe(9_900_000);
  });
});
