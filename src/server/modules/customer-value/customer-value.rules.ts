import type { RfmClass } from '../../../contracts/customer-value.ts';

/**
 * The rules of 客户价值分层 (RFM) as pure functions: which class high or low recency, frequency
 * and monetary value give, the thresholds of a run, and the window. The SQL of a run is built
 * from the same table (classCaseSql in the queries), so the two cannot disagree.
 */

type Level = 'H' | 'L';
export type RfmKey = `${Level}${Level}${Level}`;

/** R, F, M high (H) or low (L) → the class: monetary value decides 重要/一般, then recency and frequency. */
export const RFM_MATRIX: Record<RfmKey, Exclude<RfmClass, 'none'>> = {
  HHH: 'important_value',
  LHH: 'important_keep',
  HLH: 'important_develop',
  LLH: 'important_retain',
  HHL: 'general_value',
  LHL: 'general_keep',
  HLL: 'general_develop',
  LLL: 'general_retain',
};

export interface RfmThresholds {
  /** Recent: the last paid order at most this many days ago. */
  recencyDays: number;
  /** Frequent: at least this many paid orders in the window. */
  frequency: number;
  /** Valuable: at least this much paid in the window (fen). */
  monetaryFen: number;
}

export interface RfmFacts {
  /** Days since the last paid order; null when the customer never paid. */
  recencyDays: number | null;
  /** Paid orders in the window. */
  frequency: number;
  /** Paid in the window, fen. */
  monetaryFen: number;
}

/** A customer's class: 无交易 without a paid order ever, else its R, F and M against the thresholds. */
export function classify(facts: RfmFacts, t: RfmThresholds): RfmClass {
  if (facts.recencyDays === null) return 'none';
  const r: Level = facts.recencyDays <= t.recencyDays ? 'H' : 'L';
  const f: Level = facts.frequency >= t.frequency ? 'H' : 'L';
  const m: Level = facts.monetaryFen >= t.monetaryFen ? 'H' : 'L';
  return RFM_MATRIX[`${r}${f}${m}`];
}

/**
 * The mean thresholds: the means over the customers who bought in the window (their recency,
 * paid orders and value in it). Without any such customer, everyone who bought is low on all
 * three (thresholds no customer can reach): null.
 */
export function meanThresholds(buyers: readonly { recencyDays: number; frequency: number; monetaryFen: number }[]): RfmThresholds | null {
  if (buyers.length === 0) return null;
  const mean = (pick: (b: (typeof buyers)[number]) => number) => buyers.reduce((s, b) => s + pick(b), 0) / buyers.length;
  return { recencyDays: mean((b) => b.recencyDays), frequency: mean((b) => b.frequency), monetaryFen: mean((b) => b.monetaryFen) };
}

/** Thresholds no buyer reaches: what a run uses when nobody bought in the window. */
export const UNREACHABLE: RfmThresholds = { recencyDays: -1, frequency: Number.MAX_SAFE_INTEGER, monetaryFen: Number.MAX_SAFE_INTEGER };

/** The start of the window: `months` calendar months before `now` (the same day of the month, clamped). */
export function windowStart(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
