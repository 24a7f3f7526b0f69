import { useQuery } from '@tanstack/react-query';
import type { RfmHistoryEntry, RfmSettings, RfmSummary } from '../../../contracts/customer-value.ts';
import { api } from '../../app/http.ts';

export const customerValueKeys = {
  all: ['customer-value'] as const,
  summary: ['customer-value', 'summary'] as const,
  settings: ['customer-value', 'settings'] as const,
  history: (customerId: string) => ['customer-value', 'history', customerId] as const,
};

/** The customers I see per RFM class with their lifetime value, and the last run. */
export function getRfmSummary(signal?: AbortSignal): Promise<RfmSummary> {
  return api('/customer-value/summary', { signal });
}

export function getRfmHistory(customerId: string, signal?: AbortSignal): Promise<{ items: RfmHistoryEntry[] }> {
  return api(`/customers/${encodeURIComponent(customerId)}/rfm-history`, { signal });
}

export function getRfmSettings(signal?: AbortSignal): Promise<RfmSettings> {
  return api('/settings/rfm', { signal });
}

export function setRfmSettings(body: RfmSettings): Promise<RfmSettings> {
  return api('/settings/rfm', { method: 'PUT', body });
}

/** Class every customer again now, in the background. */
export function requestRfmRun(): Promise<{ queued: boolean }> {
  return api('/customer-value/runs', { method: 'POST' });
}

export function useRfmSummary() {
  return useQuery({ queryKey: customerValueKeys.summary, queryFn: ({ signal }) => getRfmSummary(signal) });
}

export function useRfmHistory(customerId: string, enabled = true) {
  return useQuery({ queryKey: customerValueKeys.history(customerId), queryFn: ({ signal }) => getRfmHistory(customerId, signal), enabled });
}

export function useRfmSettings(enabled = true) {
  return useQuery({ queryKey: customerValueKeys.settings, queryFn: ({ signal }) => getRfmSettings(signal), enabled });
}
