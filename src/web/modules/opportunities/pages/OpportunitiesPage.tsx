import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, DatePicker, Segmented, Select } from 'antd';
import { AppstoreOutlined, BarChartOutlined, FunnelPlotOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { STAGE_KINDS, type StageKind } from '../../../../contracts/sales.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { asPageSize, oneOf } from '../../../ui/listParams.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { DepartmentTreeSelect } from '../../departments/components/DepartmentTreeSelect.tsx';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { BoardView } from '../components/BoardView.tsx';
import { OpportunityFormDrawer } from '../components/OpportunityFormDrawer.tsx';
import { OpportunityTable } from '../components/OpportunityTable.tsx';
import { useStages } from '../hooks.ts';
import { listOpportunities, opportunitiesKeys, type OpportunityListQuery } from '../opportunities.api.ts';
import type { OpportunityFormTarget } from '../opportunityForm.ts';

const URL_KEYS = ['view', 'q', 'ownerId', 'departmentId', 'stageId', 'status', 'closeFrom', 'closeTo', 'sort', 'size'] as const;
const VIEWS = ['board', 'list'] as const;
type View = (typeof VIEWS)[number];
const SORTS = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'amountFen', '-amountFen'] as const;
const DEFAULT_SIZE = 20;
const isDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** 商机: the pipeline as a board by stage or as a list, with the same filters (kept in the URL). */
export function OpportunitiesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('opportunities.title'));
  const can = useCan();
  const me = useCurrentUser();
  const stages = useStages();
  const { values, setFilters, clearFilters } = useUrlFilters(URL_KEYS);
  const [target, setTarget] = useState<OpportunityFormTarget | null>(null);
  const view: View = oneOf(VIEWS, values.view) ?? 'board';
  const manager = me.role.dataScope !== 'own';
  const shared = { q: values.q, ownerId: manager ? values.ownerId : undefined, departmentId: manager ? values.departmentId : undefined };
  const listFilter = { ...shared, stageId: values.stageId, status: oneOf(STAGE_KINDS, values.status), closeFrom: isDate(values.closeFrom), closeTo: isDate(values.closeTo) };
  const sort = oneOf(SORTS, values.sort) ?? '-updatedAt';
  const pageSize = asPageSize(values.size, DEFAULT_SIZE);
  const pages = useCursorPages(JSON.stringify({ ...listFilter, sort, pageSize }));
  const query: OpportunityListQuery = { ...listFilter, sort, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({ queryKey: opportunitiesKeys.list(query), queryFn: ({ signal }) => listOpportunities(query, signal), placeholderData: keepPreviousData, enabled: view === 'list' });
  const hasShared = !!(shared.q || shared.ownerId || shared.departmentId);
  const hasFilters = hasShared || (view === 'list' && !!(listFilter.stageId || listFilter.status || listFilter.closeFrom || listFilter.closeTo));

  return (
    <PageContainer
      title={t('opportunities.title')}
      description={t('opportunities.pageHint')}
      extra={
        <>
          <Link to="/opportunities/funnel">
            <Button icon={<FunnelPlotOutlined />} data-testid="opportunities-funnel">
              {t('opportunities.funnel.title')}
            </Button>
          </Link>
          <Link to="/opportunities/forecast">
            <Button icon={<BarChartOutlined />} data-testid="opportunities-forecast">
              {t('opportunities.forecast.title')}
            </Button>
          </Link>
          {can('opportunity:create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="opportunities-create">
              {t('opportunities.create')}
            </Button>
          ) : null}
        </>
      }
    >
      <Card>
        <FilterBar
          extra={
            <>
              {hasFilters ? (
                <Button onClick={() => (view === 'board' ? clearFilters() : setFilters({ q: null, ownerId: null, departmentId: null, stageId: null, status: null, closeFrom: null, closeTo: null }))} data-testid="opportunities-filter-reset">
                  {t('common.clearFilters')}
                </Button>
              ) : null}
              <Segmented<View>
                value={view}
                onChange={(v) => setFilters({ view: v === 'board' ? null : v })}
                options={[
                  { value: 'board', label: t('opportunities.views.board'), icon: <AppstoreOutlined /> },
                  { value: 'list', label: t('opportunities.views.list'), icon: <UnorderedListOutlined /> },
                ]}
                data-testid="opportunities-view"
              />
            </>
          }
        >
          <SearchInput value={values.q ?? ''} onCommit={(v) => setFilters({ q: v }, { replace: true })} placeholder={t('opportunities.searchPlaceholder')} style={{ width: 220 }} data-testid="opportunities-search" />
          {manager && can('user:read') ? (
            <UserSelect value={values.ownerId ?? null} onChange={(v) => setFilters({ ownerId: v })} placeholder={t('opportunities.filterOwner')} style={{ width: 170 }} data-testid="opportunities-filter-owner" />
          ) : null}
          {manager && can('department:read') ? (
            <DepartmentTreeSelect value={values.departmentId ?? null} onChange={(v) => setFilters({ departmentId: v })} placeholder={t('opportunities.filterDepartment')} style={{ width: 170 }} data-testid="opportunities-filter-department" />
          ) : null}
          {view === 'list' ? (
            <>
              <Select<string>
                value={listFilter.stageId}
                onChange={(v) => setFilters({ stageId: v })}
                allowClear
                placeholder={t('opportunities.filterStage')}
                style={{ width: 140 }}
                options={stages.items.map((s) => ({ value: s.id, label: stages.nameOf(s) }))}
                data-testid="opportunities-filter-stage"
              />
              <Select<StageKind>
                value={listFilter.status}
                onChange={(v) => setFilters({ status: v })}
                allowClear
                placeholder={t('opportunities.filterStatus')}
                style={{ width: 120 }}
                options={STAGE_KINDS.map((k) => ({ value: k, label: t(`opportunities.statuses.${k}`) }))}
                data-testid="opportunities-filter-status"
              />
              <DatePicker.RangePicker
                value={listFilter.closeFrom && listFilter.closeTo ? [dayjs(listFilter.closeFrom), dayjs(listFilter.closeTo)] : null}
                onChange={(range) => setFilters({ closeFrom: range?.[0]?.format('YYYY-MM-DD') ?? null, closeTo: range?.[1]?.format('YYYY-MM-DD') ?? null })}
                placeholder={[t('opportunities.closeFrom'), t('opportunities.closeTo')]}
                data-testid="opportunities-filter-close"
              />
            </>
          ) : null}
        </FilterBar>
        {view === 'board' ? (
          <BoardView query={shared} onShowStage={(stageId) => setFilters({ view: 'list', stageId })} />
        ) : (
          <OpportunityTable
            list={list}
            pages={pages}
            pageSize={pageSize}
            onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
            sort={sort}
            onSortChange={(s) => setFilters({ sort: s === '-updatedAt' ? null : s })}
            empty={
              <EmptyState
                description={hasFilters ? t('opportunities.emptyFiltered') : t('opportunities.empty')}
                action={
                  !hasFilters && can('opportunity:create') ? (
                    <Button icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })}>
                      {t('opportunities.create')}
                    </Button>
                  ) : null
                }
              />
            }
          />
        )}
      </Card>
      <OpportunityFormDrawer target={target} onClose={() => setTarget(null)} />
    </PageContainer>
  );
}
