import { useState } from 'react';
import { App, Button, Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SEGMENT_ENTITY_LABELS, SEGMENT_KIND_LABELS, type Segment } from '../../../../contracts/segments.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useLabel } from '../../customers/hooks.ts';
import { deleteSegment, removeListRecords, segmentsKeys, useSegmentRecords } from '../segments.api.ts';
import { SegmentRecordsTable } from './SegmentRecordsTable.tsx';

/** The most records the list view shows (the preview's limit). */
const RECORDS_SHOWN = 50;

/** 静态名单: the list's records (the newest it holds that I may see); selected ones can be taken out. */
export function StaticListView({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const label = useLabel();
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [selected, setSelected] = useState<string[]>([]);
  const records = useSegmentRecords(segment.id, RECORDS_SHOWN);
  const mayEdit = can('segment:update');

  const remove = useMutation({
    mutationFn: (ids: string[]) => removeListRecords(segment.id, { ids }),
    onSuccess: (r) => {
      void message.success(t('segments.list.removed', { count: r.changed }));
      setSelected([]);
      void client.invalidateQueries({ queryKey: segmentsKeys.all });
    },
    onError: (err) => handleError(err),
  });
  const drop = useMutation({
    mutationFn: () => deleteSegment(segment.id),
    onSuccess: () => {
      void message.success(t('segments.deleted'));
      void client.invalidateQueries({ queryKey: segmentsKeys.all });
      void navigate('/segments', { replace: true });
    },
    onError: (err) => handleError(err),
  });

  const total = records.data?.count ?? segment.recordCount ?? 0;
  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space wrap>
            <Typography.Text strong data-testid="segment-title">
              {segment.name}
            </Typography.Text>
            <Tag color="purple">{label(SEGMENT_KIND_LABELS[segment.kind])}</Tag>
            {segment.shared ? <Tag color="green">{t('segments.sharedTag')}</Tag> : null}
          </Space>
        }
        extra={
          can('segment:delete') ? (
            <Button
              danger
              icon={<DeleteOutlined />}
              onClick={() =>
                modal.confirm({
                  title: t('segments.deleteConfirmTitle', { name: segment.name }),
                  content: t('segments.deleteConfirmBody'),
                  okText: t('common.delete'),
                  okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                  cancelText: t('common.cancel'),
                  onOk: () => drop.mutateAsync().catch(() => undefined),
                })
              }
              data-testid="segment-delete"
            >
              {t('common.delete')}
            </Button>
          ) : null
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'entity', label: t('segments.fields.entity'), children: label(SEGMENT_ENTITY_LABELS[segment.entity]) },
            { key: 'count', label: t('segments.fields.recordCount'), children: <span data-testid="segment-list-count">{total}</span> },
            { key: 'owner', label: t('segments.fields.owner'), children: segment.ownerName ?? '—' },
            ...(segment.sourceSegmentId
              ? [{ key: 'source', label: t('segments.fields.source'), children: <Link to={`/segments/${segment.sourceSegmentId}`} data-testid="segment-source-link">{t('segments.viewSource')}</Link> }]
              : []),
            { key: 'createdAt', label: t('segments.fields.createdAt'), children: <DateTime value={segment.createdAt} /> },
            ...(segment.description ? [{ key: 'description', label: t('segments.fields.description'), span: 3, children: <span className="kehu-pre-line">{segment.description}</span> }] : []),
          ]}
        />
      </Card>
      <Card
        title={t('segments.list.records', { shown: Math.min(total, RECORDS_SHOWN), count: total })}
        extra={
          mayEdit ? (
            <Button
              icon={<MinusCircleOutlined />}
              disabled={selected.length === 0}
              loading={remove.isPending}
              onClick={() => remove.mutate(selected)}
              data-testid="segment-list-remove"
            >
              {t('segments.list.remove', { count: selected.length })}
            </Button>
          ) : null
        }
      >
        {records.isError ? (
          <ErrorState error={records.error} onRetry={() => void records.refetch()} />
        ) : (
          <SegmentRecordsTable
            items={records.data?.items ?? []}
            loading={records.isFetching}
            testId="segment-list-records"
            rowSelection={mayEdit ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
          />
        )}
      </Card>
    </Flex>
  );
}
