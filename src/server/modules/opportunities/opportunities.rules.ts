import type { StageKind } from '../../../contracts/sales.ts';

/**
 * Pure rules of the pipeline: what a stage move does, how long each stage lasted, the months of a
 * forecast and the shape of the funnel. No database, no clock: the service passes `now`.
 */

export interface StageInfo {
  id: string;
  kind: StageKind;
  probability: number;
  sortOrder: number;
  active: boolean;
}

export type StageMove =
  | { ok: true; probability: number; closeReason: string | null; closedAt: Date | null }
  | { ok: false; refused: 'stage.retired' | 'stage.reasonRequired' };

/**
 * Moving to a stage takes its probability (won is always 100 and lost 0; an open stage's may be
 * overridden); moving to won or lost needs a reason and closes the deal; moving back to an open
 * stage reopens it (the reason stays in the stage history).
 */
export function moveToStage(to: StageInfo, input: { reason?: string | undefined; probability?: number | undefined }, now: Date): StageMove {
  if (!to.active) return { ok: false, refused: 'stage.retired' };
  if (to.kind === 'open') return { ok: true, probability: input.probability ?? to.probability, closeReason: null, closedAt: null };
  const reason = input.reason?.trim();
  if (!reason) return { ok: false, refused: 'stage.reasonRequired' };
  return { ok: true, probability: to.kind === 'won' ? 100 : 0, closeReason: reason, closedAt: now };
}

/** The stage a new opportunity starts in: the first active open stage. */
export function firstOpenStage<T extends StageInfo>(stages: readonly T[]): T | undefined {
  return [...stages].filter((s) => s.kind === 'open' && s.active).sort((a, b) => a.sortOrder - b.sortOrder)[0];
}

/** Seconds spent in the stage each change moved to: until the next change, or until now. */
export function stageDurations(changedAt: readonly Date[], now: Date): number[] {
  return changedAt.map((at, i) => {
    const until = changedAt[i + 1] ?? now;
    return Math.max(0, Math.floor((until.getTime() - at.getTime()) / 1000));
  });
}

/** `count` months from `first` (YYYY-MM): ['2026-11', '2026-12', '2027-01', …]. */
export function monthsFrom(first: string, count: number): string[] {
  const [y, m] = first.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const total = y * 12 + (m - 1) + i;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}

/** The first day of the month after `month` (YYYY-MM), as YYYY-MM-DD: the end of a month range. */
export function monthAfter(month: string): string {
  return `${monthsFrom(month, 2)[1]}-01`;
}

/**
 * The funnel from how far each opportunity got: `furthest` maps a stage id to the number of
 * opportunities whose furthest stage (by order) it is. An opportunity counts as having reached
 * every stage up to its furthest. Stages are the open ones in order, then won.
 */
export function funnelCounts(stageIds: readonly string[], furthest: ReadonlyMap<string, number>): { reached: number; conversionPercent: number | null }[] {
  const reached: number[] = new Array<number>(stageIds.length).fill(0);
  let running = 0;
  for (let i = stageIds.length - 1; i >= 0; i--) {
    running += furthest.get(stageIds[i] ?? '') ?? 0;
    reached[i] = running;
  }
  return reached.map((r, i) => {
    const before = i === 0 ? null : (reached[i - 1] ?? 0);
    return { reached: r, conversionPercent: before === null ? null : before === 0 ? null : Math.round((r / before) * 1000) / 10 };
  });
}
