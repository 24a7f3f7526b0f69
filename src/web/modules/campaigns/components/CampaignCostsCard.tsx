import { useState } from 'react';
import { App, Button, Card, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CampaignCost, CampaignDetail } from '../../../../contracts/campaigns.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { campaignsKeys, deleteCost } from '../campaigns.api.ts';
import { Money } from './campaignBits.tsx';
import { CostFormModal, type CostTarget } from './CostFormModal.tsx';

/** 活动费用: the actual costs of a campaign, their total, and recording or correcting them. */
export function CampaignCostsCard({ campaign: c, canEdit }: { campaign: CampaignDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [target, setTarget] = useState<CostTarget | null>(null);

  const remove = useMutation({
    mutationFn: (cost: CampaignCost) => deleteCost(c.id, cost.id),
    onSuccess: (updated) => {
      client.setQueryData(campaignsKeys.detail(c.id), updated);
      void client.invalidateQueries({ queryKey: campaignsKeys.all });
      void message.success(t('campaigns.costs.removed'));
    },
    onError: (err) => handleError(err),
  });

  const columns: TableColumnsType<CampaignCost> = [
    { key: 'spentOn', title: t('campaigns.costs.spentOn'), width: 110, render: (_v, x) => x.spentOn },
    { key: 'item', title: t('campaigns.costs.item'), ellipsis: true, render: (_v, x) => <span data-testid="campaign-cost-item">{x.item}</span> },
    { key: 'amount', title: t('campaigns.costs.amount'), width: 150, align: 'right', render: (_v, x) => <Money fen={x.amountFen} testId="campaign-cost-amount" /> },
    { key: 'supplier', title: t('campaigns.costs.supplier'), width: 180, ellipsis: true, render: (_v, x) => x.supplier ?? <span className="kehu-muted">—</span> },
    { key: 'notes', title: t('campaigns.costs.notes'), ellipsis: true, render: (_v, x) => x.notes ?? '' },
    {
      key: 'recordedBy',
      title: t('campaigns.costs.recordedBy'),
      width: 190,
      render: (_v, x) => (
        <>
          {x.recordedByName ?? '—'} · <DateTime value={x.recordedAt} />
        </>
      ),
    },
    ...(canEdit
      ? [
          {
            key: 'actions',
            width: 130,
            render: (_v: unknown, x: CampaignCost) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', cost: x })} data-testid="campaign-cost-edit">
                  {t('common.edit')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() =>
                    modal.confirm({
                      title: t('campaigns.costs.removeConfirmTitle', { item: x.item, amount: formatFen(x.amountFen, 'CNY') }),
                      content: t('campaigns.costs.removeConfirmBody'),
                      okText: t('common.delete'),
                      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                      cancelText: t('common.cancel'),
                      onOk: () => remove.mutateAsync(x).catch(() => undefined),
                    })
                  }
                  data-testid="campaign-cost-remove"
                >
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={
        <Space>
          <span>{t('campaigns.costs.title')}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('campaigns.costs.total')}: <Money fen={c.costFen} testId="campaign-costs-total" />
          </Typography.Text>
        </Space>
      }
      extra={
        canEdit ? (
          <Button icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="campaign-cost-add">
            {t('campaigns.costs.add')}
          </Button>
        ) : null
      }
      data-testid="campaign-costs"
    >
      <Table<CampaignCost>
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={c.costs}
        scroll={{ x: 900 }}
        onRow={(x) => ({ 'data-testid': `campaign-cost-row-${x.id}` }) as React.HTMLAttributes<HTMLElement>}
        data-testid="campaign-costs-table"
        locale={{ emptyText: <EmptyState description={t('campaigns.costs.empty')} /> }}
      />
      <CostFormModal campaignId={c.id} target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}
