import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SALES_REGION_LABELS, SALES_REGIONS, type LeadChannel, type SalesRegion } from '../../../../contracts/vocabulary.ts';
import type { AssignmentRule } from '../../../../contracts/leads.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { CollaboratorSelect } from '../../customers/components/CollaboratorSelect.tsx';
import { useIndustries, useLabel, useSourceChannels } from '../../customers/hooks.ts';
import { DepartmentTreeSelect } from '../../departments/components/DepartmentTreeSelect.tsx';
import { UserName } from '../../users/components/UserName.tsx';
import { createRule, deleteRule, listRules, rulesKeys, updateRule } from '../assignmentRules.api.ts';

type RuleForm = {
  name: string;
  departmentId: string | null;
  regions: SalesRegion[];
  industryCodes: string[];
  channels: LeadChannel[];
  memberIds: string[];
  priority: number;
  active: boolean;
};

const EMPTY: RuleForm = { name: '', departmentId: null, regions: [], industryCodes: [], channels: [], memberIds: [], priority: 100, active: true };

/** 线索自动分配规则: which leads go round which team, tried in priority order. */
export function AssignmentRulesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('assignmentRules.title'));
  const label = useLabel();
  const channels = useSourceChannels();
  const industries = useIndustries();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [editing, setEditing] = useState<{ open: boolean; rule: AssignmentRule | null }>({ open: false, rule: null });
  const [form] = Form.useForm<RuleForm>();

  const list = useQuery({ queryKey: rulesKeys.list, queryFn: ({ signal }) => listRules(signal) });
  const refresh = () => client.invalidateQueries({ queryKey: rulesKeys.list });

  const save = useMutation({
    mutationFn: (values: RuleForm) => {
      const body = { ...values, departmentId: values.departmentId ?? '' };
      return editing.rule ? updateRule(editing.rule.id, { ...body, version: editing.rule.version }) : createRule(body);
    },
    onSuccess: (rule) => {
      void message.success(t('assignmentRules.saved', { name: rule.name }));
      setEditing({ open: false, rule: null });
      void refresh();
    },
    onError: (err) => handleError(err, { form, conflictKeys: [rulesKeys.list] }),
  });
  const toggle = useMutation({
    mutationFn: (rule: AssignmentRule) => updateRule(rule.id, { version: rule.version, active: !rule.active }),
    onSuccess: () => void refresh(),
    onError: (err) => handleError(err, { conflictKeys: [rulesKeys.list] }),
  });
  const remove = useMutation({
    mutationFn: (rule: AssignmentRule) => deleteRule(rule.id),
    onSuccess: () => {
      void message.success(t('assignmentRules.deleted'));
      void refresh();
    },
    onError: (err) => handleError(err),
  });

  const openForm = (rule: AssignmentRule | null) => {
    form.setFieldsValue(rule ? { ...rule } : EMPTY);
    setEditing({ open: true, rule });
  };

  const any = <Typography.Text type="secondary">{t('assignmentRules.any')}</Typography.Text>;
  const columns: TableColumnsType<AssignmentRule> = [
    { key: 'priority', dataIndex: 'priority', title: t('assignmentRules.priority'), width: 80 },
    { key: 'name', title: t('assignmentRules.name'), render: (_v, r) => <Typography.Text strong>{r.name}</Typography.Text> },
    { key: 'department', title: t('assignmentRules.department'), render: (_v, r) => r.departmentName ?? '—' },
    {
      key: 'match',
      title: t('assignmentRules.matches'),
      render: (_v, r) => (
        <Space direction="vertical" size={2}>
          <span>
            {t('assignmentRules.regions')}: {r.regions.length ? r.regions.map((x) => <Tag key={x}>{label(SALES_REGION_LABELS[x])}</Tag>) : any}
          </span>
          <span>
            {t('assignmentRules.industries')}: {r.industryCodes.length ? r.industryCodes.map((x) => <Tag key={x}>{industries.nameOf(x)}</Tag>) : any}
          </span>
          <span>
            {t('assignmentRules.channels')}: {r.channels.length ? r.channels.map((x) => <Tag key={x}>{channels.nameOf(x)}</Tag>) : any}
          </span>
        </Space>
      ),
    },
    {
      key: 'members',
      title: t('assignmentRules.members'),
      render: (_v, r) =>
        r.memberIds.length ? (
          <Space wrap size={4}>
            {r.memberIds.map((id) => (
              <Tag key={id} color={id === r.nextMemberId ? 'blue' : undefined}>
                <UserName id={id} />
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('assignmentRules.wholeDepartment')}</Typography.Text>
        ),
    },
    {
      key: 'next',
      title: t('assignmentRules.next'),
      render: (_v, r) => (r.nextMemberId ? <UserName id={r.nextMemberId} /> : <Typography.Text type="danger">{t('assignmentRules.nobody')}</Typography.Text>),
    },
    {
      key: 'active',
      title: t('assignmentRules.active'),
      width: 90,
      render: (_v, r) => <Switch size="small" checked={r.active} loading={toggle.isPending && toggle.variables.id === r.id} onChange={() => toggle.mutate(r)} data-testid={`rule-active-${r.name}`} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 110,
      render: (_v, r) => (
        <Space>
          <Button size="small" icon={<EditOutlined />} onClick={() => openForm(r)} aria-label={t('common.edit')} data-testid={`rule-edit-${r.name}`} />
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('common.delete')}
            onClick={() =>
              modal.confirm({ title: t('assignmentRules.deleteConfirm', { name: r.name }), okButtonProps: withTestId({ danger: true }, 'confirm-ok'), onOk: () => remove.mutateAsync(r) })
            }
          />
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('assignmentRules.title')}
      description={t('assignmentRules.hint')}
      extra={
        <Space>
          <Link to="/leads">
            <Button icon={<ArrowLeftOutlined />}>{t('assignmentRules.backToLeads')}</Button>
          </Link>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openForm(null)} data-testid="rule-create">
            {t('assignmentRules.create')}
          </Button>
        </Space>
      }
    >
      <Card>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<AssignmentRule>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isPending}
            pagination={false}
            data-testid="rules-table"
            locale={{ emptyText: list.isPending ? <div style={{ height: 120 }} /> : <EmptyState description={t('assignmentRules.empty')} /> }}
          />
        )}
      </Card>
      <Modal
        open={editing.open}
        title={editing.rule ? t('assignmentRules.editTitle', { name: editing.rule.name }) : t('assignmentRules.create')}
        onCancel={() => setEditing({ open: false, rule: null })}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okButtonProps={withTestId({}, 'rule-save')}
        width={620}
        destroyOnHidden
        forceRender
      >
        <Form<RuleForm> form={form} layout="vertical" initialValues={EMPTY} onFinish={(values) => save.mutate(values)}>
          <Form.Item name="name" label={t('assignmentRules.name')} rules={[{ required: true, whitespace: true, message: t('assignmentRules.nameRequired') }]}>
            <Input maxLength={50} data-testid="rule-name" />
          </Form.Item>
          <Form.Item name="departmentId" label={t('assignmentRules.department')} rules={[{ required: true, message: t('assignmentRules.departmentRequired') }]}>
            <DepartmentTreeSelect data-testid="rule-department" />
          </Form.Item>
          <Form.Item name="regions" label={t('assignmentRules.regions')} extra={t('assignmentRules.emptyMatchesAny')}>
            <Select<SalesRegion[]> mode="multiple" allowClear options={SALES_REGIONS.map((r) => ({ value: r, label: label(SALES_REGION_LABELS[r]) }))} data-testid="rule-regions" />
          </Form.Item>
          <Form.Item name="industryCodes" label={t('assignmentRules.industries')}>
            <Select<string[]> mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={industries.options} data-testid="rule-industries" />
          </Form.Item>
          <Form.Item name="channels" label={t('assignmentRules.channels')}>
            <Select<LeadChannel[]> mode="multiple" allowClear options={channels.options()} />
          </Form.Item>
          <Form.Item name="memberIds" label={t('assignmentRules.members')} extra={t('assignmentRules.membersHint')}>
            <CollaboratorSelect placeholder={t('assignmentRules.wholeDepartment')} data-testid="rule-members" />
          </Form.Item>
          <Space size="large">
            <Form.Item name="priority" label={t('assignmentRules.priority')} extra={t('assignmentRules.priorityHint')}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
            <Form.Item name="active" label={t('assignmentRules.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </PageContainer>
  );
}
