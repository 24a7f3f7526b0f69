import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Breadcrumb, Button, Card, Descriptions, Flex, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import {
  AuditOutlined,
  ContactsOutlined,
  DeleteOutlined,
  EditOutlined,
  EyeInvisibleOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FundOutlined,
  MergeCellsOutlined,
  MessageOutlined,
  PaperClipOutlined,
  ProfileOutlined,
  ShoppingCartOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../contracts/customers.ts';
import { ANNUAL_REVENUE_RANGES, CUSTOMER_KIND_LABELS, EMPLOYEE_SIZE_RANGES, SALES_REGION_LABELS } from '../../../../contracts/vocabulary.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { ApiError } from '../../../app/http.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { AttachmentPanel } from '../../attachments/components/AttachmentPanel.tsx';
import { CustomerContractsTab } from '../../sales-contracts/components/CustomerContractsTab.tsx';
import { FeedbackTab } from '../../feedback/components/FeedbackTab.tsx';
import { OrdersTab } from '../../orders/components/OrdersTab.tsx';
import { QuoteList } from '../../quotes/components/QuoteList.tsx';
import { formatFen } from '../../../../contracts/money.ts';
import { useFollowUpDialogs } from '../../followups/components/FollowUpDialogs.tsx';
import { FollowUpsTab } from '../../followups/components/FollowUpsTab.tsx';
import { CustomerOpportunitiesTab } from '../../opportunities/components/CustomerOpportunitiesTab.tsx';
import { ReleaseToPoolButton } from '../../pool/components/ReleaseToPoolButton.tsx';
import { TaskDrawer } from '../../tasks/components/TaskDrawer.tsx';
import { TaskFormModal, type TaskFormTarget } from '../../tasks/components/TaskFormModal.tsx';
import { useTaskParam } from '../../tasks/components/taskBits.tsx';
import { TimelineTab } from '../../timeline/components/TimelineTab.tsx';
import { UserName } from '../../users/components/UserName.tsx';
import { RfmClassTag, RfmHistoryCard } from '../../customer-value/components/rfmBits.tsx';
import { SourceCampaign } from '../../campaigns/components/campaignBits.tsx';
import { ContactsTab } from '../components/ContactsTab.tsx';
import { CustomerFormDrawer } from '../components/CustomerFormDrawer.tsx';
import { HistoryTab } from '../components/HistoryTab.tsx';
import { MergedIntoNotice } from '../components/MergedIntoNotice.tsx';
import { customersKeys, deleteCustomer, getCustomer } from '../customers.api.ts';
import { PlainGradeTag } from '../../leads/vocabulary.tsx';
import { useIndustries, useLabel, useSourceChannels } from '../hooks.ts';
import { CustomerTags, KindTag, StageTag } from '../vocabulary.tsx';

const TABS = ['overview', 'contacts', 'followUps', 'timeline', 'opportunities', 'quotes', 'orders', 'contracts', 'feedback', 'attachments', 'history'] as const;
type TabKey = (typeof TABS)[number];
const TAB_KEYS = ['tab'] as const;

function Empty() {
  return <span className="kehu-muted">—</span>;
}

function Text({ value }: { value: string | null | undefined }) {
  return value ? <span className="kehu-pre-line">{value}</span> : <Empty />;
}

function Overview({ customer: c }: { customer: Customer }) {
  const { t } = useTranslation();
  const label = useLabel();
  const channels = useSourceChannels();
  const industries = useIndustries();
  const me = useCurrentUser();
  const can = useCan();
  const sensitiveHidden = !('budgetNotes' in c) && !('decisionNotes' in c);
  const size = EMPLOYEE_SIZE_RANGES.find((r) => r.key === c.employeeSize);
  const revenue = ANNUAL_REVENUE_RANGES.find((r) => r.key === c.annualRevenue);

  const basics: DescriptionsProps['items'] = [
    { key: 'number', label: t('customers.fields.number'), children: <span className="kehu-secret">{c.number}</span> },
    { key: 'kind', label: t('customers.fields.kind'), children: label(CUSTOMER_KIND_LABELS[c.kind]) },
    { key: 'industry', label: t('customers.fields.industry'), children: industries.nameOf(c.industryCode) ?? <Empty /> },
    { key: 'employeeSize', label: t('customers.fields.employeeSize'), children: size ? label(size.label) : <Empty /> },
    { key: 'annualRevenue', label: t('customers.fields.annualRevenue'), children: revenue ? label(revenue.label) : <Empty /> },
    {
      key: 'creditCode',
      label: t('customers.fields.creditCode'),
      children: c.creditCode ? <span className="kehu-secret">{c.creditCode}</span> : <Empty />,
    },
  ];
  const address: DescriptionsProps['items'] = [
    { key: 'region', label: t('customers.fields.region'), children: c.region ? label(SALES_REGION_LABELS[c.region]) : <Empty /> },
    { key: 'division', label: t('customers.fields.division'), children: <Text value={c.divisionPath} /> },
    { key: 'address', label: t('customers.fields.address'), span: 'filled', children: <Text value={c.address} /> },
  ];
  const source: DescriptionsProps['items'] = [
    {
      key: 'sourceChannel',
      label: t('customers.fields.sourceChannel'),
      children: c.sourceChannel ? channels.nameOf(c.sourceChannel) : <Empty />,
    },
    { key: 'sourceDetail', label: t('customers.fields.sourceDetail'), children: <Text value={c.sourceDetail} /> },
    { key: 'firstContactDate', label: t('customers.fields.firstContactDate'), children: c.firstContactDate ?? <Empty /> },
    { key: 'campaign', label: t('customers.fields.campaign'), children: <SourceCampaign id={c.campaignId} name={c.campaignName} testId="customer-detail-campaign" /> },
  ];
  const people: DescriptionsProps['items'] = [
    { key: 'owner', label: t('customers.fields.owner'), children: c.ownerName ?? t('customers.noOwner') },
    { key: 'department', label: t('customers.fields.department'), children: <Text value={c.departmentName} /> },
    {
      key: 'collaborators',
      label: t('customers.fields.collaborators'),
      children:
        c.collaboratorIds.length === 0 ? (
          <Empty />
        ) : can('user:read') ? (
          <Space size={4} wrap split={t('common.listSeparator')}>
            {c.collaboratorIds.map((id) => (
              <UserName key={id} id={id} />
            ))}
          </Space>
        ) : (
          t('customers.collaboratorCount', { count: c.collaboratorIds.length })
        ),
    },
    { key: 'tags', label: t('customers.fields.tags'), children: <CustomerTags tags={c.tags} /> },
    { key: 'lastFollowUpAt', label: t('customers.fields.lastFollowUpAt'), children: <DateTime value={c.lastFollowUpAt} empty={t('customers.never')} /> },
    { key: 'createdAt', label: t('customers.fields.createdAt'), children: <DateTime value={c.createdAt} /> },
    { key: 'updatedAt', label: t('customers.fields.updatedAt'), children: <DateTime value={c.updatedAt} /> },
  ];

  const column = { xs: 1, sm: 2, lg: 3 };
  return (
    <Flex vertical gap={16} data-testid="customer-overview">
      <Card size="small" title={t('customers.sections.basics')}>
        <Descriptions size="small" column={column} items={basics} />
      </Card>
      <Card size="small" title={t('customers.sections.address')}>
        <Descriptions size="small" column={column} items={address} />
      </Card>
      <Card size="small" title={t('customers.sections.source')}>
        <Descriptions size="small" column={column} items={source} />
      </Card>
      <Card size="small" title={t('customers.sections.needs')}>
        <Descriptions size="small" column={1} items={[{ key: 'needs', label: t('customers.fields.needs'), children: <Text value={c.needs} /> }]} />
        <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 8px' }}>
          {t('customers.fields.decisionChain')}
        </Typography.Text>
        {c.decisionChain.length > 0 ? (
          <Table
            size="small"
            pagination={false}
            rowKey={(_r, i) => String(i)}
            dataSource={c.decisionChain}
            data-testid="customer-decision-chain"
            columns={[
              { key: 'name', dataIndex: 'name', title: t('customers.decisionMaker.name') },
              { key: 'title', dataIndex: 'title', title: t('customers.decisionMaker.title'), render: (v: string | null) => v ?? <Empty /> },
              { key: 'role', dataIndex: 'role', title: t('customers.decisionMaker.role'), render: (v: string | null) => (v ? <Tag>{v}</Tag> : <Empty />) },
            ]}
          />
        ) : (
          <Empty />
        )}
      </Card>
      <Card size="small" title={t('customers.sections.sensitive')}>
        {sensitiveHidden || !me.role.canViewSensitive ? (
          <Typography.Text type="secondary" data-testid="customer-sensitive-hidden">
            <EyeInvisibleOutlined /> {t('customers.sensitiveNoAccess')}
          </Typography.Text>
        ) : (
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'budgetNotes', label: t('customers.fields.budgetNotes'), children: <Text value={c.budgetNotes} /> },
              { key: 'decisionNotes', label: t('customers.fields.decisionNotes'), children: <Text value={c.decisionNotes} /> },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('customers.sections.people')}>
        <Descriptions size="small" column={column} items={people} />
      </Card>
      {c.paidOrderCount > 0 || c.rfmClass !== 'none' ? <RfmHistoryCard customerId={c.id} /> : null}
    </Flex>
  );
}

export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { values, setFilters } = useUrlFilters(TAB_KEYS);
  const tab: TabKey = (TABS as readonly string[]).includes(values.tab ?? '') ? (values.tab as TabKey) : 'overview';
  const [editing, setEditing] = useState(false);
  const me = useCurrentUser();
  const followUps = useFollowUpDialogs();
  const { open: openTask } = useTaskParam();
  const [taskForm, setTaskForm] = useState<TaskFormTarget | null>(null);

  const query = useQuery({ queryKey: customersKeys.detail(id), queryFn: ({ signal }) => getCustomer(id, signal) });
  const customer = query.data;
  useDocumentTitle(customer ? customer.name : t('nav.customers'));

  const deleteMutation = useMutation({
    mutationFn: (c: Customer) => deleteCustomer(c.id),
    onSuccess: () => {
      void message.success(t('customers.deleted'));
      void client.invalidateQueries({ queryKey: customersKeys.all });
      void navigate('/customers', { replace: true });
    },
    onError: (err) => handleError(err),
  });

  const breadcrumb = (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[{ title: <Link to="/customers">{t('nav.customers')}</Link> }, { title: customer?.number ?? '…' }]}
    />
  );

  if (query.isPending) return <LoadingState />;
  if (query.isError || !customer) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          {query.error instanceof ApiError && query.error.mergedIntoId ? (
            <MergedIntoNotice survivorId={query.error.mergedIntoId} />
          ) : (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          )}
        </Card>
      </div>
    );
  }

  const logFollowUp = () => followUps.log({ customerId: customer.id, subjectName: customer.name });
  const showTab = (key: TabKey) => setFilters({ tab: key === 'overview' ? null : key }, { replace: true });

  const confirmDelete = () => {
    modal.confirm({
      title: t('customers.deleteConfirmTitle', { name: customer.name }),
      content: t('customers.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => deleteMutation.mutateAsync(customer).catch(() => undefined),
    });
  };

  return (
    <div className="kehu-page" data-testid="customer-detail">
      {breadcrumb}
      <PageContainer
        title={
          <Space size={10} wrap>
            <span data-testid="customer-detail-name">{customer.name}</span>
            <KindTag kind={customer.kind} />
            <StageTag stage={customer.stage} />
            {customer.grade ? <PlainGradeTag grade={customer.grade} testId="customer-detail-grade" /> : null}
          </Space>
        }
        description={
          <Space size={16} wrap>
            <span>
              {t('customers.fields.number')}:{' '}
              <Typography.Text className="kehu-secret" copyable data-testid="customer-detail-number">
                {customer.number}
              </Typography.Text>
            </span>
            {customer.legacyNumber ? (
              <span data-testid="customer-detail-legacy-number">
                {t('customers.fields.legacyNumber')}: <Typography.Text copyable>{customer.legacyNumber}</Typography.Text>
              </span>
            ) : null}
            <span data-testid="customer-detail-owner">
              {t('customers.fields.owner')}: {customer.ownerName ?? t('customers.noOwner')}
            </span>
            {customer.tags.length > 0 ? <CustomerTags tags={customer.tags} /> : null}
            {customer.paidOrderCount > 0 ? (
              <span data-testid="customer-detail-lifetime">
                {t('orders.lifetimeValue')}: {formatFen(customer.lifetimeValueFen, 'CNY')} · {t('orders.paidOrders', { count: customer.paidOrderCount })}
              </span>
            ) : null}
            {customer.paidOrderCount > 0 || customer.rfmClass !== 'none' ? <RfmClassTag rfmClass={customer.rfmClass} testId="customer-detail-rfm" /> : null}
            {customer.repurchase ? (
              <Tag color="gold" data-testid="customer-detail-repurchase">
                {t('orders.repurchase')}
              </Tag>
            ) : null}
          </Space>
        }
        extra={
          <>
            {can('follow_up:create') ? (
              <Button type="primary" icon={<MessageOutlined />} onClick={logFollowUp} data-testid="customer-log-follow-up">
                {t('followUps.log')}
              </Button>
            ) : null}
            {can('customer:update') ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="customer-edit">
                {t('common.edit')}
              </Button>
            ) : null}
            <ReleaseToPoolButton customer={customer} />
            {can('customer:update') && can('customer:delete') ? (
              <Button icon={<MergeCellsOutlined />} onClick={() => void navigate(`/customers/merge?survivor=${encodeURIComponent(customer.id)}`)} data-testid="customer-merge">
                {t('customerMerge.action')}
              </Button>
            ) : null}
            {can('customer:delete') ? (
              <Button danger icon={<DeleteOutlined />} onClick={confirmDelete} data-testid="customer-delete">
                {t('common.delete')}
              </Button>
            ) : null}
          </>
        }
      >
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={tab}
            onChange={(key) => showTab(key as TabKey)}
            data-testid="customer-tabs"
            items={[
              {
                key: 'overview',
                label: <span data-testid="customer-tab-overview"><ProfileOutlined /> {t('customers.tabs.overview')}</span>,
                children: <Overview customer={customer} />,
              },
              {
                key: 'contacts',
                label: <span data-testid="customer-tab-contacts"><ContactsOutlined /> {t('customers.tabs.contacts')}</span>,
                children: (
                  <ContactsTab
                    customerId={customer.id}
                    onLogFollowUp={can('follow_up:create') ? (c) => followUps.log({ customerId: customer.id, contactId: c.id, subjectName: customer.name }) : undefined}
                  />
                ),
              },
              {
                key: 'followUps',
                label: <span data-testid="customer-tab-followUps"><MessageOutlined /> {t('followUps.tab')}</span>,
                children: <FollowUpsTab subject={{ customerId: customer.id }} subjectName={customer.name} dialogs={followUps} />,
              },
              {
                key: 'timeline',
                label: <span data-testid="customer-tab-timeline"><FieldTimeOutlined /> {t('timeline.tab')}</span>,
                children: (
                  <TimelineTab
                    subject={{ type: 'customer', id: customer.id }}
                    onOpenFollowUp={followUps.view}
                    onOpenTask={openTask}
                    onOpenContacts={() => showTab('contacts')}
                    onLogFollowUp={can('follow_up:create') ? logFollowUp : undefined}
                  />
                ),
              },
              ...(can('opportunity:read')
                ? [
                    {
                      key: 'opportunities',
                      label: <span data-testid="customer-tab-opportunities"><FundOutlined /> {t('opportunities.tab')}</span>,
                      children: <CustomerOpportunitiesTab customerId={customer.id} customerName={customer.name} />,
                    },
                  ]
                : []),
              ...(can('quote:read')
                ? [
                    {
                      key: 'quotes',
                      label: <span data-testid="customer-tab-quotes"><FileTextOutlined /> {t('quotes.tab')}</span>,
                      children: <QuoteList customerId={customer.id} />,
                    },
                  ]
                : []),
              ...(can('order:read')
                ? [
                    {
                      key: 'orders',
                      label: <span data-testid="customer-tab-orders"><ShoppingCartOutlined /> {t('orders.tab')}</span>,
                      children: <OrdersTab customerId={customer.id} customerName={customer.name} />,
                    },
                  ]
                : []),
              ...(can('contract:read')
                ? [
                    {
                      key: 'contracts',
                      label: <span data-testid="customer-tab-contracts"><FileDoneOutlined /> {t('contracts.tab')}</span>,
                      children: <CustomerContractsTab customerId={customer.id} customerName={customer.name} />,
                    },
                  ]
                : []),
              {
                key: 'feedback',
                label: <span data-testid="customer-tab-feedback"><SolutionOutlined /> {t('feedback.tab')}</span>,
                children: <FeedbackTab customerId={customer.id} customerName={customer.name} />,
              },
              {
                key: 'attachments',
                label: <span data-testid="customer-tab-attachments"><PaperClipOutlined /> {t('attachments.tab')}</span>,
                children: <AttachmentPanel ownerType="customer" ownerId={customer.id} canUpload={can('customer:update')} />,
              },
              {
                key: 'history',
                label: <span data-testid="customer-tab-history"><AuditOutlined /> {t('customers.tabs.history')}</span>,
                children: can('audit:read') ? (
                  <HistoryTab customerId={customer.id} />
                ) : (
                  <EmptyState description={t('customers.history.noAccess')} />
                ),
              },
            ]}
          />
        </Card>
      </PageContainer>
      <CustomerFormDrawer open={editing} customer={customer} onClose={() => setEditing(false)} />
      {followUps.elements}
      <TaskDrawer onEdit={(task) => setTaskForm({ mode: 'edit', task })} onOpenFollowUp={followUps.view} />
      <TaskFormModal target={taskForm} onClose={() => setTaskForm(null)} meId={me.id} />
    </div>
  );
}
