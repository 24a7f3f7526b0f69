import { z } from 'zod';
import { isoDateTime } from './common.ts';
import type { Label } from './vocabulary.ts';

/**
 * 客户价值分层 (RFM): each customer classed by the recency of its last paid order, the frequency
 * of its paid orders and their monetary value within a window (default 12 months), each high or
 * low against the mean of the customers who bought in the window (or against fixed thresholds an
 * admin sets). Customers that never paid are 无交易.
 */
export const RFM_CLASSES = [
  'important_value',
  'important_keep',
  'important_develop',
  'important_retain',
  'general_value',
  'general_keep',
  'general_develop',
  'general_retain',
  'none',
] as const;
export type RfmClass = (typeof RFM_CLASSES)[number];
export const rfmClassSchema = z.enum(RFM_CLASSES);

export const RFM_CLASS_LABELS: Record<RfmClass, Label> = {
  important_value: { 'zh-CN': '重要价值客户', en: 'Champions' },
  important_keep: { 'zh-CN': '重要保持客户', en: 'Key, slipping away' },
  important_develop: { 'zh-CN': '重要发展客户', en: 'Key, to develop' },
  important_retain: { 'zh-CN': '重要挽留客户', en: 'Key, to win back' },
  general_value: { 'zh-CN': '一般价值客户', en: 'Loyal, low spend' },
  general_keep: { 'zh-CN': '一般保持客户', en: 'Regular, slipping away' },
  general_develop: { 'zh-CN': '一般发展客户', en: 'New, low spend' },
  general_retain: { 'zh-CN': '一般挽留客户', en: 'Lapsed' },
  none: { 'zh-CN': '无交易', en: 'No purchases' },
};

export const rfmSettings = z
  .object({
    windowMonths: z.number().int().min(1).max(60).meta({ description: 'Frequency and monetary value count the paid orders of the last N months' }),
    thresholds: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('mean') }).strict(),
        z
          .object({
            mode: z.literal('fixed'),
            recencyDays: z.number().int().min(1).max(3650).meta({ description: 'Last paid order at most this many days ago is recent (high R)' }),
            frequency: z.number().int().min(1).max(100_000).meta({ description: 'At least this many paid orders in the window is frequent (high F)' }),
            monetaryFen: z.number().int().min(1).max(1_000_000_000_000).meta({ description: 'At least this much paid in the window (fen) is high value (high M)' }),
          })
          .strict(),
      ])
      .meta({ description: 'mean: high = at or better than the mean of the customers who bought in the window' }),
  })
  .strict()
  .meta({ id: 'RfmSettings' });
export type RfmSettings = z.infer<typeof rfmSettings>;
export const DEFAULT_RFM_SETTINGS: RfmSettings = { windowMonths: 12, thresholds: { mode: 'mean' } };

export const rfmRun = z
  .object({
    id: z.uuid(),
    kind: z.enum(['full', 'changed']),
    startedAt: isoDateTime,
    finishedAt: isoDateTime.nullable(),
    windowMonths: z.number().int(),
    recencyDays: z.number().nullable().meta({ description: 'The recency threshold used (the mean, or the fixed one)' }),
    frequency: z.number().nullable(),
    monetaryFen: z.number().nullable(),
    customers: z.number().int().meta({ description: 'Customers classed' }),
    changed: z.number().int().meta({ description: 'Customers whose class changed' }),
  })
  .meta({ id: 'RfmRun' });
export type RfmRunView = z.infer<typeof rfmRun>;

export const rfmSummary = z
  .object({
    classes: z.array(z.object({ rfmClass: rfmClassSchema, customers: z.number().int(), lifetimeValueFen: z.number().int() })),
    lastRun: rfmRun.nullable(),
  })
  .meta({ id: 'RfmSummary' });
export type RfmSummary = z.infer<typeof rfmSummary>;

export const rfmHistoryEntry = z
  .object({
    rfmClass: rfmClassSchema,
    previousClass: rfmClassSchema.nullable(),
    changedAt: isoDateTime,
    recencyDays: z.number().int().nullable(),
    frequency: z.number().int(),
    monetaryFen: z.number().int(),
  })
  .meta({ id: 'RfmHistoryEntry' });
export type RfmHistoryEntry = z.infer<typeof rfmHistoryEntry>;
