import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Select, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { BarChartOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUSES, CAMPAIGN_TYPE_LABELS, CAMPAIGN_TYPES, type Campaign, type CampaignStatus, type CampaignType } from '../../../../contracts/campaigns.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useCan } from '../../../app/session.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { useLabel } from '../../customers/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { campaignsKeys, listCampaigns } from '../campaigns.api.ts';
import { isOverBudget, type CampaignFormTarget } from '../campaignForm.ts';
import { CampaignFormDrawer } from '../components/CampaignFormDrawer.tsx';
import { CampaignStatusTag, Money, Period } from '../components/campaignBits.tsx';

const FILTER_KEYS = ['q', 'status', 'type', 'ownerId'] as const;

/** 营销活动: the campaigns in my scope with their period, budget and what they cost so far. */
export function CampaignsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('campaigns.title'));
  const can = useCan();
  const label = useLabel();
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({
      q: values.q || undefined,
      status: oneOf(CAMPAIGN_STATUSES, values.status),
      type: oneOf(CAMPAIGN_TYPES, values.type),
      ownerId: values.ownerId,
    }),
    queryKey: campaignsKeys.list,
    fetch: listCampaigns,
  });
  const { values, filter, setFilters } = state;
  const [target, setTarget] = useState<CampaignFormTarget | null>(null);

  const columns: TableColumnsType<Campaign> = [
    {
      key: 'name',
      title: t('campaigns.fields.name'),
      width: 240,
      ellipsis: true,
      render: (_v, c) => (
        <Link to={`/campaigns/${c.id}`} data-testid="campaign-link">
          <Typography.Text strong style={{ color: 'inherit' }}>
            {c.name}
          </Typography.Text>
        </Link>
      ),
    },
    { key: 'type', title: t('campaigns.fields.type'), width: 110, render: (_v, c) => label(CAMPAIGN_TYPE_LABELS[c.type]) },
    { key: 'status', title: t('campaigns.fields.status'), width: 100, render: (_v, c) => <CampaignStatusTag status={c.status} testId="campaign-row-status" /> },
    { key: 'period', title: t('campaigns.fields.period'), width: 210, render: (_v, c) => <Period startsOn={c.startsOn} endsOn={c.endsOn} /> },
    { key: 'budget', title: t('campaigns.fields.budget'), width: 150, align: 'right', render: (_v, c) => <Money fen={c.budgetFen} testId="campaign-row-budget" /> },
    {
      key: 'cost',
      title: t('campaigns.fields.cost'),
      width: 150,
      align: 'right',
      render: (_v, c) =>
        isOverBudget(c) ? (
          <Tooltip title={t('campaigns.overBudget', { amount: formatFen(c.costFen - (c.budgetFen ?? 0), 'CNY') })}>
            <span data-over-budget="true">
              <Money fen={c.costFen} danger testId="campaign-row-cost" />
            </span>
          </Tooltip>
        ) : (
          <Money fen={c.costFen} testId="campaign-row-cost" />
        ),
    },
    { key: 'owner', title: t('campaigns.fields.owner'), width: 110, render: (_v, c) => c.ownerName ?? '—' },
  ];

  const create = can('campaign:create') ? () => setTarget({ mode: 'create' }) : null;

  return (
    <ListPage<Campaign>
      state={state}
      testId="campaigns"
      title={t('campaigns.title')}
      description={t('campaigns.pageHint')}
      actions={
        <>
          <Link to="/campaigns/compare">
            <Button icon={<BarChartOutlined />} data-testid="campaigns-compare">
              {t('campaigns.compare.title')}
            </Button>
          </Link>
          {create ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="campaigns-create">
              {t('campaigns.create')}
            </Button>
          ) : null}
        </>
      }
      search={{ placeholder: t('campaigns.search'), width: 220, testId: 'campaigns-search' }}
      filters={
        <>
          <Select<CampaignStatus>
            value={filter.status}
            onChange={(v) => setFilters({ status: v })}
            placeholder={t('campaigns.filterStatus')}
            allowClear
            style={{ width: 120 }}
            options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: label(CAMPAIGN_STATUS_LABELS[s]) }))}
            data-testid="campaigns-filter-status"
          />
          <Select<CampaignType>
            value={filter.type}
            onChange={(v) => setFilters({ type: v })}
            placeholder={t('campaigns.filterType')}
            allowClear
            style={{ width: 130 }}
            options={CAMPAIGN_TYPES.map((s) => ({ value: s, label: label(CAMPAIGN_TYPE_LABELS[s]) }))}
            data-testid="campaigns-filter-type"
          />
          {can('user:read') ? (
            <UserSelect value={values.ownerId ?? null} onChange={(v) => setFilters({ ownerId: v })} placeholder={t('campaigns.filterOwner')} style={{ width: 170 }} data-testid="campaigns-filter-owner" />
          ) : null}
        </>
      }
      columns={columns}
      table={{ scroll: { x: 1070 }, rowTestId: (c) => `campaign-row-${c.id}` }}
      empty={{
        description: t('campaigns.empty'),
        filteredDescription: t('campaigns.emptyFiltered'),
        action: create ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={create}>
            {t('campaigns.create')}
          </Button>
        ) : null,
      }}
    >
      <CampaignFormDrawer target={target} onClose={() => setTarget(null)} />
    </ListPage>
  );
}
