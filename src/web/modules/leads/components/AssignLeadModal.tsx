import { useState } from 'react';
import { App, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Lead } from '../../../../contracts/leads.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { withTestId } from '../../../ui/testId.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { assignLead, leadsKeys } from '../leads.api.ts';

/** Hand the lead to a salesperson, or to another one. */
export function AssignLeadModal({ lead, open, onClose }: { lead: Lead; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [ownerId, setOwnerId] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (to: string) => assignLead(lead.id, { ownerId: to, version: lead.version }),
    onSuccess: (updated) => {
      client.setQueryData(leadsKeys.detail(lead.id), updated);
      void client.invalidateQueries({ queryKey: leadsKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
      void message.success(t('leads.assignedTo', { name: updated.ownerName ?? '' }));
      onClose();
    },
    onError: (err) => handleError(err, { conflictKeys: [leadsKeys.all], onConflict: onClose }),
  });

  return (
    <Modal
      open={open}
      title={lead.ownerId ? t('leads.reassignTitle') : t('leads.assignTitle')}
      onCancel={onClose}
      // Cleared once closed, not on opening: the opening animation could wipe a quick first pick.
      afterClose={() => setOwnerId(null)}
      onOk={() => ownerId && mutation.mutate(ownerId)}
      okText={t('leads.assign')}
      cancelText={t('common.cancel')}
      okButtonProps={withTestId({ disabled: !ownerId || ownerId === lead.ownerId, loading: mutation.isPending }, 'lead-assign-submit')}
      destroyOnHidden
      data-testid="lead-assign-dialog"
    >
      {lead.ownerName ? (
        <Typography.Paragraph type="secondary">{t('leads.currentOwner', { name: lead.ownerName })}</Typography.Paragraph>
      ) : null}
      <UserSelect value={ownerId} onChange={setOwnerId} style={{ width: '100%' }} data-testid="lead-assign-owner" />
    </Modal>
  );
}
