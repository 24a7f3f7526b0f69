import { useMemo, useState } from 'react';
import { DatePicker, InputNumber, Select, Space, Tag, TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { RFM_CLASS_LABELS } from '../../../../contracts/customer-value.ts';
import type { SegmentField, SegmentOperator } from '../../../../contracts/segments.ts';
import { CUSTOMER_KIND_LABELS, LEAD_GRADE_LABELS, LEAD_STATUS_LABELS, LIFECYCLE_STAGE_LABELS, SALES_REGION_LABELS, type Label } from '../../../../contracts/vocabulary.ts';
import { useCan } from '../../../app/session.tsx';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { useCampaignOptions } from '../../campaigns/campaigns.api.ts';
import { loadDivisions } from '../../customers/divisions.ts';
import { useIndustries, useLabel, useSourceChannels, useTags } from '../../customers/hooks.ts';
import { toTreeSelect } from '../../departments/departmentTree.ts';
import { useDepartments } from '../../departments/hooks.ts';
import { listUsers, usersKeys } from '../../users/users.api.ts';
import { valueKindOf, type EditorValue } from '../segmentEditor.ts';

/** The labels of an enum field's values, by the field's own key (a contact's `customer.stage` is `stage`). */
const ENUM_LABELS: Record<string, Record<string, Label>> = {
  kind: CUSTOMER_KIND_LABELS,
  stage: LIFECYCLE_STAGE_LABELS,
  grade: LEAD_GRADE_LABELS,
  region: SALES_REGION_LABELS,
  status: LEAD_STATUS_LABELS,
  rfmClass: RFM_CLASS_LABELS,
};

type Props = { field: SegmentField; op: SegmentOperator; value: EditorValue; onChange: (value: EditorValue) => void; testId: string };

type ListProps = { value: string[]; onChange: (v: string[]) => void; testId: string; placeholder: string };

function UsersInput({ value, onChange, testId, placeholder }: ListProps) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const query = { q: q || undefined, limit: 50, sort: 'displayName' as const };
  const list = useQuery({ queryKey: usersKeys.list(query), queryFn: ({ signal }) => listUsers(query, signal) });
  // Names of what was picked, so a choice stays readable under another search.
  const [names, setNames] = useState<Map<string, string>>(() => new Map());
  const items = list.data?.items ?? [];
  const options = [
    ...items.map((u) => ({ value: u.id, label: u.displayName })),
    ...value.filter((id) => !items.some((u) => u.id === id)).map((id) => ({ value: id, label: names.get(id) ?? id })),
  ];
  return (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={(v) => {
        setNames((m) => {
          const next = new Map(m);
          for (const u of items) if (v.includes(u.id)) next.set(u.id, u.displayName);
          return next;
        });
        onChange(v);
      }}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={list.isFetching}
      options={options}
      placeholder={placeholder}
      style={{ minWidth: 220 }}
      data-testid={testId}
    />
  );
}

function DepartmentsInput({ value, onChange, testId, placeholder }: ListProps) {
  const { tree } = useDepartments();
  const treeData = useMemo(() => toTreeSelect(tree), [tree]);
  return (
    <TreeSelect
      multiple
      value={value}
      onChange={(v: string[]) => onChange(v)}
      treeData={treeData}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={placeholder}
      popupMatchSelectWidth={false}
      style={{ minWidth: 220 }}
      data-testid={testId}
    />
  );
}

