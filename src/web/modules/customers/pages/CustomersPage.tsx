import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, Button, Checkbox, DatePicker, Flex, InputNumber, Segmented, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { FilterOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { RFM_CLASS_LABELS, RFM_CLASSES, type RfmClass } from '../../../../contracts/customer-value.ts';
import { CUSTOMER_SORTS, type CustomerListRow } from '../../../../contracts/customers.ts';
import { CUSTOMER_KIND_LABELS, CUSTOMER_KINDS, LEAD_GRADE_LABELS, LEAD_GRADES, type CustomerKind, type LeadChannel, type LeadGrade } from '../../../../contracts/vocabulary.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { DepartmentTreeSelect } from '../../departments/components/DepartmentTreeSelect.tsx';
import { ExportButtons } from '../../imports/components/ExportButtons.tsx';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { PlainGradeTag } from '../../leads/vocabulary.tsx';
import { SavedViewsMenu } from '../../views/components/SavedViewsMenu.tsx';
import { countCustomers } from '../../bulk/bulk.api.ts';
import { CustomerBulkActions } from '../../bulk/components/CustomerBulkActions.tsx';
import { CustomerFilterFields } from '../components/CustomerFilterFields.tsx';
import { CustomerFormDrawer } from '../components/CustomerFormDrawer.tsx';
import { activeFilterCount, COLUMNS, DEFAULT_SORT, FILTER_KEYS, MORE_FILTER_KEYS, tagIdsOf, toListQuery, type ColumnKey } from '../customerListState.ts';
import { customersKeys, listCustomers } from '../customers.api.ts';
import { useIndustries, useLabel, useSourceChannels, useTags } from '../hooks.ts';
import { CustomerTags, KindTag, RegionText, StageTag } from '../vocabulary.tsx';
import { AddToListButton } from '../../segments/components/AddToListButton.tsx';

const NO_FOLLOW_UP_PRESETS = [7, 15, 30, 60, 90];

export function CustomersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.customers'));
  const me = useCurrentUser();
  const can = useCan();
  const label = useLabel();
  const channels = useSourceChannels();
  const industries = useIndustries();
  const tags = useTags();
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: toListQuery,
    sort: { sorts: CUSTOMER_SORTS, default: DEFAULT_SORT },
    columns: COLUMNS,
    views: true,
    queryKey: customersKeys.list,
    fetch: listCustomers,
  });
  const { values, setFilters, filter } = state;
  const [creating, setCreating] = useState(false);
  const [moreOpen, setMoreOpen] = useState(() => activeFilterCount(values, MORE_FILTER_KEYS) > 0);
  const tagIds = tagIdsOf(values);
  const moreCount = activeFilterCount(values, MORE_FILTER_KEYS);
  const manager = me.role.dataScope !== 'own';
  const range = (from: string | undefined, to: string | undefined): [dayjs.Dayjs, dayjs.Dayjs] | null => (from && to ? [dayjs(from), dayjs(to)] : null);

  const columns: TableColumnsType<CustomerListRow> = [
    {
      key: 'number',
      dataIndex: 'number',
      title: t('customers.fields.number'),
      width: 150,
      sorter: true,
      render: (v: string) => <span className="kehu-secret">{v}</span>,
    },
    {
      key: 'name',
      title: t('customers.fields.name'),
      width: 260,
      sorter: true,
      render: (_v, c) => (
        <Space size={6}>
          <Link to={`/customers/${c.id}`} data-testid={`customer-link-${c.number}`}>
            <Typography.Text strong style={{ color: 'inherit' }}>
              {c.name}
            </Typography.Text>
          </Link>
          <KindTag kind={c.kind} />
        </Space>
      ),
    },
    { key: 'stage', title: t('customers.fields.stage'), width: 90, render: (_v, c) => <StageTag stage={c.stage} /> },
    {
      key: 'grade',
      title: t('customers.fields.grade'),
      width: 80,
      render: (_v, c) => (c.grade ? <PlainGradeTag grade={c.grade} long={false} /> : <span className="kehu-muted">—</span>),
    },
    {
      key: 'industry',
      title: t('customers.fields.industry'),
      width: 130,
      render: (_v, c) => industries.nameOf(c.industryCode) ?? <span className="kehu-muted">—</span>,
    },
    {
      key: 'region',
      title: t('customers.fields.region'),
      width: 200,
      render: (_v, c) => <RegionText customer={c} />,
    },
    {
      key: 'sourceChannel',
      title: t('customers.fields.sourceChannel'),
      width: 120,
      render: (_v, c) => (c.sourceChannel ? channels.nameOf(c.sourceChannel) : <span className="kehu-muted">—</span>),
    },
    {
      key: 'owner',
      title: t('customers.fields.owner'),
      width: 110,
      render: (_v, c) => c.ownerName ?? <span className="kehu-muted">{t('customers.noOwner')}</span>,
    },
    { key: 'department', title: t('customers.fields.department'), width: 130, render: (_v, c) => c.departmentName ?? <span className="kehu-muted">—</span> },
    { key: 'tags', title: t('customers.fields.tags'), width: 180, render: (_v, c) => <CustomerTags tags={c.tags} /> },
    {
      key: 'lastFollowUpAt',
      title: t('customers.fields.lastFollowUpAt'),
      width: 150,
      render: (_v, c) => <DateTime value={c.lastFollowUpAt} empty={t('customers.never')} />,
    },
    {
      key: 'createdAt',
      title: t('customers.fields.createdAt'),
      width: 150,
      sorter: true,
      render: (_v, c) => <DateTime value={c.createdAt} />,
    },
    {
      key: 'updatedAt',
      title: t('customers.fields.updatedAt'),
      width: 150,
      sorter: true,
      render: (_v, c) => <DateTime value={c.updatedAt} />,
    },
  ];
  return (
    <ListPage<CustomerListRow>
      state={state}
      testId="customers"
      title={t('nav.customers')}
      description={t('customers.pageHint')}
      savedViews={(views) => (
        <SavedViewsMenu resource="customer" current={views.current} activeId={views.activeId} allLabel={t('customers.allCustomers')} onApply={views.apply} />
      )}
      columnLabel={(key) => t(`customers.columns.${key as ColumnKey}`)}
      actions={
        <>
          {can('customer:export') ? (
            <ExportButtons
              path="/customers/export"
              query={filter}
              testId="customers-export"
              also={can('contact:export') ? [{ path: '/contacts/export', key: 'contacts', label: t('exports.contactsOfCustomers') }] : []}
            />
          ) : null}
          {can('customer:create') ? (
            <Link to="/customers/import">
              <Button icon={<UploadOutlined />} data-testid="customers-import">
                {t('imports.button')}
              </Button>
            </Link>
          ) : null}
          {can('customer:create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customers-create">
              {t('customers.create')}
            </Button>
          ) : null}
        </>
      }
      search={{ placeholder: t('customers.searchPlaceholder') }}
      filters={
        <>
          <CustomerFilterFields values={filter} onChange={(patch) => setFilters(patch)} testIdPrefix="customers-filter" />
          <Space.Compact>
            <Select<string[]>
              mode="multiple"
              value={tagIds}
              onChange={(v) => setFilters({ tagIds: v.join(',') })}
              placeholder={t('customers.filterTag')}
              allowClear
              maxTagCount="responsive"
              showSearch={{ optionFilterProp: 'title' }}
              style={{ width: 200 }}
              loading={tags.query.isPending}
              options={tags.items.map((tag) => ({
                value: tag.id,
                title: tag.name,
                label: (
                  <Tag color={tag.color} style={{ marginInlineEnd: 0 }}>
                    {tag.name}
                  </Tag>
                ),
              }))}
              data-testid="customers-filter-tag"
            />
            {tagIds.length > 1 ? (
              <Segmented<'any' | 'all'>
                value={values.tagMatch === 'all' ? 'all' : 'any'}
                onChange={(v) => setFilters({ tagMatch: v === 'all' ? 'all' : null })}
                options={[
                  { value: 'any', label: t('customers.tagMatch.any') },
                  { value: 'all', label: t('customers.tagMatch.all') },
                ]}
                data-testid="customers-filter-tag-match"
              />
            ) : null}
          </Space.Compact>
          {manager && can('user:read') ? (
            <UserSelect
              value={values.ownerId ?? null}
              onChange={(v) => setFilters({ ownerId: v })}
              placeholder={t('customers.filterOwner')}
              style={{ width: 170 }}
              data-testid="customers-filter-owner"
            />
          ) : null}
          {manager && can('department:read') ? (
            <DepartmentTreeSelect
              value={values.departmentId ?? null}
              onChange={(v) => setFilters({ departmentId: v })}
              placeholder={t('customers.filterDepartment')}
              style={{ width: 170 }}
              data-testid="customers-filter-department"
            />
          ) : null}
          <Badge count={moreCount} size="small">
            <Button icon={<FilterOutlined />} onClick={() => setMoreOpen((o) => !o)} type={moreOpen ? 'primary' : 'default'} ghost={moreOpen} data-testid="customers-more-filters">
              {t('customers.moreFilters')}
            </Button>
          </Badge>
        </>
      }
      moreFilters={
        moreOpen ? (
          <>
            <Select<CustomerKind>
              value={filter.kind}
              onChange={(v) => setFilters({ kind: v })}
              placeholder={t('customers.filterKind')}
              allowClear
              style={{ width: 120 }}
              options={CUSTOMER_KINDS.map((k) => ({ value: k, label: label(CUSTOMER_KIND_LABELS[k]) }))}
              data-testid="customers-filter-kind"
            />
            <Select<LeadGrade>
              value={filter.grade}
              onChange={(v) => setFilters({ grade: v })}
              placeholder={t('customers.filterGrade')}
              allowClear
              style={{ width: 150 }}
              options={LEAD_GRADES.map((g) => ({ value: g, label: label(LEAD_GRADE_LABELS[g]) }))}
              data-testid="customers-filter-grade"
            />
            <Select<RfmClass>
              value={filter.rfmClass}
              onChange={(v) => setFilters({ rfmClass: v })}
              placeholder={t('customers.filterRfm')}
              allowClear
              style={{ width: 160 }}
              popupMatchSelectWidth={false}
              options={RFM_CLASSES.map((c) => ({ value: c, label: label(RFM_CLASS_LABELS[c]) }))}
              data-testid="customers-filter-rfm"
            />
            <Select<LeadChannel>
              value={filter.sourceChannel}
              onChange={(v) => setFilters({ sourceChannel: v })}
              placeholder={t('customers.filterSource')}
              allowClear
              style={{ width: 150 }}
              options={channels.options()}
              data-testid="customers-filter-source"
            />
            <Space size={4}>
              <Typography.Text type="secondary">{t('customers.fields.createdAt')}</Typography.Text>
              <DatePicker.RangePicker
                value={range(filter.createdFrom, filter.createdTo)}
                onChange={(v) => setFilters({ createdFrom: v?.[0]?.format('YYYY-MM-DD') ?? null, createdTo: v?.[1]?.format('YYYY-MM-DD') ?? null })}
                style={{ width: 240 }}
                data-testid="customers-filter-created"
              />
            </Space>
            <Space size={4}>
              <Typography.Text type="secondary">{t('customers.fields.lastFollowUpAt')}</Typography.Text>
              <DatePicker.RangePicker
                value={range(filter.lastFollowUpFrom, filter.lastFollowUpTo)}
                onChange={(v) => setFilters({ lastFollowUpFrom: v?.[0]?.format('YYYY-MM-DD') ?? null, lastFollowUpTo: v?.[1]?.format('YYYY-MM-DD') ?? null })}
                style={{ width: 240 }}
                data-testid="customers-filter-followup"
              />
            </Space>
            <Space.Compact>
              <Select<number>
                value={typeof filter.noFollowUpDays === 'number' ? filter.noFollowUpDays : undefined}
                onChange={(v) => setFilters({ noFollowUpDays: v ? String(v) : null })}
                placeholder={t('customers.filterNoFollowUp')}
                allowClear
                style={{ width: 190 }}
                options={NO_FOLLOW_UP_PRESETS.map((d) => ({ value: d, label: t('customers.noFollowUpFor', { count: d }) }))}
                data-testid="customers-filter-no-follow-up"
                popupRender={(menu) => (
                  <>
                    {menu}
                    <Flex gap={4} style={{ padding: 8 }}>
                      <InputNumber<number>
                        min={1}
                        max={3650}
                        placeholder={t('customers.days')}
                        style={{ flex: 1 }}
                        onPressEnter={(e) => {
                          const n = Number((e.target as HTMLInputElement).value);
                          if (Number.isInteger(n) && n >= 1 && n <= 3650) setFilters({ noFollowUpDays: String(n) });
                        }}
                      />
                    </Flex>
                  </>
                )}
              />
            </Space.Compact>
            <Checkbox
              checked={filter.needsFollowUp === 'true'}
              onChange={(e) => setFilters({ needsFollowUp: e.target.checked ? 'true' : null })}
              data-testid="customers-filter-needs-follow-up"
            >
              {t('cadence.needsFollowUp')}
            </Checkbox>
          </>
        ) : null
      }
      columns={columns}
      table={{ rowTestId: (c) => `customer-row-${c.number}` }}
      bulkActions={(rows, clear, matching) => (
        <>
          <CustomerBulkActions rows={rows} matching={matching} filter={filter} clear={clear} />
          <AddToListButton entity="customer" ids={matching === null ? rows.map((r) => r.id) : []} onDone={clear} />
        </>
      )}
      selectAllMatching={{ count: () => countCustomers(filter) }}
      empty={{
        description: t('customers.empty'),
        filteredDescription: t('customers.emptyFiltered'),
        action: can('customer:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('customers.create')}
          </Button>
        ) : null,
      }}
    >
      <CustomerFormDrawer open={creating} onClose={() => setCreating(false)} />
    </ListPage>
  );
}
