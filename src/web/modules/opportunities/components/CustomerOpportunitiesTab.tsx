import { useState } from 'react';
import { Button, Flex } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { listOpportunities, opportunitiesKeys } from '../opportunities.api.ts';
import type { OpportunityFormTarget } from '../opportunityForm.ts';
import { OpportunityFormDrawer } from './OpportunityFormDrawer.tsx';
import { OpportunityTable } from './OpportunityTable.tsx';

/** 商机 tab of a customer: its opportunities, and opening one with the customer filled in. */
export function CustomerOpportunitiesTab({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const [target, setTarget] = useState<OpportunityFormTarget | null>(null);
  const [pageSize, setPageSize] = useState(20);
  const pages = useCursorPages(`${customerId}:${pageSize}`);
  const query = { customerId, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({ queryKey: opportunitiesKeys.list(query), queryFn: ({ signal }) => listOpportunities(query, signal), placeholderData: keepPreviousData, enabled: can('opportunity:read') });
  if (!can('opportunity:read')) return <EmptyState description={t('opportunities.noAccess')} />;
  const create = can('opportunity:create') ? () => setTarget({ mode: 'create', customer: { id: customerId, name: customerName } }) : null;
  return (
    <Flex vertical gap={12} data-testid="customer-opportunities">
      {create ? (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="customer-opportunity-create">
            {t('opportunities.create')}
          </Button>
        </Flex>
      ) : null}
      <OpportunityTable
        list={list}
        pages={pages}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        empty={<EmptyState description={t('opportunities.emptyCustomer')} action={create ? <Button icon={<PlusOutlined />} onClick={create}>{t('opportunities.create')}</Button> : null} />}
      />
      <OpportunityFormDrawer target={target} onClose={() => setTarget(null)} openAfterCreate={false} />
    </Flex>
  );
}
