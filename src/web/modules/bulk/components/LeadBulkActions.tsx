import { useCallback, useState } from 'react';
import { App, Button, Select } from 'antd';
import { DownloadOutlined, SwapOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BULK_LEAD_STATUSES, type BulkLeadAction, type BulkResult } from '../../../../contracts/bulk.ts';
import { LEAD_STATUS_LABELS } from '../../../../contracts/vocabulary.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { useLabel } from '../../customers/hooks.ts';
import { downloadExport } from '../../imports/imports.api.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { runLeadBulk } from '../bulk.api.ts';
import { exportQueryOf, selectionOf } from '../selection.ts';
import { BulkDialog } from './BulkDialog.tsx';
import { BulkOutcome } from './BulkOutcome.tsx';

type Status = (typeof BULK_LEAD_STATUSES)[number];

type Props = {
  rows: { id: string }[];
  matching: number | null;
  filter: object;
  clear: () => void;
};

/** The lead list's bulk bar: transfer, status and export of the selected (or all matching) leads. */
export function LeadBulkActions({ rows, matching, filter, clear }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const label = useLabel();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [open, setOpen] = useState<BulkLeadAction | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [exporting, setExporting] = useState(false);
  const count = matching ?? rows.length;

  const run = useMutation({
    mutationFn: (action: BulkLeadAction) => {
      const selection = selectionOf(rows, matching, filter);
      return action === 'transfer' ? runLeadBulk({ action, ownerId: ownerId ?? '', ...selection }) : runLeadBulk({ action, status: status ?? 'nurture', ...selection });
    },
    // The selection stays until the outcome is closed: this bar (and the outcome in it) lives only while rows are selected.
    onSuccess: (r) => {
      setOpen(null);
      setResult(r);
    },
    onError: (err) => handleError(err),
  });
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: ['leads'] }), [client]);
  const openDialog = (action: BulkLeadAction) => {
    setOwnerId(null);
    setStatus(null);
    setOpen(action);
  };
  const exportSelected = async () => {
    setExporting(true);
    try {
      await downloadExport('/leads/export', 'xlsx', exportQueryOf(rows, matching, filter));
    } catch (err) {
      void message.error(err instanceof Error && err.message ? err.message : t('exports.failed'));
    } finally {
      setExporting(false);
    }
  };
  const dialog = (action: BulkLeadAction) => ({ open: open === action, busy: run.isPending, onCancel: () => setOpen(null), onOk: () => run.mutate(action) });

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
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportSelected()} data-testid="leads-bulk-export">
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
      <BulkOutcome
        result={result}
        onClose={() => {
          setResult(null);
          clear();
        }}
        onChanged={refresh}
      />
    </>
  );
}
