import { useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PipelineStage } from '../../../contracts/opportunities.ts';
import { customersKeys } from '../customers/customers.api.ts';
import { timelineKeys } from '../timeline/timeline.api.ts';
import { listStages, opportunitiesKeys, stagesKeys } from './opportunities.api.ts';

/** The pipeline in order, with each stage's name in the UI language. */
export function useStages() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const query = useQuery({ queryKey: stagesKeys.all, queryFn: ({ signal }) => listStages(signal), staleTime: 60_000 });
  return useMemo(() => {
    const items: PipelineStage[] = [...(query.data?.items ?? [])].sort((a, b) => a.sortOrder - b.sortOrder);
    const byId = new Map(items.map((s) => [s.id, s]));
    const nameOf = (stage: Pick<PipelineStage, 'nameZh' | 'nameEn'> | undefined | null): string => (stage ? (en ? stage.nameEn : stage.nameZh) : '—');
    const nameOfId = (id: string | null | undefined): string => nameOf(id ? byId.get(id) : undefined);
    /** Where an opportunity can be moved: the active stages. */
    const active = items.filter((s) => s.active);
    return { query, items, active, byId, nameOf, nameOfId };
  }, [query, en]);
}

/** After any change to an opportunity: lists, board, funnel, forecast, the customer's timeline. */
export function useOpportunityInvalidation() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: opportunitiesKeys.all });
    void client.invalidateQueries({ queryKey: customersKeys.all });
    void client.invalidateQueries({ queryKey: timelineKeys.all });
  };
}
