import { useState } from 'react';
import { App, Button, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ImportOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_SORTS, type CustomerListRow } from '../../../../contracts/customers.ts';
import { LIFECYCLE_STAGES, SALES_REGIONS } from '../../../../contracts/vocabulary.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { isApiError } from '../../../app/http.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { customersKeys } from '../../customers/customers.api.ts';
import { CustomerFilterFields } from '../../customers/components/CustomerFilterFields.tsx';
import { useIndustries } from '../../customers/hooks.ts';
import { KindTag, RegionText, StageTag } from '../../customers/vocabulary.tsx';
import { AssignCustomerModal } from '../components/AssignCustomerModal.tsx';
import { claimCustomer, listPool, poolKeys } from '../pool.api.ts';

const FILTER_KEYS = ['q', 'stage', 'industryCode', 'region'] as const;

export function PoolPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.pool'));
  const can = useCan();
  const industries = useIndustries();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [assigning, setAssigning] = useState<CustomerListRow | null>(null);
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({
      q: values.q || undefined,
      stage: oneOf(LIFECYCLE_STAGES, values.stage),
      industryCode: values.industryCode,
      region: oneOf(SALES_REGIONS, values.region),
    }),
    sort: { sorts: CUSTOMER_SORTS, default: '-createdAt' },
    queryKey: poolKeys.list,
    fetch: listPool,
  });
  const canClaim = can('customer:update');
  const canAssign = can('customer:assign') && can('user:read');

  const claim = useMutation({
    mutationFn: (c: CustomerListRow) => claimCustomer(c.id),
    onSuccess: (c) => {
      void message.success(t('pool.claimed', { name: c.name }));
      void client.invalidateQueries({ queryKey: poolKeys.all });
      void client.invalidateQueries({ queryKey: customersKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
    },
    onError: (err) => {
      // Limits (422) and "someone was faster" (409) are answers, not faults: say why, in the
      // server's words (already in the user's language), and show the pool as it is now.
      if (isApiError(err) && (err.status === 422 || err.status === 409) && err.message) {
        void message.warning({ content: err.message, key: 'pool-claim-refused' });
        void client.invalidateQueries({ queryKey: poolKeys.all });
        return;
      }
      handleError(err);
    },
  });

  const columns: TableColumnsType<CustomerListRow> = [
    {
      key: 'number',
      dataIndex: 'number',
      title: t('customers.fields.number'),
      width: 150,
      sorter: true,
      render: (v: string) => <span className="kehu-secret">{v}</span>,
    },
    {
      key: 'name',
      title: t('customers.fields.name'),
      width: 260,
      sorter: true,
      // No link: pool customers lie outside a salesperson's scope until claimed.
      render: (_v, c) => (
        <Space size={6}>
          <Typography.Text strong>{c.name}</Typography.Text>
          <KindTag kind={c.kind} />
        </Space>
      ),
    },
    { key: 'stage', title: t('customers.fields.stage'), width: 90, render: (_v, c) => <StageTag stage={c.stage} /> },
    {
      key: 'industry',
      title: t('customers.fields.industry'),
      width: 130,
      render: (_v, c) => industries.nameOf(c.industryCode) ?? <span className="kehu-muted">—</span>,
    },
    {
      key: 'region',
      title: t('customers.fields.region'),
      width: 180,
      render: (_v, c) => <RegionText customer={c} />,
    },
    {
      key: 'lastFollowUpAt',
      title: t('customers.fields.lastFollowUpAt'),
      width: 150,
      render: (_v, c) => <DateTime value={c.lastFollowUpAt} empty={t('customers.never')} />,
    },
    {
      key: 'createdAt',
      title: t('customers.fields.createdAt'),
      width: 150,
      sorter: true,
      render: (_v, c) => <DateTime value={c.createdAt} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 190,
      fixed: 'right',
      render: (_v, c) => (
        <Space size={4}>
          {canClaim ? (
            <Button
              size="small"
              type="primary"
              icon={<ImportOutlined />}
              loading={claim.isPending && claim.variables.id === c.id}
              onClick={() => claim.mutate(c)}
              data-testid={`pool-claim-${c.number}`}
            >
              {t('pool.claim')}
            </Button>
          ) : null}
          {canAssign ? (
            <Button size="small" icon={<UserSwitchOutlined />} onClick={() => setAssigning(c)} data-testid={`pool-assign-${c.number}`}>
              {t('pool.assign')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <ListPage<CustomerListRow>
      state={state}
      testId="pool"
      title={t('nav.pool')}
      description={t('pool.pageHint')}
      search={{ placeholder: t('customers.searchPlaceholder') }}
      filters={<CustomerFilterFields values={state.filter} onChange={(patch) => state.setFilters(patch)} testIdPrefix="pool-filter" />}
      columns={columns}
      table={{ scroll: { x: 1300 }, rowTestId: (c) => `pool-row-${c.number}` }}
      empty={{ description: t('pool.empty'), filteredDescription: t('pool.emptyFiltered') }}
    >
      <AssignCustomerModal customer={assigning} onClose={() => setAssigning(null)} />
    </ListPage>
  );
}
