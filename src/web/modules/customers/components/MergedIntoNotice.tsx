import { Link } from 'react-router';
import { Button, Result } from 'antd';
import { MergeCellsOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { customersKeys, getCustomer } from '../customers.api.ts';

/** Shown instead of a merged-away customer: where its records went. */
export function MergedIntoNotice({ survivorId }: { survivorId: string }) {
  const { t } = useTranslation();
  // The survivor may be out of the caller's scope: the link then names no customer.
  const survivor = useQuery({ queryKey: customersKeys.detail(survivorId), queryFn: ({ signal }) => getCustomer(survivorId, signal), retry: false });
  return (
    <Result
      icon={<MergeCellsOutlined />}
      title={t('customerMerge.tombstoneTitle')}
      subTitle={t('customerMerge.tombstoneBody')}
      data-testid="customer-merged-into"
      extra={
        <Link to={`/customers/${survivorId}`} data-testid="customer-merged-into-link">
          <Button type="primary">
            {survivor.data ? t('customerMerge.tombstoneOpen', { name: `${survivor.data.number} ${survivor.data.name}` }) : t('customerMerge.tombstoneOpenUnknown')}
          </Button>
        </Link>
      }
    />
  );
}
