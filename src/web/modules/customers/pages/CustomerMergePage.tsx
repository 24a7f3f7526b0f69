import { useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Breadcrumb, Button, Card, Col, Flex, Radio, Row, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { MergeCellsOutlined, SwapOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MERGEABLE_FIELDS, type Customer, type MergeableField } from '../../../../contracts/customers.ts';
import { ANNUAL_REVENUE_RANGES, CUSTOMER_KIND_LABELS, EMPLOYEE_SIZE_RANGES, LEAD_GRADE_LABELS, LIFECYCLE_STAGE_LABELS } from '../../../../contracts/vocabulary.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { CustomerSearchSelect } from '../components/CustomerSearchSelect.tsx';
import { customersKeys, getCustomer, listContacts, mergeCustomers } from '../customers.api.ts';
import { useIndustries, useLabel, useSourceChannels } from '../hooks.ts';
import { differingFields, mergeBody, swapChoices, type MergeChoices, type Side } from '../merge.ts';

const URL_KEYS = ['survivor', 'merged'] as const;

const FIELD_LABELS = {
  name: 'customers.fields.name',
  kind: 'customers.fields.kind',
  industryCode: 'customers.fields.industry',
  employeeSize: 'customers.fields.employeeSize',
  annualRevenue: 'customers.fields.annualRevenue',
  creditCode: 'customers.fields.creditCode',
  provinceCode: 'customers.fields.division',
  address: 'customers.fields.address',
  sourceChannel: 'customers.fields.sourceChannel',
  sourceDetail: 'customers.fields.sourceDetail',
  firstContactDate: 'customers.fields.firstContactDate',
  stage: 'customers.fields.stage',
  grade: 'leads.fields.grade',
  needs: 'customers.fields.needs',
  decisionChain: 'customers.fields.decisionChain',
  budgetNotes: 'customers.fields.budgetNotes',
  decisionNotes: 'customers.fields.decisionNotes',
  ownerId: 'customers.fields.owner',
} as const satisfies Record<MergeableField, string>;

function useFieldText() {
  const { t } = useTranslation();
  const label = useLabel();
  const channels = useSourceChannels();
  const industries = useIndustries();
  return (c: Customer, field: MergeableField): string | null => {
    switch (field) {
      case 'kind':
        return label(CUSTOMER_KIND_LABELS[c.kind]);
      case 'industryCode':
        return industries.nameOf(c.industryCode) ?? null;
      case 'employeeSize': {
        const r = EMPLOYEE_SIZE_RANGES.find((x) => x.key === c.employeeSize);
        return r ? label(r.label) : null;
      }
      case 'annualRevenue': {
        const r = ANNUAL_REVENUE_RANGES.find((x) => x.key === c.annualRevenue);
        return r ? label(r.label) : null;
      }
      case 'provinceCode':
        return c.divisionPath;
      case 'sourceChannel':
        return c.sourceChannel ? (channels.nameOf(c.sourceChannel) ?? null) : null;
      case 'stage':
        return label(LIFECYCLE_STAGE_LABELS[c.stage]);
      case 'grade':
        return c.grade ? label(LEAD_GRADE_LABELS[c.grade]) : null;
      case 'decisionChain':
        return c.decisionChain.length > 0 ? c.decisionChain.map((d) => (d.role ? `${d.name} (${d.role})` : d.name)).join(t('common.listSeparator')) : null;
      case 'ownerId':
        return c.ownerName ?? t('customers.noOwner');
      case 'budgetNotes':
      case 'decisionNotes':
        return c[field] ?? null;
      default:
        return c[field];
    }
  };
}

type Row = { field: MergeableField; differs: boolean };

/**
 * 合并: two records of one real customer side by side. The user picks, per differing field, whose
 * value the surviving record keeps; every contact, lead, tag and collaborator of the other moves
 * to the survivor and the other stays only as a tombstone pointing to it.
 */
export function CustomerMergePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('customerMerge.title'));
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const fieldText = useFieldText();
  const { values, setFilters } = useUrlFilters(URL_KEYS);
  const survivorId = values.survivor ?? '';
  const mergedId = values.merged ?? '';
  const [choices, setChoices] = useState<MergeChoices>({});

  const survivorQuery = useQuery({ queryKey: customersKeys.detail(survivorId), queryFn: ({ signal }) => getCustomer(survivorId, signal), enabled: !!survivorId });
  const mergedQuery = useQuery({ queryKey: customersKeys.detail(mergedId), queryFn: ({ signal }) => getCustomer(mergedId, signal), enabled: !!mergedId && mergedId !== survivorId });
  const contacts = useQuery({ queryKey: customersKeys.contacts(mergedId), queryFn: ({ signal }) => listContacts(mergedId, signal), enabled: mergedQuery.isSuccess });
  const survivor = survivorQuery.data;
  const merged = mergedQuery.data;
  const differing = useMemo(() => (survivor && merged ? differingFields(survivor, merged) : []), [survivor, merged]);

  const mutation = useMutation({
    mutationFn: mergeCustomers,
    onSuccess: (result) => {
      void message.success(t('customerMerge.done', { number: result.number }));
      client.removeQueries({ queryKey: customersKeys.detail(mergedId) });
      void client.invalidateQueries({ queryKey: customersKeys.all });
      void navigate(`/customers/${result.id}`, { replace: true });
    },
    onError: (err) => handleError(err, { conflictKeys: [customersKeys.detail(survivorId), customersKeys.detail(mergedId)] }),
  });

  const breadcrumb = (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[
        { title: <Link to="/customers">{t('nav.customers')}</Link> },
        ...(survivor ? [{ title: <Link to={`/customers/${survivor.id}`}>{survivor.number}</Link> }] : []),
        { title: t('customerMerge.title') },
      ]}
    />
  );

  const pick = (
    <Flex gap={8} align="center" wrap>
      <Typography.Text>{t('customerMerge.pickLabel')}</Typography.Text>
      <CustomerSearchSelect
        value={mergedId || null}
        excludeId={survivorId}
        onChange={(id) => {
          setChoices({});
          setFilters({ merged: id }, { replace: true });
        }}
        style={{ minWidth: 360 }}
        data-testid="merge-pick-other"
      />
    </Flex>
  );

  let body: ReactNode;
  if (!can('customer:update') || !can('customer:delete')) {
    body = <EmptyState description={t('customerMerge.noPermission')} />;
  } else if (!survivorId) {
    body = <EmptyState description={t('customerMerge.noSurvivor')} />;
  } else if (survivorQuery.isError) {
    body = <ErrorState error={survivorQuery.error} onRetry={() => void survivorQuery.refetch()} />;
  } else if (!mergedId || mergedId === survivorId) {
    body = <EmptyState description={mergedId ? t('customerMerge.sameRecord') : t('customerMerge.pickHint')} />;
  } else if (mergedQuery.isError) {
    body = <ErrorState error={mergedQuery.error} onRetry={() => void mergedQuery.refetch()} />;
  } else if (!survivor || !merged) {
    body = <LoadingState />;
  } else {
    const side = (field: MergeableField): Side => choices[field] ?? 'survivor';
    const cell = (c: Customer, which: Side) => (_v: unknown, row: Row) => {
      const text = fieldText(c, row.field);
      const shown = text ? <span className="kehu-pre-line">{text}</span> : <span className="kehu-muted">—</span>;
      if (!row.differs) return shown;
      return (
        <span data-testid={`merge-take-${row.field}-${which}`}>
          <Radio checked={side(row.field) === which} onChange={() => setChoices((prev) => ({ ...prev, [row.field]: which }))}>
            {shown}
          </Radio>
        </span>
      );
    };
    const header = (c: Customer, which: Side) => (
      <Space size={6} wrap>
        <Tag color={which === 'survivor' ? 'success' : 'default'}>{which === 'survivor' ? t('customerMerge.survivor') : t('customerMerge.merged')}</Tag>
        <Link to={`/customers/${c.id}`} target="_blank" data-testid={`merge-${which}-name`}>
          {c.number} {c.name}
        </Link>
      </Space>
    );
    const columns: TableColumnsType<Row> = [
      { key: 'field', title: t('customerMerge.field'), width: 170, render: (_v, row) => (row.differs ? <Typography.Text strong>{t(FIELD_LABELS[row.field])}</Typography.Text> : t(FIELD_LABELS[row.field])) },
      { key: 'survivor', title: header(survivor, 'survivor'), render: cell(survivor, 'survivor') },
      { key: 'merged', title: header(merged, 'merged'), render: cell(merged, 'merged') },
    ];
    const rows: Row[] = MERGEABLE_FIELDS.filter((f) => (f !== 'budgetNotes' && f !== 'decisionNotes') || f in survivor).map((field) => ({ field, differs: differing.includes(field) }));
    const contactCount = contacts.data?.items.length;

    const confirm = () => {
      modal.confirm({
        title: t('customerMerge.confirmTitle'),
        content: t('customerMerge.confirmBody', { merged: `${merged.number} ${merged.name}`, survivor: `${survivor.number} ${survivor.name}` }),
        okText: t('customerMerge.submit'),
        okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
        cancelText: t('common.cancel'),
        onOk: () => mutation.mutateAsync(mergeBody(survivor, merged, choices)).catch(() => undefined),
      });
    };

    body = (
      <Flex vertical gap={16}>
        <Alert
          type="info"
          showIcon
          data-testid="merge-summary"
          message={t('customerMerge.summaryTitle', { survivor: `${survivor.number} ${survivor.name}` })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              <li>{differing.length > 0 ? t('customerMerge.summaryFields', { count: differing.length }) : t('customerMerge.summaryNoDifferences')}</li>
              <li>
                {contactCount === undefined
                  ? t('customerMerge.summaryChildren', { merged: merged.number })
                  : t('customerMerge.summaryChildrenCount', { merged: merged.number, count: contactCount })}
              </li>
              <li>{t('customerMerge.summaryTombstone', { merged: merged.number, survivor: survivor.number })}</li>
            </ul>
          }
        />
        <Table<Row> rowKey="field" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 800 }} data-testid="merge-fields"
          onRow={(row) => ({ 'data-testid': `merge-row-${row.field}` }) as React.HTMLAttributes<HTMLElement>} />
        <Flex gap={8} wrap>
          <Button type="primary" danger icon={<MergeCellsOutlined />} loading={mutation.isPending} onClick={confirm} data-testid="merge-submit">
            {t('customerMerge.submit')}
          </Button>
          <Button onClick={() => void navigate(`/customers/${survivor.id}`)}>{t('common.cancel')}</Button>
        </Flex>
      </Flex>
    );
  }

  const canSwap = !!survivor && !!merged;
  return (
    <div className="kehu-page" data-testid="customer-merge">
      {breadcrumb}
      <PageContainer
        title={t('customerMerge.title')}
        description={t('customerMerge.pageHint')}
        extra={
          <Button
            icon={<SwapOutlined />}
            disabled={!canSwap}
            onClick={() => {
              setChoices((prev) => swapChoices(prev, differing));
              setFilters({ survivor: mergedId, merged: survivorId }, { replace: true });
            }}
            data-testid="merge-swap"
          >
            {t('customerMerge.swap')}
          </Button>
        }
      >
        <Card>
          <Row gutter={[16, 16]}>
            <Col span={24}>{pick}</Col>
            <Col span={24}>{body}</Col>
          </Row>
        </Card>
      </PageContainer>
    </div>
  );
}
