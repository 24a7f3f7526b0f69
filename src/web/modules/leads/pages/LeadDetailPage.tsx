import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Dropdown, Flex, Row, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { DescriptionsProps, MenuProps } from 'antd';
import { DeleteOutlined, DownOutlined, EditOutlined, FieldTimeOutlined, MessageOutlined, NodeIndexOutlined, PaperClipOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LEAD_CRITERIA_LABELS, LEAD_STATUS_LABELS, SALES_REGION_LABELS, type LeadStatus } from '../../../../contracts/vocabulary.ts';
import type { Lead } from '../../../../contracts/leads.ts';
import { canTransition, convertBlocker } from '../../../../contracts/leads.ts';
import { ApiError } from '../../../app/http.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { AttachmentPanel } from '../../attachments/components/AttachmentPanel.tsx';
import { auditKeys } from '../../audit/audit.api.ts';
import { customersKeys, getCustomer } from '../../customers/customers.api.ts';
import { useIndustries, useLabel, useSourceChannels } from '../../customers/hooks.ts';
import { useFollowUpDialogs } from '../../followups/components/FollowUpDialogs.tsx';
import { FollowUpsTab } from '../../followups/components/FollowUpsTab.tsx';
import { TaskDrawer } from '../../tasks/components/TaskDrawer.tsx';
import { TaskFormModal, type TaskFormTarget } from '../../tasks/components/TaskFormModal.tsx';
import { useTaskParam } from '../../tasks/components/taskBits.tsx';
import { TimelineTab } from '../../timeline/components/TimelineTab.tsx';
import { AssignLeadModal } from '../components/AssignLeadModal.tsx';
import { ConvertLeadModal } from '../components/ConvertLeadModal.tsx';
import { CriteriaModal, GradeOverrideModal, useRemoveOverride } from '../components/LeadGradeModals.tsx';
import { LeadFormDrawer } from '../components/LeadFormDrawer.tsx';
import { autoAssignLead, deleteLead, getLead, leadsKeys, updateLead } from '../leads.api.ts';
import { useProvinces } from '../useProvinces.ts';
import { GradeTag, LeadStatusTag, PlainGradeTag, SlaIndicator } from '../vocabulary.tsx';

/**
 * The statuses a user sets by hand. `assigned` comes with assigning, `converted` with
 * converting; `new` only as reopening a lead set aside.
 */
const MANUAL_STATUSES: readonly LeadStatus[] = ['contacted', 'qualified', 'disqualified', 'nurture', 'new'];

function manualTargets(from: LeadStatus): LeadStatus[] {
  return MANUAL_STATUSES.filter((to) => canTransition(from, to) && (to !== 'new' || from === 'disqualified' || from === 'nurture'));
}

function Empty() {
  return <span className="kehu-muted">—</span>;
}

function Text({ value }: { value: string | null | undefined }) {
  return value ? <span className="kehu-pre-line">{value}</span> : <Empty />;
}

