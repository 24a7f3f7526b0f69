import { useState } from 'react';
import { Button, Card, Flex, Statistic } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { contractsKeys, customerContractTotals, listContracts } from '../sales-contracts.api.ts';
import type { ContractFormTarget } from '../contractForm.ts';
import { ContractFormDrawer } from './ContractFormDrawer.tsx';
import { ContractTable } from './ContractTable.tsx';

/** 合同 tab of a customer (合作历史): its contracts with amounts received and outstanding, and the totals. */
export function CustomerContractsTab({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const [target, setTarget] = useState<ContractFormTarget | null>(null);
  const [pageSize, setPageSize] = useState(20);
  const pages = useCursorPages(`${customerId}:${pageSize}`);
  const allowed = can('contract:read');
  const query = { customerId, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({ queryKey: contractsKeys.list(query), queryFn: ({ signal }) => listContracts(query, signal), placeholderData: keepPreviousData, enabled: allowed });
  const totals = useQuery({ queryKey: contractsKeys.customerTotals(customerId), queryFn: ({ signal }) => customerContractTotals(customerId, signal), enabled: allowed });
  if (!allowed) return <EmptyState description={t('contracts.noAccess')} />;
  const create = can('contract:create') ? () => setTarget({ mode: 'create', customer: { id: customerId, name: customerName } }) : null;
  const sum = totals.data;
  return (
    <Flex vertical gap={12} data-testid="contracts-tab">
      {totals.isError ? (
        <ErrorState error={totals.error} onRetry={() => void totals.refetch()} />
      ) : (
        <Card size="small" loading={totals.isPending}>
          <Flex gap={32} wrap data-testid="contracts-totals">
            <Statistic title={t('contracts.totals.count')} value={sum?.contractCount ?? 0} />
            <Statistic title={t('contracts.totals.amount')} value={formatFen(sum?.amountFen ?? 0, 'CNY')} />
            <Statistic title={t('contracts.totals.received')} value={formatFen(sum?.receivedFen ?? 0, 'CNY')} data-testid="contracts-totals-received" />
            <Statistic title={t('contracts.totals.outstanding')} value={formatFen(sum?.outstandingFen ?? 0, 'CNY')} data-testid="contracts-totals-outstanding" />
            <Statistic title={t('contracts.totals.overdue')} value={formatFen(sum?.overdueFen ?? 0, 'CNY')} valueStyle={(sum?.overdueFen ?? 0) > 0 ? { color: '#cf1322' } : undefined} />
          </Flex>
        </Card>
      )}
      {create ? (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="contract-create">
            {t('contracts.create')}
          </Button>
        </Flex>
      ) : null}
      <ContractTable
        list={list}
        pages={pages}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        showCustomer={false}
        empty={<EmptyState description={t('contracts.empty')} action={create ? <Button icon={<PlusOutlined />} onClick={create}>{t('contracts.create')}</Button> : null} />}
      />
      <ContractFormDrawer target={target} onClose={() => setTarget(null)} />
    </Flex>
  );
}
