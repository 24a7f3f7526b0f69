import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App, Button, Checkbox, Segmented, Select, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { NodeIndexOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CHANNEL_KEY_PATTERN, LEAD_GRADE_LABELS, LEAD_GRADES, LEAD_STATUS_LABELS, LEAD_STATUSES, SALES_REGION_LABELS, SALES_REGIONS, industryCodeSchema, type LeadChannel, type LeadGrade, type LeadStatus, type SalesRegion } from '../../../../contracts/vocabulary.ts';
import { LEAD_SORTS, type Lead } from '../../../../contracts/leads.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { countLeads } from '../../bulk/bulk.api.ts';
import { LeadBulkActions } from '../../bulk/components/LeadBulkActions.tsx';
import { CampaignSelect } from '../../campaigns/components/CampaignSelect.tsx';
import { ExportButtons } from '../../imports/components/ExportButtons.tsx';
import { useIndustries, useLabel, useSourceChannels } from '../../customers/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { AssignLeadModal } from '../components/AssignLeadModal.tsx';
import { LeadFormDrawer } from '../components/LeadFormDrawer.tsx';
import { leadsKeys, listLeads, type CreateLeadResponse } from '../leads.api.ts';
import { GradeTag, LeadStatusTag, SlaIndicator } from '../vocabulary.tsx';
import { AddToListButton } from '../../segments/components/AddToListButton.tsx';

