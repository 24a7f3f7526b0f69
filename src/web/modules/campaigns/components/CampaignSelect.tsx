import { useMemo, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignOption } from '../../../../contracts/campaigns.ts';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { useCampaignOptions } from '../campaigns.api.ts';

type Props = {
  value?: string | null;
  /** Null when cleared (never undefined), so a form can tell "cleared" from "not touched". */
  onChange?: (value: string | null) => void;
  /** The campaign picked, with its channel (null when cleared). */
  onPick?: (option: CampaignOption | null) => void;
  /** Completed campaigns too (a filter); without it only planned and active ones (a new lead). */
  includeEnded?: boolean;
  /** The campaign a record has, shown by name even when it is no longer offered. */
  keep?: { id: string; name: string } | null;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
};

/** 营销活动 picker: campaign names searched on the server (GET /campaign-options), for whoever registers or reads leads. */
export function CampaignSelect({ value, onChange, onPick, includeEnded, keep, placeholder, style, id, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useCampaignOptions({ q: q || undefined, includeEnded: includeEnded ? 'true' : undefined, limit: 100 });
  // Names of what was picked, so a choice stays readable when another search replaces the options.
  const [picked, setPicked] = useState<Map<string, string>>(() => new Map());
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const options = useMemo(() => {
    const opts = items.map((c) => ({ value: c.id, label: c.name }));
    if (value && !items.some((c) => c.id === value)) {
      const name = picked.get(value) ?? (keep?.id === value ? keep.name : undefined);
      opts.unshift({ value, label: name ?? value });
    }
    return opts;
  }, [items, value, picked, keep]);

  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => {
        const option = v ? (items.find((c) => c.id === v) ?? null) : null;
        if (option) setPicked((m) => new Map(m).set(option.id, option.name));
        onChange?.(v ?? null);
        onPick?.(option);
      }}
      placeholder={placeholder}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      loading={list.isFetching}
      status={list.isError ? 'error' : undefined}
      notFoundContent={list.isError ? t('errors.loadFailed') : t('campaigns.noMatch')}
      options={options}
      popupMatchSelectWidth={false}
      style={style}
      data-testid={rest['data-testid']}
    />
  );
}
