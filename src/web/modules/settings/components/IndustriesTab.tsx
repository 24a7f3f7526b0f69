import { useState } from 'react';
import { App, Button, Flex, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Industry } from '../../../../contracts/catalog.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { catalogKeys } from '../../customers/customers.api.ts';
import { useIndustries } from '../../customers/hooks.ts';
import { updateIndustry } from '../settings.api.ts';
import { IndustryFormModal, type IndustryFormTarget } from './IndustryFormModal.tsx';

/** 所属行业: codes are part of customer numbers, so an industry is retired, never deleted or recoded. */
export function IndustriesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { query, items } = useIndustries();
  const [target, setTarget] = useState<IndustryFormTarget | null>(null);

  const toggle = useMutation({
    mutationFn: (i: Industry) => updateIndustry(i.code, { version: i.version, active: !i.active }),
    onSuccess: (i) => {
      void message.success(i.active ? t('customerSettings.industries.restored') : t('customerSettings.industries.retired'));
      void client.invalidateQueries({ queryKey: catalogKeys.industries });
    },
    onError: (err) => handleError(err, { conflictKeys: [catalogKeys.industries] }),
  });

  const columns: TableColumnsType<Industry> = [
    { key: 'code', dataIndex: 'code', title: t('customerSettings.industries.code'), width: 110, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { key: 'nameZh', dataIndex: 'nameZh', title: t('customerSettings.industries.nameZh') },
    { key: 'nameEn', dataIndex: 'nameEn', title: t('customerSettings.industries.nameEn'), ellipsis: true },
    { key: 'section', dataIndex: 'section', title: t('customerSettings.industries.section'), width: 90, render: (v: string | null) => v ?? <span className="kehu-muted">—</span> },
    { key: 'sortOrder', dataIndex: 'sortOrder', title: t('customerSettings.industries.sortOrder'), width: 90 },
    {
      key: 'active',
      title: t('customerSettings.industries.status'),
      width: 100,
      render: (_v, i) => (i.active ? <Tag color="success">{t('customerSettings.industries.active')}</Tag> : <Tag>{t('customerSettings.industries.retiredTag')}</Tag>),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 180,
      render: (_v, i) => (
        <Space size={0} className="kehu-table-actions">
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', industry: i })} data-testid={`industry-edit-${i.code}`}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={i.active ? <StopOutlined /> : <UndoOutlined />}
            loading={toggle.isPending && toggle.variables.code === i.code}
            onClick={() => toggle.mutate(i)}
            data-testid={`industry-toggle-${i.code}`}
          >
            {i.active ? t('customerSettings.industries.retire') : t('customerSettings.industries.restore')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="settings-industries">
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text type="secondary">{t('customerSettings.industries.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="industry-create">
          {t('customerSettings.industries.create')}
        </Button>
      </Flex>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Industry>
          rowKey="code"
          size="small"
          columns={columns}
          dataSource={items}
          loading={query.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(i) => ({ 'data-testid': `industry-row-${i.code}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: query.isPending ? <div style={{ height: 160 }} /> : <EmptyState description={t('customerSettings.industries.empty')} /> }}
        />
      )}
      <IndustryFormModal target={target} onClose={() => setTarget(null)} />
    </Flex>
  );
}
