import type { RfmSettings } from '../../../contracts/customer-value.ts';
import { fenToYuan, yuanToFen } from '../segments/segmentEditor.ts';

/**
 * The RFM settings form's values and the API body: the fixed monetary threshold is typed in
 * yuan (元) and kept in fen. Pure, so it is unit-tested.
 */
export type RfmFormValues = {
  windowMonths: number;
  mode: 'mean' | 'fixed';
  recencyDays?: number | null;
  frequency?: number | null;
  monetary?: string | null;
};

export function rfmFormValues(settings: RfmSettings): RfmFormValues {
  const t = settings.thresholds;
  return t.mode === 'fixed'
    ? { windowMonths: settings.windowMonths, mode: 'fixed', recencyDays: t.recencyDays, frequency: t.frequency, monetary: fenToYuan(t.monetaryFen) }
    : { windowMonths: settings.windowMonths, mode: 'mean', recencyDays: null, frequency: null, monetary: null };
}

/** The body to PUT, or null when a fixed threshold is missing or not a valid amount. */
export function toRfmSettings(values: RfmFormValues): RfmSettings | null {
  if (values.mode === 'mean') return { windowMonths: values.windowMonths, thresholds: { mode: 'mean' } };
  const monetaryFen = yuanToFen(values.monetary);
  if (!values.recencyDays || !values.frequency || !monetaryFen) return null;
  return { windowMonths: values.windowMonths, thresholds: { mode: 'fixed', recencyDays: values.recencyDays, frequency: values.frequency, monetaryFen } };
}
