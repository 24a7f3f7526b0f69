import { useCallback, useState } from 'react';
import { Button, Select, Tag } from 'antd';
import { DownloadOutlined, ExportOutlined, TagsOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { BulkCustomerAction } from '../../../../contracts/bulk.ts';
import { LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES, type LifecycleStage } from '../../../../contracts/vocabulary.ts';
import { useCan } from '../../../app/session.tsx';
import { customersKeys } from '../../customers/customers.api.ts';
import { useLabel, useTags } from '../../customers/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { runCustomerBulk } from '../bulk.api.ts';
import { BulkDialog } from './BulkDialog.tsx';
import { useBulkBar } from './useBulkBar.tsx';

type Props = Pick<Parameters<typeof useBulkBar>[0], 'rows' | 'matching' | 'filter' | 'clear'>;

/** The customer list's bulk bar: transfer, tags, pool, stage and export of the selected (or all matching) customers. */
export function CustomerBulkActions({ rows, matching, filter, clear }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const label = useLabel();
  const tags = useTags();
  const client = useQueryClient();
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [tagId, setTagId] = useState<string | null>(null);
  const [stage, setStage] = useState<LifecycleStage | null>(null);
  const onChanged = useCallback(() => {
    void client.invalidateQueries({ queryKey: customersKeys.all });
    void client.invalidateQueries({ queryKey: ['pool'] });
    void client.invalidateQueries({ queryKey: ['catalog', 'tags'] });
  }, [client]);
  const bar = useBulkBar<BulkCustomerAction>({
    rows,
    matching,
    filter,
    clear,
    exportPath: '/customers/export',
    onChanged,
    send: (action, selection) => {
      switch (action) {
        case 'transfer':
          return runCustomerBulk({ action, ownerId: ownerId ?? '', ...selection });
        case 'addTag':
        case 'removeTag':
          return runCustomerBulk({ action, tagId: tagId ?? '', ...selection });
        case 'setStage':
          return runCustomerBulk({ action, stage: stage ?? 'potential', ...selection });
        case 'release':
          return runCustomerBulk({ action, ...selection });
      }
    },
  });
  const { count, dialog } = bar;
  const openDialog = (action: BulkCustomerAction) => {
    setOwnerId(null);
    setTagId(null);
    setStage(null);
    bar.openDialog(action);
  };
  const canUpdate = can('customer:update');
  const tagOptions = tags.items.map((tag) => ({
    value: tag.id,
    title: tag.name,
    label: (
      <Tag color={tag.color} style={{ marginInlineEnd: 0 }}>
        {tag.name}
      </Tag>
    ),
  }));

  return (
    <>
      {can('customer:assign') && can('user:read') ? (
        <Button icon={<UserSwitchOutlined />} onClick={() => openDialog('transfer')} data-testid="customers-bulk-transfer">
          {t('bulk.transfer')}
        </Button>
      ) : null}
      {canUpdate ? (
        <>
          <Button icon={<TagsOutlined />} onClick={() => openDialog('addTag')} data-testid="customers-bulk-add-tag">
            {t('bulk.addTag')}
          </Button>
          <Button onClick={() => openDialog('removeTag')} data-testid="customers-bulk-remove-tag">
            {t('bulk.removeTag')}
          </Button>
          <Button onClick={() => openDialog('setStage')} data-testid="customers-bulk-stage">
            {t('bulk.setStage')}
          </Button>
          <Button icon={<ExportOutlined />} onClick={() => openDialog('release')} data-testid="customers-bulk-release">
            {t('bulk.release')}
          </Button>
        </>
      ) : null}
      {can('customer:export') ? (
        <Button icon={<DownloadOutlined />} loading={bar.exporting} onClick={bar.exportSelected} data-testid="customers-bulk-export">
          {t('bulk.exportSelected')}
        </Button>
      ) : null}

      <BulkDialog {...dialog('transfer')} title={t('bulk.customers.transferTitle', { count })} okText={t('bulk.transfer')} okDisabled={!ownerId}>
        <UserSelect value={ownerId} onChange={setOwnerId} placeholder={t('bulk.newOwner')} style={{ width: '100%' }} data-testid="bulk-dialog-owner" />
      </BulkDialog>
      <BulkDialog {...dialog('addTag')} title={t('bulk.customers.addTagTitle', { count })} okText={t('bulk.addTag')} okDisabled={!tagId}>
        <Select<string> value={tagId ?? undefined} onChange={setTagId} options={tagOptions} showSearch={{ optionFilterProp: 'title' }} placeholder={t('bulk.chooseTag')} data-testid="bulk-dialog-tag" />
      </BulkDialog>
      <BulkDialog {...dialog('removeTag')} title={t('bulk.customers.removeTagTitle', { count })} okText={t('bulk.removeTag')} okDisabled={!tagId}>
        <Select<string> value={tagId ?? undefined} onChange={setTagId} options={tagOptions} showSearch={{ optionFilterProp: 'title' }} placeholder={t('bulk.chooseTag')} data-testid="bulk-dialog-tag" />
      </BulkDialog>
      <BulkDialog {...dialog('setStage')} title={t('bulk.customers.stageTitle', { count })} okText={t('bulk.setStage')} okDisabled={!stage}>
        <Select<LifecycleStage>
          value={stage ?? undefined}
          onChange={setStage}
          options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: label(LIFECYCLE_STAGE_LABELS[s]) }))}
          placeholder={t('bulk.chooseStage')}
          data-testid="bulk-dialog-stage"
        />
      </BulkDialog>
      <BulkDialog {...dialog('release')} title={t('bulk.customers.releaseTitle', { count })} okText={t('bulk.release')} danger>
        {t('bulk.customers.releaseHint')}
      </BulkDialog>
      {bar.outcome}
    </>
  );
}
