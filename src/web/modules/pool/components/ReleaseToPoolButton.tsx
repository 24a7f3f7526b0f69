import { App, Button } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../contracts/customers.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { customersKeys } from '../../customers/customers.api.ts';
import { poolKeys, releaseCustomer } from '../pool.api.ts';

/** The owner gives a customer back to the public pool (managers with customer:assign may too, as the server allows). */
export function ReleaseToPoolButton({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();

  const mutation = useMutation({
    mutationFn: () => releaseCustomer(customer.id),
    onSuccess: () => {
      void message.success(t('pool.released', { name: customer.name }));
      void client.invalidateQueries({ queryKey: customersKeys.all });
      void client.invalidateQueries({ queryKey: poolKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
    },
    onError: (err) => handleError(err),
  });

  const allowed = customer.ownerId !== null && can('customer:update') && (customer.ownerId === me.id || can('customer:assign'));
  if (!allowed) return null;
  return (
    <Button
      icon={<ExportOutlined />}
      loading={mutation.isPending}
      data-testid="customer-release"
      onClick={() =>
        modal.confirm({
          title: t('pool.releaseConfirmTitle', { name: customer.name }),
          content: t('pool.releaseConfirmBody'),
          okText: t('pool.release'),
          okButtonProps: withTestId({}, 'confirm-ok'),
          cancelText: t('common.cancel'),
          onOk: () => mutation.mutateAsync().catch(() => undefined),
        })
      }
    >
      {t('pool.release')}
    </Button>
  );
}
