import { useState } from 'react';
import { Select } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SEGMENT_ENTITY_LABELS, SEGMENT_KIND_LABELS } from '../../../../contracts/segments.ts';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { useLabel } from '../../customers/hooks.ts';
import { listSegments, segmentsKeys } from '../segments.api.ts';

interface Props {
  value?: string | null;
  onChange?: (v: string | null) => void;
  /** The chosen segment's name, shown before the search has loaded it. */
  currentName?: string | null;
  placeholder: string;
  notFound: string;
  testId: string;
  disabled?: boolean;
}

/**
 * A segment or static list I may use, searched by name, shown with what it holds (客户 · 动态分群):
 * the audience of mailings and SMS sends, a campaign's target.
 */
export function SegmentSelect({ value, onChange, currentName, placeholder, notFound, testId, disabled }: Props) {
  const label = useLabel();
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const list = useQuery({
    queryKey: segmentsKeys.list({ q: q || undefined, limit: 50 }),
    queryFn: ({ signal }) => listSegments({ q: q || undefined, limit: 50 }, signal),
    placeholderData: keepPreviousData,
  });
  const options = (list.data?.items ?? []).map((s) => ({
    value: s.id,
    label: `${s.name}（${label(SEGMENT_ENTITY_LABELS[s.entity])} · ${label(SEGMENT_KIND_LABELS[s.kind])}）`,
  }));
  if (value && currentName && !options.some((o) => o.value === value)) options.unshift({ value, label: currentName });
  return (
    <Select<string>
      showSearch
      allowClear
      filterOption={false}
      onSearch={setSearch}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      loading={list.isFetching}
      placeholder={placeholder}
      notFoundContent={list.isPending ? null : notFound}
      data-testid={testId}
      disabled={disabled}
      style={{ minWidth: 220 }}
    />
  );
}
