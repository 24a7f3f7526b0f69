import { useState } from 'react';
import { Button, Checkbox, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Contract } from '../../../../contracts/sales-contracts.ts';
import { CONTRACT_STATUSES, type ContractStatus } from '../../../../contracts/sales.ts';
import { useCan } from '../../../app/session.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { ContractFormDrawer } from '../components/ContractFormDrawer.tsx';
import { useContractColumns } from '../components/ContractTable.tsx';
import { contractsKeys, listContracts } from '../sales-contracts.api.ts';
import type { ContractFormTarget } from '../contractForm.ts';

const RENEWAL_WINDOW_DAYS = 30;
// The two checkboxes keep their short URL names (ending=1, overdue=1) while the API's filters are
// endingWithinDays and hasOverdue: "is the list filtered" looks at the API's names, so those are
// the filter keys and the URL names are read as the page's own keys.
const FILTER_KEYS = ['q', 'status', 'ownerId', 'endingWithinDays', 'hasOverdue'] as const;
const CHECKBOX_KEYS = ['ending', 'overdue'] as const;

/** 合同: every contract in my scope, filtered by status, owner, ending soon and overdue payments (in the URL). */
export function ContractsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('contracts.title'));
  const can = useCan();
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    extraKeys: CHECKBOX_KEYS,
    parse: (values) => ({
      q: values.q || undefined,
      status: oneOf(CONTRACT_STATUSES, values.status),
      ownerId: values.ownerId,
      endingWithinDays: values.ending === '1' ? RENEWAL_WINDOW_DAYS : undefined,
      hasOverdue: values.overdue === '1' ? ('true' as const) : undefined,
    }),
    queryKey: contractsKeys.list,
    fetch: listContracts,
  });
  const { values, filter, setFilters } = state;
  const [target, setTarget] = useState<ContractFormTarget | null>(null);
  const columns = useContractColumns();

  return (
    <ListPage<Contract>
      state={state}
      testId="contracts"
      title={t('contracts.title')}
      description={t('contracts.pageHint')}
      actions={
        can('contract:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="contracts-create">
            {t('contracts.create')}
          </Button>
        ) : null
      }
      search={{ placeholder: t('contracts.search'), width: 220, testId: 'contracts-search' }}
      filters={
        <>
          <Select<ContractStatus>
            value={filter.status}
            onChange={(v) => setFilters({ status: v })}
            placeholder={t('contracts.filterStatus')}
            allowClear
            style={{ width: 130 }}
            options={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`contracts.statuses.${s}`) }))}
            data-testid="contracts-filter-status"
          />
          {can('user:read') ? (
            <UserSelect value={values.ownerId ?? null} onChange={(v) => setFilters({ ownerId: v })} placeholder={t('contracts.filterOwner')} style={{ width: 170 }} data-testid="contracts-filter-owner" />
          ) : null}
          <Checkbox checked={values.ending === '1'} onChange={(e) => setFilters({ ending: e.target.checked ? '1' : null })} data-testid="contracts-filter-ending">
            {t('contracts.endingSoon')}
          </Checkbox>
          <Checkbox checked={values.overdue === '1'} onChange={(e) => setFilters({ overdue: e.target.checked ? '1' : null })} data-testid="contracts-filter-overdue">
            {t('contracts.hasOverdue')}
          </Checkbox>
        </>
      }
      columns={columns}
      table={{ scroll: { x: 1200 }, rowTestId: (c) => `contract-row-${c.id}` }}
      empty={{ description: t('contracts.empty'), filteredDescription: t('contracts.emptyFiltered') }}
    >
      <ContractFormDrawer target={target} onClose={() => setTarget(null)} />
    </ListPage>
  );
}
