import { useState } from 'react';
import { Button, Card, Checkbox, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CONTRACT_STATUSES, type ContractStatus } from '../../../../contracts/sales.ts';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { asPageSize, oneOf } from '../../../ui/listParams.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { ContractFormDrawer } from '../components/ContractFormDrawer.tsx';
import { ContractTable } from '../components/ContractTable.tsx';
import { contractsKeys, listContracts, type ContractListQuery } from '../sales-contracts.api.ts';
import type { ContractFormTarget } from '../contractForm.ts';

const URL_KEYS = ['q', 'status', 'ownerId', 'ending', 'overdue', 'size'] as const;
const DEFAULT_SIZE = 20;
const RENEWAL_WINDOW_DAYS = 30;

/** 合同: every contract in my scope, filtered by status, owner, ending soon and overdue payments (in the URL). */
export function ContractsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('contracts.title'));
  const can = useCan();
  const { values, setFilters, clearFilters } = useUrlFilters(URL_KEYS);
  const [target, setTarget] = useState<ContractFormTarget | null>(null);
  const filter = {
    q: values.q || undefined,
    status: oneOf(CONTRACT_STATUSES, values.status),
    ownerId: values.ownerId,
    endingWithinDays: values.ending === '1' ? RENEWAL_WINDOW_DAYS : undefined,
    hasOverdue: values.overdue === '1' ? ('true' as const) : undefined,
  };
  const pageSize = asPageSize(values.size, DEFAULT_SIZE);
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query: ContractListQuery = { ...filter, limit: pageSize, cursor: pages.cursor };
  const hasFilters = Object.values(filter).some((v) => v !== undefined);
  const list = useQuery({ queryKey: contractsKeys.list(query), queryFn: ({ signal }) => listContracts(query, signal), placeholderData: keepPreviousData });

  return (
    <PageContainer
      title={t('contracts.title')}
      description={t('contracts.pageHint')}
      extra={
        can('contract:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="contracts-create">
            {t('contracts.create')}
          </Button>
        ) : null
      }
    >
      <Card>
        <FilterBar
          extra={
            hasFilters ? (
              <Button onClick={clearFilters} data-testid="contracts-filter-reset">
                {t('common.clearFilters')}
              </Button>
            ) : null
          }
        >
          <SearchInput value={values.q ?? ''} onCommit={(q) => setFilters({ q: q || null })} placeholder={t('contracts.search')} style={{ width: 220 }} data-testid="contracts-search" />
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
        </FilterBar>
        <ContractTable
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
          empty={<EmptyState description={hasFilters ? t('contracts.emptyFiltered') : t('contracts.empty')} />}
        />
      </Card>
      <ContractFormDrawer target={target} onClose={() => setTarget(null)} />
    </PageContainer>
  );
}
