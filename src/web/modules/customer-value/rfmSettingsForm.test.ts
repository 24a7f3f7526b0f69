import { describe, expect, it } from 'vitest';
import { rfmFormValues, toRfmSettings } from './rfmSettingsForm.ts';

describe('the RFM settings form', () => {
  it('shows the fixed money threshold in yuan and sends it in fen', () => {
    const values = rfmFormValues({ windowMonths: 12, thresholds: { mode: 'fixed', recencyDays: 90, frequency: 3, monetaryFen: 5_000_000 } });
    expect(values).toEqual({ windowMonths: 12, mode: 'fixed', recencyDays: 90, frequency: 3, monetary: '50000.00' });
    expect(toRfmSettings({ ...values, monetary: '12345.6' })).toEqual({ windowMonths: 12, thresholds: { mode: 'fixed', recencyDays: 90, frequency: 3, monetaryFen: 1_234_560 } });
  });

  it('sends only the mode for the means, and nothing while a fixed value is missing', () => {
    expect(rfmFormValues({ windowMonths: 6, thresholds: { mode: 'mean' } })).toEqual({ windowMonths: 6, mode: 'mean', recencyDays: null, frequency: null, monetary: null });
    expect(toRfmSettings({ windowMonths: 6, mode: 'mean', recencyDays: 30 })).toEqual({ windowMonths: 6, thresholds: { mode: 'mean' } });
    expect(toRfmSettings({ windowMonths: 6, mode: 'fixed', recencyDays: 30, frequency: 2, monetary: '' })).toBeNull();
    expect(toRfmSettings({ windowMonths: 6, mode: 'fixed', recencyDays: 30, frequency: null, monetary: '100' })).toBeNull();
    expect(toRfmSettings({ windowMonths: 6, mode: 'fixed', recencyDays: 30, frequency: 2, monetary: '1.234' })).toBeNull();
  });
});
