import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Industry, Tag } from '../../../contracts/catalog.ts';
import type { Label } from '../../../contracts/vocabulary.ts';
import { catalogKeys, listIndustries, listTags } from './customers.api.ts';

/** The label of a shared vocabulary entry in the UI language. */
export function useLabel(): (label: Label) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (label) => (en ? label.en : label['zh-CN']);
}

export function useIndustries() {
  const { i18n } = useTranslation();
  const query = useQuery({ queryKey: catalogKeys.industries, queryFn: ({ signal }) => listIndustries(signal), staleTime: 5 * 60_000 });
  const en = i18n.language === 'en';
  return useMemo(() => {
    const items: Industry[] = query.data?.items ?? [];
    const byCode = new Map(items.map((i) => [i.code, i]));
    const nameOf = (code: string | null | undefined): string | undefined => {
      if (!code) return undefined;
      const i = byCode.get(code);
      if (!i) return code;
      return en ? i.nameEn : i.nameZh;
    };
    const options = items
      .filter((i) => i.active)
      .sort((a, b) => a.sortOrder - b.sortOrder)
      .map((i) => ({ value: i.code, label: `${en ? i.nameEn : i.nameZh} (${i.code})` }));
    return { query, items, nameOf, options };
  }, [query, en]);
}

/** The tags; `fresh` refetches on mount, for the settings tab whose customer counts (and delete confirmation) must be current. */
export function useTags(options: { fresh?: boolean } = {}) {
  const query = useQuery({ queryKey: catalogKeys.tags, queryFn: ({ signal }) => listTags(signal), staleTime: 60_000, ...(options.fresh && { refetchOnMount: 'always' as const }) });
  return useMemo(() => {
    const items: Tag[] = query.data?.items ?? [];
    return { query, items, byId: new Map(items.map((t) => [t.id, t])) };
  }, [query]);
}
