import { useState } from 'react';
import { App, Button, Flex, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SourceChannel } from '../../../../contracts/catalog.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { catalogKeys } from '../../customers/customers.api.ts';
import { useSourceChannels } from '../../customers/hooks.ts';
import { updateSourceChannel } from '../settings.api.ts';
import { SourceChannelFormModal, type SourceChannelFormTarget } from './SourceChannelFormModal.tsx';

/** 来源渠道: the key is stored on customers and leads, so a channel is retired, never deleted. */
export function SourceChannelsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { query, items } = useSourceChannels();
  const [target, setTarget] = useState<SourceChannelFormTarget | null>(null);

  const toggle = useMutation({
    mutationFn: (c: SourceChannel) => updateSourceChannel(c.key, { version: c.version, active: !c.active }),
    onSuccess: (c) => {
      void message.success(c.active ? t('customerSettings.channels.restored') : t('customerSettings.channels.retired'));
      void client.invalidateQueries({ queryKey: catalogKeys.sourceChannels });
    },
    onError: (err) => handleError(err, { conflictKeys: [catalogKeys.sourceChannels] }),
  });

  const columns: TableColumnsType<SourceChannel> = [
    { key: 'nameZh', dataIndex: 'nameZh', title: t('customerSettings.channels.nameZh'), width: 160 },
    { key: 'nameEn', dataIndex: 'nameEn', title: t('customerSettings.channels.nameEn'), width: 160, ellipsis: true },
    {
      key: 'synonyms',
      title: t('customerSettings.channels.synonyms'),
      render: (_v, c) => (c.synonyms.length ? c.synonyms.map((s) => <Tag key={s}>{s}</Tag>) : <span className="kehu-muted">—</span>),
    },
    { key: 'sortOrder', dataIndex: 'sortOrder', title: t('customerSettings.channels.sortOrder'), width: 80 },
    {
      key: 'active',
      title: t('customerSettings.channels.status'),
      width: 100,
      render: (_v, c) => (c.active ? <Tag color="success">{t('customerSettings.channels.active')}</Tag> : <Tag>{t('customerSettings.channels.retiredTag')}</Tag>),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 180,
      render: (_v, c) => (
        <Space size={0} className="kehu-table-actions">
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', channel: c })} data-testid={`channel-edit-${c.key}`}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={c.active ? <StopOutlined /> : <UndoOutlined />}
            loading={toggle.isPending && toggle.variables.key === c.key}
            onClick={() => toggle.mutate(c)}
            data-testid={`channel-toggle-${c.key}`}
          >
            {c.active ? t('customerSettings.channels.retire') : t('customerSettings.channels.restore')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="settings-channels">
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text type="secondary">{t('customerSettings.channels.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="channel-create">
          {t('customerSettings.channels.create')}
        </Button>
      </Flex>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<SourceChannel>
          rowKey="key"
          size="small"
          columns={columns}
          dataSource={items}
          loading={query.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(c) => ({ 'data-testid': `channel-row-${c.key}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: query.isPending ? <div style={{ height: 160 }} /> : <EmptyState description={t('customerSettings.channels.empty')} /> }}
        />
      )}
      <SourceChannelFormModal target={target} onClose={() => setTarget(null)} />
    </Flex>
  );
}