const FILTER_KEYS = ['q', 'status', 'grade', 'channel', 'region', 'industryCode', 'campaignId', 'ownerId', 'unassigned', 'needsFollowUp', 'queue'] as const;
const ASSIGNMENT = ['true', 'false'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Empty() {
  return <span className="kehu-muted">—</span>;
}

export function LeadsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.leads'));
  const me = useCurrentUser();
  const can = useCan();
  const label = useLabel();
  const channels = useSourceChannels();
  const industries = useIndustries();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<Lead | null>(null);
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({
      q: values.q || undefined,
      status: oneOf(LEAD_STATUSES, values.status),
      grade: oneOf(LEAD_GRADES, values.grade),
      // Channels are an admin-maintained list: only the key's shape is checked, as for industries.
      channel: values.channel && CHANNEL_KEY_PATTERN.test(values.channel) ? values.channel : undefined,
      region: oneOf(SALES_REGIONS, values.region),
      // Industry codes are admin-defined rows, so only their shape is checked: a mangled URL is no filter, not a 400.
      industryCode: industryCodeSchema.safeParse(values.industryCode).success ? values.industryCode : undefined,
      campaignId: values.campaignId && UUID.test(values.campaignId) ? values.campaignId : undefined,
      ownerId: values.ownerId,
      unassigned: oneOf(ASSIGNMENT, values.unassigned),
      needsFollowUp: values.needsFollowUp === 'true' ? ('true' as const) : undefined,
      queue: values.queue === 'true' ? ('true' as const) : undefined,
    }),
    sort: { sorts: LEAD_SORTS, default: '-createdAt' },
    queryKey: leadsKeys.list,
    fetch: listLeads,
  });
  const { values, setFilters, filter } = state;
  const manager = me.role.dataScope !== 'own';
  // 待分配: the leads waiting for an owner, whatever their department, for whoever assigns them;
  // A leads first by their 24-hour deadline.
  const mayAssign = can('lead:assign');
  const queue = mayAssign && filter.queue === 'true';
  const showView = (view: 'all' | 'queue') =>
    setFilters(view === 'queue' ? { queue: 'true', sort: 'assignBy', status: null, unassigned: null, ownerId: null } : { queue: null, sort: null });

  const onCreated = (result: CreateLeadResponse, channel: LeadChannel) => {
    const l = result.lead;
    if (!result.merged) {
      void message.success(l ? t('leads.created', { number: l.number, grade: l.grade }) : t('leads.createdOutOfScope'));
      return;
    }
    const channelName = channels.nameOf(channel);
    if (!l) {
      modal.info({ title: t('leads.merged.title'), content: t('leads.merged.outOfScope', { channel: channelName }), okText: t('common.done') });
      return;
    }
    modal.confirm({
      title: t('leads.merged.title'),
      content: t('leads.merged.body', { number: l.number, channel: channelName }),
      okText: t('leads.merged.open'),
      okButtonProps: withTestId({}, 'lead-merged-open'),
      cancelText: t('common.done'),
      onOk: () => void navigate(`/leads/${l.id}`),
    });
  };

  const columns: TableColumnsType<Lead> = [
    {
      key: 'number',
      title: t('leads.fields.number'),
      width: 130,
      sorter: true,
      render: (_v, l) => (
        <Link to={`/leads/${l.id}`} data-testid={`lead-link-${l.number}`}>
          <span className="kehu-secret">{l.number}</span>
        </Link>
      ),
    },
    {
      key: 'company',
      title: t('leads.fields.companyName'),
      width: 200,
      render: (_v, l) =>
        l.companyName ? (
          <Link to={`/leads/${l.id}`}>
            <Typography.Text strong style={{ color: 'inherit' }}>
              {l.companyName}
            </Typography.Text>
          </Link>
        ) : (
          <Empty />
        ),
    },
    {
      key: 'contact',
      title: t('leads.fields.contactName'),
      width: 150,
      render: (_v, l) => (
        <span>
          {l.contactName}
          {l.title ? <Typography.Text type="secondary"> · {l.title}</Typography.Text> : null}
        </span>
      ),
    },
    {
      key: 'channel',
      title: t('leads.fields.channel'),
      width: 110,
      render: (_v, l) => (
        <span>
          {channels.nameOf(l.channel)}
          {l.sources.length > 1 ? <Typography.Text type="secondary"> +{l.sources.length - 1}</Typography.Text> : null}
        </span>
      ),
    },
    { key: 'grade', title: t('leads.fields.grade'), width: 120, render: (_v, l) => <GradeTag lead={l} /> },
    { key: 'sla', title: t('leads.fields.sla'), width: 150, render: (_v, l) => <SlaIndicator sla={l.sla} /> },
    { key: 'status', title: t('leads.fields.status'), width: 100, render: (_v, l) => <LeadStatusTag status={l.status} /> },
    {
      key: 'owner',
      title: t('leads.fields.owner'),
      width: 110,
      render: (_v, l) => l.ownerName ?? <span className="kehu-muted">{t('leads.unassigned')}</span>,
    },
    {
      key: 'registeredAt',
      title: t('leads.fields.registeredAt'),
      width: 150,
      sorter: true,
      render: (_v, l) => <DateTime value={l.registeredAt} />,
    },
    ...(queue
      ? [
          {
            key: 'assign',
            title: '',
            width: 90,
            fixed: 'right' as const,
            render: (_v: unknown, l: Lead) =>
              l.access.assign ? (
                <Button size="small" icon={<UserAddOutlined />} onClick={() => setAssigning(l)} data-testid={`lead-queue-assign-${l.number}`}>
                  {t('leads.assign')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const actions = (
    <>
      {can('lead:assign') ? (
        <Link to="/leads/assignment-rules" data-testid="leads-assignment-rules">
          <Button icon={<NodeIndexOutlined />}>{t('assignmentRules.open')}</Button>
        </Link>
      ) : null}
      {can('lead:export') ? <ExportButtons path="/leads/export" query={filter} testId="leads-export" /> : null}
      {can('lead:create') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="leads-create">
          {t('leads.create')}
        </Button>
      ) : null}
    </>
  );

  return (
    <ListPage<Lead>
      state={state}
      testId="leads"
      title={t('nav.leads')}
      description={t('leads.pageHint')}
      actions={actions}
      search={{ placeholder: t('leads.searchPlaceholder') }}
      filters={
        <>
          {mayAssign ? (
            <Segmented<'all' | 'queue'>
              value={queue ? 'queue' : 'all'}
              onChange={showView}
              options={[
                { value: 'all', label: <span data-testid="leads-view-all">{t('leads.views.all')}</span> },
                { value: 'queue', label: <span data-testid="leads-view-queue">{t('leads.views.queue')}</span> },
              ]}
              data-testid="leads-view"
            />
          ) : null}
          {queue ? null : (
            <Select<LeadStatus>
              value={filter.status}
              onChange={(v) => setFilters({ status: v })}
              placeholder={t('leads.filterStatus')}
              allowClear
              style={{ width: 120 }}
              options={LEAD_STATUSES.map((s) => ({ value: s, label: label(LEAD_STATUS_LABELS[s]) }))}
              data-testid="leads-filter-status"
            />
          )}
          <Select<LeadGrade>
            value={filter.grade}
            onChange={(v) => setFilters({ grade: v })}
            placeholder={t('leads.filterGrade')}
            allowClear
            style={{ width: 150 }}
            options={LEAD_GRADES.map((g) => ({ value: g, label: label(LEAD_GRADE_LABELS[g]) }))}
            data-testid="leads-filter-grade"
          />
          <Select<LeadChannel>
            value={filter.channel}
            onChange={(v) => setFilters({ channel: v })}
            placeholder={t('leads.filterChannel')}
            allowClear
            style={{ width: 130 }}
            options={channels.options()}
            data-testid="leads-filter-channel"
          />
          <Select<SalesRegion>
            value={filter.region}
            onChange={(v) => setFilters({ region: v })}
            placeholder={t('leads.filterRegion')}
            allowClear
            style={{ width: 130 }}
            options={SALES_REGIONS.map((r) => ({ value: r, label: label(SALES_REGION_LABELS[r]) }))}
            data-testid="leads-filter-region"
          />
          <Select<string>
            value={filter.industryCode}
            onChange={(v) => setFilters({ industryCode: v })}
            placeholder={t('leads.filterIndustry')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            popupMatchSelectWidth={false}
            style={{ width: 150 }}
            options={industries.options}
            data-testid="leads-filter-industry"
          />
          <CampaignSelect
            value={filter.campaignId ?? null}
            onChange={(v) => setFilters({ campaignId: v })}
            includeEnded
            placeholder={t('leads.filterCampaign')}
            style={{ width: 170 }}
            data-testid="leads-filter-campaign"
          />
          {queue ? null : (
            <Select<(typeof ASSIGNMENT)[number]>
              value={filter.unassigned}
              // An owner filter contradicts "unassigned", so choosing it drops the owner.
              onChange={(v) => setFilters(v === 'true' ? { unassigned: v, ownerId: null } : { unassigned: v })}
              placeholder={t('leads.filterAssignment')}
              allowClear
              style={{ width: 130 }}
              options={[
                { value: 'true', label: t('leads.unassigned') },
                { value: 'false', label: t('leads.assigned') },
              ]}
              data-testid="leads-filter-unassigned"
            />
          )}
          {manager && can('user:read') && filter.unassigned !== 'true' && !queue ? (
            <UserSelect
              value={values.ownerId ?? null}
              onChange={(v) => setFilters({ ownerId: v })}
              placeholder={t('leads.filterOwner')}
              style={{ width: 170 }}
              data-testid="leads-filter-owner"
            />
          ) : null}
          <Checkbox
            checked={filter.needsFollowUp === 'true'}
            onChange={(e) => setFilters({ needsFollowUp: e.target.checked ? 'true' : null })}
            data-testid="leads-filter-needs-follow-up"
          >
            {t('cadence.needsFollowUp')}
          </Checkbox>
        </>
      }
      columns={columns}
      table={{ scroll: { x: 1240 }, rowTestId: (l) => `lead-row-${l.number}` }}
      bulkActions={(rows, clear, matching) => (
        <>
          <LeadBulkActions rows={rows} matching={matching} filter={filter} clear={clear} />
          <AddToListButton entity="lead" ids={matching === null ? rows.map((r) => r.id) : []} onDone={clear} />
        </>
      )}
      selectAllMatching={{ count: () => countLeads(filter) }}
      empty={{
        description: t('leads.empty'),
        filteredDescription: queue ? t('leads.queueEmpty') : t('leads.emptyFiltered'),
        action: can('lead:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('leads.create')}
          </Button>
        ) : null,
      }}
    >
      <LeadFormDrawer open={creating} onClose={() => setCreating(false)} onCreated={onCreated} />
      {assigning ? <AssignLeadModal lead={assigning} open onClose={() => setAssigning(null)} /> : null}
    </ListPage>
  );
}