function CampaignsInput({ value, onChange, testId }: ListProps) {
  const { t } = useTranslation();
  const can = useCan();
  const list = useCampaignOptions({ includeEnded: 'true', limit: 100 }, can('campaign:read') || can('lead:read'));
  return (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={(v) => onChange(v)}
      showSearch={{ optionFilterProp: 'label' }}
      loading={list.isFetching}
      options={(list.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
      placeholder={t('segments.editor.anyCampaign')}
      allowClear
      style={{ minWidth: 220 }}
      data-testid={testId}
    />
  );
}

function ProvincesInput({ value, onChange, testId, placeholder }: ListProps) {
  const divisions = useQuery({ queryKey: ['divisions'], queryFn: loadDivisions, staleTime: Infinity });
  return (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={(v) => onChange(v)}
      showSearch={{ optionFilterProp: 'label' }}
      loading={divisions.isPending}
      options={(divisions.data?.options ?? []).map((p) => ({ value: p.value, label: p.label }))}
      placeholder={placeholder}
      style={{ minWidth: 220 }}
      data-testid={testId}
    />
  );
}

function ListInput({ field, value, onChange, testId }: { field: SegmentField; value: string[]; onChange: (v: string[]) => void; testId: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const industries = useIndustries();
  const channels = useSourceChannels();
  const tags = useTags();
  const placeholder = t('segments.editor.pickValues');
  const common = { value, onChange, testId, placeholder };
  const multi = (options: { value: string; label: React.ReactNode; title?: string }[], loading = false, filterProp = 'label') => (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={(v) => onChange(v)}
      showSearch={{ optionFilterProp: filterProp }}
      loading={loading}
      options={options}
      placeholder={placeholder}
      style={{ minWidth: 220 }}
      data-testid={testId}
    />
  );
  switch (field.type) {
    case 'user':
      return <UsersInput {...common} />;
    case 'department':
      return <DepartmentsInput {...common} />;
    case 'campaign':
      return <CampaignsInput {...common} />;
    case 'province':
      return <ProvincesInput {...common} />;
    case 'industry':
      return multi(industries.options, industries.query.isPending);
    case 'channel':
      return multi(channels.options(), channels.query.isPending);
    case 'tags':
      return multi(
        tags.items.map((tag) => ({
          value: tag.id,
          title: tag.name,
          label: (
            <Tag color={tag.color} style={{ marginInlineEnd: 0 }}>
              {tag.name}
            </Tag>
          ),
        })),
        tags.query.isPending,
        'title',
      );
    default: {
      const labels = ENUM_LABELS[field.key.replace(/^customer\./, '')];
      return multi((field.values ?? []).map((v) => ({ value: v, label: labels?.[v] ? label(labels[v]) : v })));
    }
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const pair = (v: EditorValue): [string | number | null, string | number | null] => (Array.isArray(v) && v.length === 2 ? [v[0] ?? null, v[1] ?? null] : [null, null]);

/** The value of one condition, entered the way its field type and operator need it (money in 元). */
export function ValueInput({ field, op, value, onChange, testId }: Props) {
  const { t } = useTranslation();
  const kind = valueKindOf(field.type, op);
  switch (kind) {
    case 'none':
      return null;
    case 'list':
      return <ListInput field={field} value={Array.isArray(value) ? (value as unknown[]).filter((v): v is string => typeof v === 'string') : []} onChange={onChange} testId={testId} />;
    case 'boolean':
      return (
        <Select<'true' | 'false'>
          value={value === false ? 'false' : 'true'}
          onChange={(v) => onChange(v === 'true')}
          options={[
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
          style={{ width: 90 }}
          data-testid={testId}
        />
      );
    case 'date':
      return (
        <DatePicker
          value={typeof value === 'string' ? dayjs(value) : null}
          onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : null)}
          data-testid={testId}
        />
      );
    case 'dateRange': {
      const [from, to] = pair(value);
      return (
        <DatePicker.RangePicker
          value={typeof from === 'string' && typeof to === 'string' ? [dayjs(from), dayjs(to)] : null}
          onChange={(v) => onChange([v?.[0]?.format('YYYY-MM-DD') ?? null, v?.[1]?.format('YYYY-MM-DD') ?? null])}
          data-testid={testId}
        />
      );
    }
    case 'days':
      return (
        <Space.Compact>
          <InputNumber<number> min={1} precision={0} value={num(value)} onChange={(v) => onChange(v)} style={{ width: 110 }} data-testid={testId} />
          <Space.Addon>{t('segments.editor.days')}</Space.Addon>
        </Space.Compact>
      );
    case 'integer':
      return <InputNumber<number> min={0} precision={0} value={num(value)} onChange={(v) => onChange(v)} style={{ width: 120 }} data-testid={testId} />;
    case 'money':
      return (
        <Space.Compact>
          <InputNumber<string> stringMode min="0" precision={2} value={text(value)} onChange={(v) => onChange(v)} style={{ width: 150 }} data-testid={testId} />
          <Space.Addon>{t('segments.editor.yuan')}</Space.Addon>
        </Space.Compact>
      );
    case 'integerRange':
    case 'moneyRange': {
      const [min, max] = pair(value);
      const money = kind === 'moneyRange';
      const input = (v: string | number | null, side: 0 | 1) =>
        money ? (
          <InputNumber<string> stringMode min="0" precision={2} value={text(v)} onChange={(x) => onChange(side === 0 ? [x, max] : [min, x])} style={{ width: 130 }} data-testid={`${testId}-${side === 0 ? 'min' : 'max'}`} />
        ) : (
          <InputNumber<number> min={0} precision={0} value={num(v)} onChange={(x) => onChange(side === 0 ? [x, max] : [min, x])} style={{ width: 100 }} data-testid={`${testId}-${side === 0 ? 'min' : 'max'}`} />
        );
      return (
        <Space size={4} data-testid={testId}>
          {input(min, 0)}
          <span>~</span>
          {input(max, 1)}
          {money ? <span>{t('segments.editor.yuan')}</span> : null}
        </Space>
      );
    }
  }
}