/** The customer a converted lead became; its name when the user may see it. */
function ConvertedCustomer({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const customer = useQuery({ queryKey: customersKeys.detail(customerId), queryFn: ({ signal }) => getCustomer(customerId, signal), retry: false });
  return (
    <Link to={`/customers/${customerId}`} data-testid="lead-customer-link">
      {customer.data ? `${customer.data.name} (${customer.data.number})` : t('leads.convert.openCustomer')}
    </Link>
  );
}

function Grading({ lead, editable }: { lead: Lead; editable: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [editing, setEditing] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const removeOverride = useRemoveOverride(lead);
  const overridden = lead.gradeOverrideReason !== null;

  const items: DescriptionsProps['items'] = [
    ...(['needMatch', 'budget', 'authority'] as const).map((key) => ({
      key,
      label: label(LEAD_CRITERIA_LABELS[key]),
      children: (
        <Tag color={lead.criteria[key] === 'yes' ? 'green' : lead.criteria[key] === 'no' ? 'red' : 'default'} data-testid={`lead-criterion-${key}`}>
          {t(`leads.answers.${lead.criteria[key]}`)}
        </Tag>
      ),
    })),
    { key: 'computed', label: t('leads.grade.computed'), children: <PlainGradeTag grade={lead.computedGrade} /> },
    { key: 'effective', label: t('leads.fields.grade'), children: <GradeTag lead={lead} long /> },
    ...(overridden
      ? [{ key: 'reason', label: t('leads.grade.overrideReason'), children: <span data-testid="lead-override-reason-text">{lead.gradeOverrideReason}</span> }]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('leads.sections.grading')}
      data-testid="lead-grading"
      extra={
        editable ? (
          <Space size={4} wrap>
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="lead-criteria-edit">
              {t('leads.criteriaEdit')}
            </Button>
            <Button size="small" onClick={() => setOverriding(true)} data-testid="lead-override">
              {t('leads.grade.override')}
            </Button>
            {overridden ? (
              <Button size="small" danger onClick={removeOverride} data-testid="lead-override-remove">
                {t('leads.grade.removeOverride')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} items={items} />
      <CriteriaModal lead={lead} open={editing} onClose={() => setEditing(false)} />
      <GradeOverrideModal lead={lead} open={overriding} onClose={() => setOverriding(false)} />
    </Card>
  );
}

export function LeadDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const label = useLabel();
  const channels = useSourceChannels();
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [editing, setEditing] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [converting, setConverting] = useState(false);
  const me = useCurrentUser();
  const followUps = useFollowUpDialogs();
  const { open: openTask } = useTaskParam();
  const [taskForm, setTaskForm] = useState<TaskFormTarget | null>(null);
  const [activityTab, setActivityTab] = useState<'followUps' | 'timeline'>('followUps');

  const query = useQuery({ queryKey: leadsKeys.detail(id), queryFn: ({ signal }) => getLead(id, signal) });
  const lead = query.data;
  useDocumentTitle(lead ? `${lead.number} ${lead.companyName ?? lead.contactName}` : t('nav.leads'));
  const provinces = useProvinces(!!lead?.provinceCode);
  const industries = useIndustries();

  const statusMutation = useMutation({
    mutationFn: ({ l, status }: { l: Lead; status: LeadStatus }) => updateLead(l.id, { version: l.version, status }),
    onSuccess: (updated) => {
      client.setQueryData(leadsKeys.detail(updated.id), updated);
      void client.invalidateQueries({ queryKey: leadsKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
      void message.success(t('leads.statusChanged', { status: label(LEAD_STATUS_LABELS[updated.status]) }));
    },
    onError: (err) => handleError(err, { conflictKeys: [leadsKeys.all] }),
  });

  const autoAssignMutation = useMutation({
    mutationFn: (l: Lead) => autoAssignLead(l.id),
    onSuccess: ({ lead: updated }) => {
      client.setQueryData(leadsKeys.detail(updated.id), updated);
      void client.invalidateQueries({ queryKey: leadsKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
      void message.success(t('leads.autoAssigned', { name: updated.ownerName ?? '' }));
    },
    onError: (err) => {
      // No rule found anyone: say why, and point to the rules instead of a fleeting toast.
      if (err instanceof ApiError && err.status === 422) {
        const dialog = modal.warning({
          title: t('leads.autoAssignFailed'),
          content: <span data-testid="lead-auto-assign-failed">{err.message}</span>,
          okText: t('common.done'),
          footer: (_node, { OkBtn }) => (
            <Flex justify="flex-end" gap={8}>
              {/* The dialog renders outside the router, so a Link cannot work here: navigate instead. */}
              <Button
                onClick={() => {
                  dialog.destroy();
                  void navigate('/leads/assignment-rules');
                }}
                data-testid="lead-auto-assign-rules"
              >
                {t('assignmentRules.open')}
              </Button>
              <OkBtn />
            </Flex>
          ),
        });
        return;
      }
      handleError(err, { conflictKeys: [leadsKeys.all] });
    },
  });

  const deleteMutation = useMutation({
    mutationFn: (l: Lead) => deleteLead(l.id),
    onSuccess: () => {
      void message.success(t('leads.deleted'));
      void client.invalidateQueries({ queryKey: leadsKeys.all });
      void navigate('/leads', { replace: true });
    },
    onError: (err) => handleError(err),
  });

  const breadcrumb = (
    <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/leads">{t('nav.leads')}</Link> }, { title: lead?.number ?? '…' }]} />
  );

  if (query.isPending) return <LoadingState />;
  if (query.isError) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }

  const l = query.data;
  const open = l.status !== 'converted';
  // The permission says what the role may do, `access` whether this lead is within reach for it:
  // a lead one registered, or one waiting for an owner, can be read (and the latter assigned)
  // without being one's to edit.
  const editable = open && can('lead:update') && l.access.write;
  const mayAssign = open && can('lead:assign') && l.access.assign;
  // 转化 is offered on every open lead to whoever may convert it; the steps before it are part of
  // the conversion. Only a disqualified lead needs something first, and the tooltip says what.
  const mayConvert = open && can('lead:update') && can('contact:create') && l.access.write;
  const convertBlocked = convertBlocker(l.status);
  const targets = editable ? manualTargets(l.status) : [];
  const statusMenu: MenuProps = {
    items: targets.map((s) => ({ key: s, label: <span data-testid={`lead-status-to-${s}`}>{label(LEAD_STATUS_LABELS[s])}</span> })),
    onClick: ({ key }) => statusMutation.mutate({ l, status: key as LeadStatus }),
  };

  // A converted lead's follow-ups belong to its customer: new ones are logged there.
  const mayLogFollowUp = open && l.access.write && can('follow_up:create');
  const subjectName = l.companyName ?? l.contactName;
  const logFollowUp = () => followUps.log({ leadId: l.id, subjectName });

  const confirmDelete = () => {
    modal.confirm({
      title: t('leads.deleteConfirmTitle', { number: l.number }),
      content: t('leads.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => deleteMutation.mutateAsync(l).catch(() => undefined),
    });
  };

  const prospect: DescriptionsProps['items'] = [
    { key: 'company', label: t('leads.fields.companyName'), children: <Text value={l.companyName} /> },
    { key: 'contact', label: t('leads.fields.contactName'), children: l.contactName },
    { key: 'title', label: t('leads.fields.title'), children: <Text value={l.title} /> },
    { key: 'phone', label: t('leads.fields.phone'), children: <Text value={l.phone?.display} /> },
    { key: 'email', label: t('leads.fields.email'), children: <Text value={l.email} /> },
    { key: 'province', label: t('leads.fields.province'), children: <span data-testid="lead-detail-province">{provinces.nameOf(l.provinceCode) ?? <Empty />}</span> },
    { key: 'region', label: t('leads.fields.region'), children: <span data-testid="lead-detail-region">{l.region ? label(SALES_REGION_LABELS[l.region]) : <Empty />}</span> },
    { key: 'industry', label: t('leads.fields.industry'), children: <span data-testid="lead-detail-industry">{industries.nameOf(l.industryCode) ?? <Empty />}</span> },
    { key: 'needs', label: t('leads.fields.needs'), span: 'filled', children: <Text value={l.needs} /> },
  ];
  const handling: DescriptionsProps['items'] = [
    { key: 'owner', label: t('leads.fields.owner'), children: l.ownerName ?? t('leads.unassigned') },
    { key: 'department', label: t('leads.fields.department'), children: <Text value={l.departmentName} /> },
    {
      key: 'campaign',
      label: t('leads.fields.campaign'),
      children: (
        <span data-testid="lead-detail-campaign">
          {l.campaignId && l.campaignName ? (
            can('campaign:read') ? (
              <Link to={`/campaigns/${l.campaignId}`} data-testid="lead-detail-campaign-link">
                {l.campaignName}
              </Link>
            ) : (
              l.campaignName
            )
          ) : (
            <Empty />
          )}
        </span>
      ),
    },
    { key: 'registeredAt', label: t('leads.fields.registeredAt'), children: <DateTime value={l.registeredAt} /> },
    { key: 'assignedAt', label: t('leads.fields.assignedAt'), children: <DateTime value={l.assignedAt} /> },
    { key: 'sla', label: t('leads.fields.sla'), children: <SlaIndicator sla={l.sla} /> },
    ...(l.slaBreachedAt ? [{ key: 'breached', label: t('leads.fields.slaBreachedAt'), children: <DateTime value={l.slaBreachedAt} /> }] : []),
    { key: 'updatedAt', label: t('customers.fields.updatedAt'), children: <DateTime value={l.updatedAt} /> },
  ];

  return (
    <div className="kehu-page" data-testid="lead-detail">
      {breadcrumb}
      <PageContainer
        title={
          <Space size={10} wrap>
            <span data-testid="lead-detail-title">{l.companyName ?? l.contactName}</span>
            <GradeTag lead={l} />
            <LeadStatusTag status={l.status} />
          </Space>
        }
        description={
          <Space size={16} wrap>
            <span>
              {t('leads.fields.number')}:{' '}
              <Typography.Text className="kehu-secret" copyable data-testid="lead-detail-number">
                {l.number}
              </Typography.Text>
            </span>
            {l.legacyNumber ? (
              <span data-testid="lead-detail-legacy-number">
                {t('leads.fields.legacyNumber')}: <Typography.Text copyable>{l.legacyNumber}</Typography.Text>
              </span>
            ) : null}
            <span data-testid="lead-detail-owner">
              {t('leads.fields.owner')}: {l.ownerName ?? t('leads.unassigned')}
            </span>
            {l.sla.kind !== 'none' ? (
              <span>
                {t('leads.fields.sla')}: <SlaIndicator sla={l.sla} />
              </span>
            ) : null}
          </Space>
        }
        extra={
          <>
            {mayLogFollowUp ? (
              <Button icon={<MessageOutlined />} onClick={logFollowUp} data-testid="lead-log-follow-up">
                {t('followUps.log')}
              </Button>
            ) : null}
            {mayConvert ? (
              <Tooltip title={convertBlocked === 'disqualified' ? t('leads.convert.reopenFirst') : t('leads.convert.stepsIncluded')}>
                <Button type="primary" icon={<SwapOutlined />} disabled={convertBlocked !== null} onClick={() => setConverting(true)} data-testid="lead-convert">
                  {t('leads.convert.action')}
                </Button>
              </Tooltip>
            ) : null}
            {mayAssign && !l.ownerId ? (
              <Button icon={<NodeIndexOutlined />} loading={autoAssignMutation.isPending} onClick={() => autoAssignMutation.mutate(l)} data-testid="lead-auto-assign">
                {t('leads.autoAssign')}
              </Button>
            ) : null}
            {mayAssign ? (
              <Button icon={<UserAddOutlined />} onClick={() => setAssigning(true)} data-testid="lead-assign">
                {l.ownerId ? t('leads.reassign') : t('leads.assign')}
              </Button>
            ) : null}
            {targets.length > 0 ? (
              <Dropdown menu={statusMenu} trigger={['click']}>
                <Button loading={statusMutation.isPending} data-testid="lead-status-change">
                  {t('leads.changeStatus')} <DownOutlined />
                </Button>
              </Dropdown>
            ) : null}
            {editable ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="lead-edit">
                {t('common.edit')}
              </Button>
            ) : null}
            {can('lead:delete') && l.access.write ? (
              <Button danger icon={<DeleteOutlined />} onClick={confirmDelete} data-testid="lead-delete">
                {t('common.delete')}
              </Button>
            ) : null}
          </>
        }
      >
        <Flex vertical gap={16}>
          {!l.access.write ? (
            <Alert type="info" showIcon data-testid="lead-read-only" title={l.access.assign ? t('leads.queueOnlyHint') : t('leads.registrantHint')} />
          ) : null}
          {l.customerId ? (
            <Alert
              type="success"
              showIcon
              data-testid="lead-converted"
              title={
                <span>
                  {t('leads.convert.convertedTo')} <ConvertedCustomer customerId={l.customerId} />
                </span>
              }
              description={l.convertedAt ? <DateTime value={l.convertedAt} /> : null}
            />
          ) : null}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Card size="small" title={t('leads.sections.prospect')} style={{ height: '100%' }}>
                <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={prospect} data-testid="lead-prospect" />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('leads.sections.handling')} style={{ height: '100%' }}>
                <Descriptions size="small" column={1} items={handling} />
              </Card>
            </Col>
          </Row>
          <Grading lead={l} editable={editable} />
          <Card size="small" title={t('leads.sections.sources')}>
            <Table
              size="small"
              pagination={false}
              rowKey={(s) => `${s.channel}-${s.detail ?? ''}-${s.at}`}
              dataSource={l.sources}
              data-testid="lead-sources"
              columns={[
                { key: 'channel', title: t('leads.fields.channel'), render: (_v, s) => channels.nameOf(s.channel) },
                { key: 'detail', title: t('leads.fields.sourceDetail'), render: (_v, s) => <Text value={s.detail} /> },
                { key: 'campaign', title: t('leads.fields.campaign'), render: (_v, s) => <Text value={s.campaignName} /> },
                { key: 'at', title: t('leads.fields.sourceAt'), render: (_v, s) => <DateTime value={s.at} /> },
              ]}
            />
          </Card>
          {/* Follow-ups, the timeline and files are the lead's work: for those who reach it to work it. */}
          {l.access.write ? (
            <>
              <Card styles={{ body: { paddingTop: 4 } }}>
                <Tabs
                  activeKey={activityTab}
                  onChange={(k) => setActivityTab(k === 'timeline' ? 'timeline' : 'followUps')}
                  data-testid="lead-tabs"
                  items={[
                    {
                      key: 'followUps',
                      label: <span data-testid="lead-tab-followUps"><MessageOutlined /> {t('followUps.tab')}</span>,
                      children: <FollowUpsTab subject={{ leadId: l.id }} subjectName={subjectName} dialogs={followUps} readOnly={!open} />,
                    },
                    {
                      key: 'timeline',
                      label: <span data-testid="lead-tab-timeline"><FieldTimeOutlined /> {t('timeline.tab')}</span>,
                      children: (
                        <TimelineTab subject={{ type: 'lead', id: l.id }} onOpenFollowUp={followUps.view} onOpenTask={openTask} onLogFollowUp={mayLogFollowUp ? logFollowUp : undefined} />
                      ),
                    },
                  ]}
                />
              </Card>
              <Card
                size="small"
                title={
                  <span data-testid="lead-attachments-title">
                    <PaperClipOutlined /> {t('attachments.tab')}
                  </span>
                }
              >
                <AttachmentPanel ownerType="lead" ownerId={l.id} canUpload={can('lead:update')} />
              </Card>
            </>
          ) : null}
        </Flex>
      </PageContainer>
      <LeadFormDrawer open={editing} lead={l} onClose={() => setEditing(false)} />
      <AssignLeadModal
        lead={l}
        open={assigning}
        onClose={() => setAssigning(false)}
        // Handed beyond one's reach (to another team's manager): back to the queue it came from.
        onAssigned={(updated) => {
          if (!updated.access.read) void navigate('/leads?queue=true&sort=assignBy');
        }}
      />
      <ConvertLeadModal lead={l} open={converting} onClose={() => setConverting(false)} />
      {followUps.elements}
      <TaskDrawer onEdit={(task) => setTaskForm({ mode: 'edit', task })} onOpenFollowUp={followUps.view} />
      <TaskFormModal target={taskForm} onClose={() => setTaskForm(null)} meId={me.id} />
    </div>
  );
}
