import { useMemo } from 'react';
import { Button, DatePicker, Select, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../../../contracts/audit.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { auditKeys, listAudit, listAuditTypes } from '../audit.api.ts';
import { ChangesDiff } from '../components/ChangesDiff.tsx';

const FILTER_KEYS = ['actorId', 'action', 'entityType', 'entityId', 'q', 'from', 'to'] as const;
const DEFAULT_SIZE = 50;
const DAY = 'YYYY-MM-DD';

const ACTION_COLORS: Record<AuditAction, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  login: 'cyan',
  login_failed: 'orange',
  login_locked: 'volcano',
  logout: 'default',
  password_change: 'purple',
  password_change_failed: 'orange',
  password_reset: 'magenta',
  token_create: 'geekblue',
  token_revoke: 'gold',
};

function asDay(value: string | undefined): Dayjs | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = dayjs(value);
  return d.isValid() ? d : null;
}

export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('nav.auditLog'));
  // The record types and their names come from the module manifests (a new module's included).
  const types = useQuery({ queryKey: auditKeys.types(i18n.language), queryFn: ({ signal }) => listAuditTypes(signal), staleTime: Infinity });
  const can = useCan();
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => {
      const from = asDay(values.from);
      const to = asDay(values.to);
      return {
        actorId: values.actorId,
        action: oneOf(AUDIT_ACTIONS, values.action),
        entityType: values.entityType,
        entityId: values.entityId,
        q: values.q || undefined,
        // Whole local days: from the start of the first to the end of the last.
        from: from ? from.startOf('day').toISOString() : undefined,
        to: to ? to.endOf('day').toISOString() : undefined,
      };
    },
    defaultSize: DEFAULT_SIZE,
    queryKey: auditKeys.list,
    fetch: listAudit,
  });
  const { values, setFilters } = state;

  const typeLabels = useMemo(() => new Map((types.data?.items ?? []).map((i) => [i.value, i.label])), [types.data]);
  // A type no module declares any more (older entries) still shows, by its raw name.
  const typeLabel = (type: string) => typeLabels.get(type) ?? type;
  const entityTypeOptions = useMemo(() => {
    const options = (types.data?.items ?? []).map((i) => ({ value: i.value, label: i.label }));
    if (values.entityType && !typeLabels.has(values.entityType)) options.push({ value: values.entityType, label: values.entityType });
    return options;
  }, [types.data, typeLabels, values.entityType]);

  const columns: TableColumnsType<AuditEntry> = [
    {
      key: 'at',
      dataIndex: 'at',
      title: t('audit.columns.at'),
      width: 180,
      render: (v: string) => <DateTime value={v} withSeconds />,
    },
    {
      key: 'actor',
      title: t('audit.columns.actor'),
      width: 160,
      render: (_v, e) =>
        e.actorName ? (
          can('user:read') && e.actorId ? (
            <Typography.Link
              onClick={(ev) => {
                ev.stopPropagation();
                setFilters({ actorId: e.actorId });
              }}
              title={t('audit.filterByActor')}
            >
              {e.actorName}
            </Typography.Link>
          ) : (
            e.actorName
          )
        ) : (
          <Typography.Text type="secondary">{e.actorId ? e.actorId.slice(0, 8) : t('audit.system')}</Typography.Text>
        ),
    },
    {
      key: 'action',
      title: t('audit.columns.action'),
      width: 130,
      render: (_v, e) => (
        <Tag color={ACTION_COLORS[e.action]} data-testid="audit-action">
          {t(`audit.actions.${e.action}`)}
        </Tag>
      ),
    },
    {
      key: 'entityType',
      title: t('audit.columns.entityType'),
      width: 120,
      render: (_v, e) => <span data-testid="audit-entity-type">{typeLabel(e.entityType)}</span>,
    },
    {
      key: 'entity',
      title: t('audit.columns.entity'),
      render: (_v, e) => {
        if (!e.entityLabel && !e.entityId) return <span className="kehu-muted">—</span>;
        return (
          <span>
            {e.entityLabel ?? <span className="kehu-secret">{e.entityId}</span>}
            {e.entityId && values.entityId !== e.entityId ? (
              <Tooltip title={t('audit.filterByEntity')}>
                <Button
                  type="text"
                  size="small"
                  icon={<HistoryOutlined />}
                  aria-label={t('audit.filterByEntity')}
                  style={{ marginInlineStart: 4 }}
                  className="kehu-muted"
                  onClick={(ev) => {
                    ev.stopPropagation();
                    setFilters({ entityType: e.entityType, entityId: e.entityId });
                  }}
                />
              </Tooltip>
            ) : null}
          </span>
        );
      },
    },
    {
      key: 'ip',
      dataIndex: 'ip',
      title: t('audit.columns.ip'),
      width: 140,
      render: (v: string | null) => (v ? <span className="kehu-secret">{v}</span> : <span className="kehu-muted">—</span>),
    },
  ];

  return (
    <ListPage<AuditEntry>
      state={state}
      testId="audit"
      title={t('nav.auditLog')}
      description={t('audit.pageHint')}
      search={{ placeholder: t('audit.searchPlaceholder'), width: 220 }}
      filters={
        <>
          {can('user:read') ? (
            <UserSelect
              value={values.actorId ?? null}
              onChange={(v) => setFilters({ actorId: v })}
              placeholder={t('audit.filterActor')}
              style={{ width: 200 }}
              data-testid="audit-filter-actor"
            />
          ) : null}
          <Select<AuditAction>
            value={state.filter.action}
            onChange={(v) => setFilters({ action: v })}
            placeholder={t('audit.filterAction')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 160 }}
            options={AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))}
            data-testid="audit-filter-action"
          />
          <Select<string>
            value={values.entityType}
            onChange={(v) => setFilters({ entityType: v, entityId: null })}
            placeholder={t('audit.filterEntityType')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={types.isPending}
            style={{ width: 150 }}
            options={entityTypeOptions}
            data-testid="audit-filter-entityType"
          />
          <DatePicker.RangePicker
            value={[asDay(values.from), asDay(values.to)]}
            allowEmpty={[true, true]}
            onChange={(range) => setFilters({ from: range?.[0]?.format(DAY) ?? null, to: range?.[1]?.format(DAY) ?? null })}
            disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
            data-testid="audit-filter-range"
          />
          {values.entityId ? (
            <Tag closable onClose={() => setFilters({ entityId: null })} data-testid="audit-filter-entityId">
              {t('audit.entityIdFilter', { id: values.entityId })}
            </Tag>
          ) : null}
        </>
      }
      columns={columns}
      table={{
        size: 'middle',
        scroll: { x: 1000 },
        expandable: {
          rowExpandable: (e) => !!e.changes && Object.keys(e.changes).length > 0,
          expandedRowRender: (e) => (e.changes ? <ChangesDiff changes={e.changes} /> : null),
          expandRowByClick: true,
        },
      }}
      empty={{ description: t('audit.empty'), filteredDescription: t('audit.emptyFiltered') }}
    />
  );
}
