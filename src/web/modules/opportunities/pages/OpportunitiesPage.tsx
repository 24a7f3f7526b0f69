import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, DatePicker, Segmented, Select } from 'antd';
import { AppstoreOutlined, BarChartOutlined, FunnelPlotOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Opportunity } from '../../../../contracts/opportunities.ts';
import { STAGE_KINDS, type StageKind } from '../../../../contracts/sales.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import type { UrlValues } from '../../../ui/listState.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { DepartmentTreeSelect } from '../../departments/components/DepartmentTreeSelect.tsx';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { BoardView } from '../components/BoardView.tsx';
import { OpportunityFormDrawer } from '../components/OpportunityFormDrawer.tsx';
import { useOpportunityColumns } from '../components/OpportunityTable.tsx';
import { useStages } from '../hooks.ts';
import { listOpportunities, opportunitiesKeys } from '../opportunities.api.ts';
import type { OpportunityFormTarget } from '../opportunityForm.ts';

const FILTER_KEYS = ['q', 'ownerId', 'departmentId', 'stageId', 'status', 'closeFrom', 'closeTo'] as const;
const VIEWS = ['board', 'list'] as const;
type View = (typeof VIEWS)[number];
const SORTS = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'amountFen', '-amountFen'] as const;
// "Clear filters" in the list view keeps the user in the list with their sort and page size; on
// the board (where neither shows) it empties the URL.
const KEPT_IN_LIST = ['view', 'sort', 'size'] as const;
const isDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** 商机: the pipeline as a board by stage or as a list, with the same filters (kept in the URL). */
export function OpportunitiesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('opportunities.title'));
  const can = useCan();
  const me = useCurrentUser();
  const stages = useStages();
  const [target, setTarget] = useState<OpportunityFormTarget | null>(null);
  // The view decides what the list state is (which filters count, what "clear" keeps, whether
  // the table is fetched), so it is read from the URL before that state.
  const [params] = useSearchParams();
  const view: View = oneOf(VIEWS, params.get('view') ?? undefined) ?? 'board';
  const manager = me.role.dataScope !== 'own';
  // Owner and department filter only for those who see more than their own; the board takes
  // these alone, so on the board the list's own filters neither apply nor count as filters.
  const shared = (values: UrlValues) => ({ q: values.q || undefined, ownerId: manager ? values.ownerId : undefined, departmentId: manager ? values.departmentId : undefined });
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    extraKeys: ['view'],
    parse: (values) => ({
      ...shared(values),
      ...(view === 'list' ? { stageId: values.stageId, status: oneOf(STAGE_KINDS, values.status), closeFrom: isDate(values.closeFrom), closeTo: isDate(values.closeTo) } : {}),
    }),
    sort: { sorts: SORTS, default: '-updatedAt' },
    keepOnClear: view === 'list' ? KEPT_IN_LIST : [],
    showTable: view === 'list',
    queryKey: opportunitiesKeys.list,
    fetch: listOpportunities,
  });
  const { values, filter, setFilters } = state;
  const columns = useOpportunityColumns({ showCustomer: true, sortable: true });

  return (
    <ListPage<Opportunity>
      state={state}
      testId="opportunities"
      title={t('opportunities.title')}
      description={t('opportunities.pageHint')}
      actions={
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
      search={{ placeholder: t('opportunities.searchPlaceholder'), width: 220, testId: 'opportunities-search' }}
      filters={
        <>
          {manager && can('user:read') ? (
            <UserSelect value={values.ownerId ?? null} onChange={(v) => setFilters({ ownerId: v })} placeholder={t('opportunities.filterOwner')} style={{ width: 170 }} data-testid="opportunities-filter-owner" />
          ) : null}
          {manager && can('department:read') ? (
            <DepartmentTreeSelect value={values.departmentId ?? null} onChange={(v) => setFilters({ departmentId: v })} placeholder={t('opportunities.filterDepartment')} style={{ width: 170 }} data-testid="opportunities-filter-department" />
          ) : null}
          {view === 'list' ? (
            <>
              <Select<string>
                value={filter.stageId}
                onChange={(v) => setFilters({ stageId: v })}
                allowClear
                placeholder={t('opportunities.filterStage')}
                style={{ width: 140 }}
                options={stages.items.map((s) => ({ value: s.id, label: stages.nameOf(s) }))}
                data-testid="opportunities-filter-stage"
              />
              <Select<StageKind>
                value={filter.status}
                onChange={(v) => setFilters({ status: v })}
                allowClear
                placeholder={t('opportunities.filterStatus')}
                style={{ width: 120 }}
                options={STAGE_KINDS.map((k) => ({ value: k, label: t(`opportunities.statuses.${k}`) }))}
                data-testid="opportunities-filter-status"
              />
              <DatePicker.RangePicker
                value={filter.closeFrom && filter.closeTo ? [dayjs(filter.closeFrom), dayjs(filter.closeTo)] : null}
                onChange={(range) => setFilters({ closeFrom: range?.[0]?.format('YYYY-MM-DD') ?? null, closeTo: range?.[1]?.format('YYYY-MM-DD') ?? null })}
                placeholder={[t('opportunities.closeFrom'), t('opportunities.closeTo')]}
                data-testid="opportunities-filter-close"
              />
            </>
          ) : null}
        </>
      }
      filterBarEnd={
        <Segmented<View>
          value={view}
          onChange={(v) => setFilters({ view: v === 'board' ? null : v })}
          options={[
            { value: 'board', label: t('opportunities.views.board'), icon: <AppstoreOutlined /> },
            { value: 'list', label: t('opportunities.views.list'), icon: <UnorderedListOutlined /> },
          ]}
          data-testid="opportunities-view"
        />
      }
      otherView={<BoardView query={shared(values)} onShowStage={(stageId) => setFilters({ view: 'list', stageId })} />}
      columns={columns}
      table={{ scroll: { x: 1100 }, testId: 'opportunity-table', rowTestId: (o) => `opportunity-row-${o.id}` }}
      empty={{
        description: t('opportunities.empty'),
        filteredDescription: t('opportunities.emptyFiltered'),
        action: can('opportunity:create') ? (
          <Button icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })}>
            {t('opportunities.create')}
          </Button>
        ) : null,
      }}
    >
      <OpportunityFormDrawer target={target} onClose={() => setTarget(null)} />
    </ListPage>
  );
}
