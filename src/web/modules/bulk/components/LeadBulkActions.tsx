import { useCallback, useState } from 'react';
import { Button, Select } from 'antd';
import { DownloadOutlined, SwapOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BULK_LEAD_STATUSES, type BulkLeadAction } from '../../../../contracts/bulk.ts';
import { LEAD_STATUS_LABELS } from '../../../../contracts/vocabulary.ts';
import { useCan } from '../../../app/session.tsx';
import { useLabel } from '../../customers/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { runLeadBulk } from '../bulk.api.ts';
import { BulkDialog } from './BulkDialog.tsx';
import { useBulkBar } from './useBulkBar.tsx';

type Status = (typeof BULK_LEAD_STATUSES)[number];

type Props = Pick<Parameters<typeof useBulkBar>[0], 'rows' | 'matching' | 'filter' | 'clear'>;

/** The lead list's bulk bar: transfer, status and export of the selected (or all matching) leads. */
export function LeadBulkActions({ rows, matching, filter, clear }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const label = useLabel();
  const client = useQueryClient();
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const onChanged = useCallback(() => void client.invalidateQueries({ queryKey: ['leads'] }), [client]);
  const bar = useBulkBar<BulkLeadAction>({
    rows,
    matching,
    filter,
    clear,
    exportPath: '/leads/export',
    onChanged,
    send: (action, selection) =>
      action === 'transfer' ? runLeadBulk({ action, ownerId: ownerId ?? '', ...selection }) : runLeadBulk({ action, status: status ?? 'nurture', ...selection }),
  });
  const { count, dialog } = bar;
  const openDialog = (action: BulkLeadAction) => {
    setOwnerId(null);
    setStatus(null);
    bar.openDialog(action);
  };

  return (
    <>
      {can('lead:assign') && can('user:read') ? (
        <Button icon={<UserSwitchOutlined />} onClick={() => openDialog('transfer')} data-testid="leads-bulk-transfer">
          {t('bulk.transfer')}
        </Button>
      ) : null}
      {can('lead:update') ? (
        <Button icon={<SwapOutlined />} onClick={() => openDialog('setStatus')} data-testid="leads-bulk-status">
          {t('bulk.setStatus')}
        </Button>
      ) : null}
      {can('lead:export') ? (
        <Button icon={<DownloadOutlined />} loading={bar.exporting} onClick={bar.exportSelected} data-testid="leads-bulk-export">
          {t('bulk.exportSelected')}
        </Button>
      ) : null}

      <BulkDialog {...dialog('transfer')} title={t('bulk.leads.transferTitle', { count })} okText={t('bulk.transfer')} okDisabled={!ownerId}>
        <UserSelect value={ownerId} onChange={setOwnerId} placeholder={t('bulk.newOwner')} style={{ width: '100%' }} data-testid="bulk-dialog-owner" />
      </BulkDialog>
      <BulkDialog {...dialog('setStatus')} title={t('bulk.leads.statusTitle', { count })} okText={t('bulk.setStatus')} okDisabled={!status}>
        <Select<Status>
          value={status ?? undefined}
          onChange={setStatus}
          options={BULK_LEAD_STATUSES.map((s) => ({ value: s, label: label(LEAD_STATUS_LABELS[s]) }))}
          placeholder={t('bulk.chooseStatus')}
          data-testid="bulk-dialog-status"
        />
        {t('bulk.leads.statusHint')}
      </BulkDialog>
      {bar.outcome}
    </>
  );
}
