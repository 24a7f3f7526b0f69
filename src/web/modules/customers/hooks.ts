import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Industry, SourceChannel, Tag } from '../../../contracts/catalog.ts';
import { LEAD_CHANNEL_LABELS, LEAD_CHANNELS, type BuiltInLeadChannel, type Label } from '../../../contracts/vocabulary.ts';
import { catalogKeys, listIndustries, listSourceChannels, listTags } from './customers.api.ts';

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

/**
 * The source channels (来源渠道) admins maintain: `nameOf` for a stored key (the built-in name
 * while the list loads, the key itself for one that is gone), `options` for choosing one (those in
 * use; `keep` adds a retired one a record still has, so an edit form can show it).
 */
export function useSourceChannels() {
  const { i18n } = useTranslation();
  const query = useQuery({ queryKey: catalogKeys.sourceChannels, queryFn: ({ signal }) => listSourceChannels(signal), staleTime: 5 * 60_000 });
  const en = i18n.language === 'en';
  return useMemo(() => {
    const items: SourceChannel[] = query.data?.items ?? [];
    const byKey = new Map(items.map((c) => [c.key, c]));
    const nameOf = (key: string | null | undefined): string | undefined => {
      if (!key) return undefined;
      const c = byKey.get(key);
      if (c) return en ? c.nameEn : c.nameZh;
      const builtIn = (LEAD_CHANNELS as readonly string[]).includes(key) ? LEAD_CHANNEL_LABELS[key as BuiltInLeadChannel] : undefined;
      return builtIn ? (en ? builtIn.en : builtIn['zh-CN']) : key;
    };
    const options = (keep?: string | null) =>
      (items.length ? items.filter((c) => c.active || c.key === keep).map((c) => c.key) : [...LEAD_CHANNELS]).map((key) => ({ value: key, label: nameOf(key) ?? key }));
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
