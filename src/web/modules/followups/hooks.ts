import { useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { auditKeys } from '../audit/audit.api.ts';
import { customersKeys } from '../customers/customers.api.ts';
import { leadsKeys } from '../leads/leads.api.ts';
import { tasksKeys } from '../tasks/tasks.api.ts';
import { timelineKeys } from '../timeline/timeline.api.ts';
import { feedbackKeys } from '../feedback/feedback.api.ts';
import type { FollowUpMethod } from '../../../contracts/followups.ts';
import { followUpMethodsKey, followUpsKeys, followUpSummaryKey, listFollowUpMethods } from './followups.api.ts';

/** The follow-up methods (跟进方式) in the UI language: names by code, and the choices of a form. */
export function useFollowUpMethods(enabled = true) {
  const { i18n } = useTranslation();
  const query = useQuery({ queryKey: followUpMethodsKey, queryFn: ({ signal }) => listFollowUpMethods(signal), staleTime: 5 * 60_000, enabled });
  const en = i18n.language === 'en';
  return useMemo(() => {
    const items: FollowUpMethod[] = [...(query.data?.items ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
    const byCode = new Map(items.map((m) => [m.code, m]));
    const nameOf = (code: string): string => {
      const m = byCode.get(code);
      return m ? (en ? m.nameEn : m.nameZh) : code;
    };
    /** Active methods, plus `keep` (the method an edited follow-up already has, even if retired). */
    const options = (keep?: string) =>
      items.filter((m) => m.active || m.code === keep).map((m) => ({ value: m.code, label: en ? m.nameEn : m.nameZh }));
    return { query, items, nameOf, options };
  }, [query, en]);
}

/**
 * After a follow-up, task or feedback changes: everything that shows it or counts it is refetched
 * (lists, the timeline, task counts and the home summary, the record's last follow-up time).
 */
export function useActivityInvalidation() {
  const client = useQueryClient();
  return () => {
    for (const key of [followUpsKeys.all, tasksKeys.all, timelineKeys.all, feedbackKeys.all, followUpSummaryKey, customersKeys.all, leadsKeys.all, auditKeys.all]) {
      void client.invalidateQueries({ queryKey: key });
    }
  };
}
