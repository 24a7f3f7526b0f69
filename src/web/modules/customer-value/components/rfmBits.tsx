import { Card, Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { RFM_CLASS_LABELS, type RfmClass, type RfmHistoryEntry } from '../../../../contracts/customer-value.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { useLabel } from '../../customers/hooks.ts';
import { useRfmHistory } from '../customerValue.api.ts';

/** A colour per class: the important ones warm, the general ones cool, no purchases grey. */
export const RFM_CLASS_COLORS: Record<RfmClass, string> = {
  important_value: '#cf1322',
  important_keep: '#d4380d',
  important_develop: '#d48806',
  important_retain: '#c41d7f',
  general_value: '#1677ff',
  general_keep: '#08979c',
  general_develop: '#389e0d',
  general_retain: '#531dab',
  none: '#8c8c8c',
};

export function RfmClassTag({ rfmClass, testId = 'rfm-class-tag' }: { rfmClass: RfmClass; testId?: string }) {
  const label = useLabel();
  return (
    <Tag color={rfmClass === 'none' ? 'default' : RFM_CLASS_COLORS[rfmClass]} data-testid={testId} data-rfm-class={rfmClass} style={{ marginInlineEnd: 0 }}>
      {label(RFM_CLASS_LABELS[rfmClass])}
    </Tag>
  );
}

/** 价值分层变化: a customer's RFM class changes, newest first, with the figures each was classed on. */
export function RfmHistoryCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const history = useRfmHistory(customerId);
  return (
    <Card size="small" title={t('customerValue.history.title')} data-testid="customer-rfm-history">
      {history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <Table<RfmHistoryEntry>
          size="small"
          pagination={false}
          loading={history.isPending}
          rowKey={(r) => `${r.changedAt}:${r.rfmClass}`}
          dataSource={history.data?.items ?? []}
          locale={{ emptyText: t('customerValue.history.empty') }}
          scroll={{ x: 640 }}
          columns={[
            { key: 'changedAt', title: t('customerValue.history.changedAt'), width: 160, render: (_v, r) => <DateTime value={r.changedAt} /> },
            {
              key: 'class',
              title: t('customerValue.history.change'),
              render: (_v, r) => (
                <span data-testid="customer-rfm-history-row">
                  {r.previousClass ? (
                    <>
                      <RfmClassTag rfmClass={r.previousClass} testId="customer-rfm-history-from" /> <ArrowRightOutlined style={{ margin: '0 6px' }} />
                    </>
                  ) : null}
                  <RfmClassTag rfmClass={r.rfmClass} testId="customer-rfm-history-to" />
                </span>
              ),
            },
            {
              key: 'figures',
              title: t('customerValue.history.figures'),
              render: (_v, r) => (
                <Typography.Text type="secondary">
                  {t('customerValue.history.figuresText', {
                    recency: r.recencyDays === null ? '—' : r.recencyDays,
                    frequency: r.frequency,
                    monetary: formatFen(r.monetaryFen, 'CNY'),
                  })}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
