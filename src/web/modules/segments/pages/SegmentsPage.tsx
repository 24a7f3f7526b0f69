import { Link, useNavigate } from 'react-router';
import { Button, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SEGMENT_ENTITIES, SEGMENT_ENTITY_LABELS, SEGMENT_KIND_LABELS, SEGMENT_KINDS, type Segment, type SegmentEntity, type SegmentKind } from '../../../../contracts/segments.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { useLabel } from '../../customers/hooks.ts';
import { listSegments, segmentsKeys } from '../segments.api.ts';

const FILTER_KEYS = ['q', 'entity', 'kind'] as const;

/** 客户分群: the segments and static lists I keep or that are shared. */
export function SegmentsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('segments.title'));
  const can = useCan();
  const label = useLabel();
  const navigate = useNavigate();
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({ q: values.q || undefined, entity: oneOf(SEGMENT_ENTITIES, values.entity), kind: oneOf(SEGMENT_KINDS, values.kind) }),
    queryKey: segmentsKeys.list,
    fetch: listSegments,
  });
  const { filter, setFilters } = state;

  const columns: TableColumnsType<Segment> = [
    {
      key: 'name',
      title: t('segments.fields.name'),
      width: 260,
      ellipsis: true,
      render: (_v, s) => (
        <Link to={`/segments/${s.id}`} data-testid="segment-link">
          <Typography.Text strong style={{ color: 'inherit' }}>
            {s.name}
          </Typography.Text>
        </Link>
      ),
    },
    { key: 'entity', title: t('segments.fields.entity'), width: 100, render: (_v, s) => label(SEGMENT_ENTITY_LABELS[s.entity]) },
    {
      key: 'kind',
      title: t('segments.fields.kind'),
      width: 110,
      render: (_v, s) => (
        <Tag color={s.kind === 'static' ? 'purple' : 'blue'} data-testid="segment-row-kind" data-kind={s.kind} style={{ marginInlineEnd: 0 }}>
          {label(SEGMENT_KIND_LABELS[s.kind])}
        </Tag>
      ),
    },
    {
      key: 'shared',
      title: t('segments.fields.shared'),
      width: 90,
      render: (_v, s) => (s.shared ? <Tag color="green" data-testid="segment-row-shared">{t('segments.sharedTag')}</Tag> : <span className="kehu-muted">—</span>),
    },
    {
      key: 'recordCount',
      title: t('segments.fields.recordCount'),
      width: 110,
      align: 'right',
      render: (_v, s) => (s.recordCount === null ? <span className="kehu-muted">—</span> : <span data-testid="segment-row-count">{s.recordCount}</span>),
    },
    { key: 'owner', title: t('segments.fields.owner'), width: 110, render: (_v, s) => s.ownerName ?? '—' },
    { key: 'updatedAt', title: t('common.updatedAt'), width: 150, render: (_v, s) => <DateTime value={s.updatedAt} /> },
  ];

  const create = can('segment:create') ? () => void navigate('/segments/new') : null;

  return (
    <ListPage<Segment>
      state={state}
      testId="segments"
      title={t('segments.title')}
      description={t('segments.pageHint')}
      actions={
        create ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="segments-create">
            {t('segments.create')}
          </Button>
        ) : null
      }
      search={{ placeholder: t('segments.search'), width: 220, testId: 'segments-search' }}
      filters={
        <>
          <Select<SegmentEntity>
            value={filter.entity}
            onChange={(v) => setFilters({ entity: v })}
            placeholder={t('segments.filterEntity')}
            allowClear
            style={{ width: 120 }}
            options={SEGMENT_ENTITIES.map((e) => ({ value: e, label: label(SEGMENT_ENTITY_LABELS[e]) }))}
            data-testid="segments-filter-entity"
          />
          <Select<SegmentKind>
            value={filter.kind}
            onChange={(v) => setFilters({ kind: v })}
            placeholder={t('segments.filterKind')}
            allowClear
            style={{ width: 130 }}
            options={SEGMENT_KINDS.map((k) => ({ value: k, label: label(SEGMENT_KIND_LABELS[k]) }))}
            data-testid="segments-filter-kind"
          />
        </>
      }
      columns={columns}
      table={{ scroll: { x: 930 }, rowTestId: (s) => `segment-row-${s.id}` }}
      empty={{
        description: t('segments.empty'),
        filteredDescription: t('segments.emptyFiltered'),
        action: create ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={create}>
            {t('segments.create')}
          </Button>
        ) : null,
      }}
    />
  );
}
