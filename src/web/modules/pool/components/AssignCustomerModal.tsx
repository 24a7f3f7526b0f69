import { useState } from 'react';
import { App, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CustomerListRow } from '../../../../contracts/customers.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { withTestId } from '../../../ui/testId.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { customersKeys } from '../../customers/customers.api.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { assignCustomer, poolKeys } from '../pool.api.ts';

/** A manager hands a pool customer to a salesperson (customer:assign); no claim limits apply. */
export function AssignCustomerModal({ customer, onClose }: { customer: CustomerListRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [ownerId, setOwnerId] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: ({ c, to }: { c: CustomerListRow; to: string }) => assignCustomer(c.id, { ownerId: to, version: c.version }),
    onSuccess: (updated) => {
      void client.invalidateQueries({ queryKey: poolKeys.all });
      void client.invalidateQueries({ queryKey: customersKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
      void message.success(t('pool.assigned', { name: updated.name, owner: updated.ownerName ?? '' }));
      onClose();
    },
    onError: (err) => handleError(err, { conflictKeys: [poolKeys.all], onConflict: onClose }),
  });

  return (
    <Modal
      open={!!customer}
      title={t('pool.assignTitle', { name: customer?.name ?? '' })}
      onCancel={onClose}
      // Cleared once closed, not on opening: the opening animation could wipe a quick first pick.
      afterClose={() => setOwnerId(null)}
      onOk={() => customer && ownerId && mutation.mutate({ c: customer, to: ownerId })}
      okText={t('pool.assign')}
      cancelText={t('common.cancel')}
      okButtonProps={withTestId({ disabled: !ownerId, loading: mutation.isPending }, 'pool-assign-submit')}
      destroyOnHidden
      data-testid="pool-assign-dialog"
    >
      <Typography.Paragraph type="secondary">{t('pool.assignHint')}</Typography.Paragraph>
      <UserSelect value={ownerId} onChange={setOwnerId} style={{ width: '100%' }} data-testid="pool-assign-owner" />
    </Modal>
  );
}
