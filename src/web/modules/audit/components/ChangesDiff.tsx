import type { ReactNode } from 'react';
import { Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined, EyeInvisibleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditChanges } from '../../../../contracts/audit.ts';
import { ANNUAL_REVENUE_RANGES, CUSTOMER_KIND_LABELS, EMPLOYEE_SIZE_RANGES, LEAD_CHANNEL_LABELS, LIFECYCLE_STAGE_LABELS, SALES_REGION_LABELS, type Label } from '../../../../contracts/vocabulary.ts';
import { currentLocale, translateOr } from '../../../app/i18n.ts';
import { useCan } from '../../../app/session.tsx';
import { useDepartments } from '../../departments/hooks.ts';
import { UserName } from '../../users/components/UserName.tsx';

const MASK = '***';
const LANGUAGE_NAMES: Record<string, string> = { 'zh-CN': '简体中文', en: 'English' };

/** Customer vocabularies: the stored key shown as its label in the UI language. */
const VOCABULARIES: Record<string, Partial<Record<string, Label>>> = {
  kind: CUSTOMER_KIND_LABELS,
  stage: LIFECYCLE_STAGE_LABELS,
  sourceChannel: LEAD_CHANNEL_LABELS,
  region: SALES_REGION_LABELS,
  employeeSize: Object.fromEntries(EMPLOYEE_SIZE_RANGES.map((r) => [r.key, r.label])),
  annualRevenue: Object.fromEntries(ANNUAL_REVENUE_RANGES.map((r) => [r.key, r.label])),
};

function vocabulary(field: string, value: string): string | undefined {
  const label = VOCABULARIES[field]?.[value];
  return label ? label[currentLocale()] : undefined;
}

type Lookup = { departmentName: (id: string) => string | undefined; canSeeUsers: boolean };

function permissionLabel(p: string): string {
  const [resource, action] = p.split(':');
  if (!resource || !action) return p;
  return `${translateOr(`access.resources.${resource}`, resource)}·${translateOr(`access.actions.${action}`, action)}`;
}

function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? '';
}

/** Field-aware display: enum values translated, ids shown as names where we can. */
function display(field: string, value: unknown, t: TFunction, lookup: Lookup): ReactNode {
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field === 'permissions' && Array.isArray(value)) return value.map((p) => permissionLabel(plain(p))).join(t('common.listSeparator'));
  if (Array.isArray(value)) return value.map(plain).join(t('common.listSeparator'));
  if (typeof value === 'string') {
    const known = vocabulary(field, value);
    if (known) return known;
    switch (field) {
      case 'dataScope':
        return translateOr(`roles.scope.${value}`, value);
      case 'status':
        return translateOr(`users.status.${value}`, value);
      case 'locale':
        return LANGUAGE_NAMES[value] ?? value;
      case 'parentId':
      case 'departmentId':
        return lookup.departmentName(value) ?? value;
      case 'managerId':
        return lookup.canSeeUsers ? <UserName id={value} /> : value;
      default:
        return value;
    }
  }
  return plain(value);
}

function Value({ field, value, side, lookup }: { field: string; value: unknown; side: 'before' | 'after'; lookup: Lookup }) {
  const { t } = useTranslation();
  if (value === MASK) {
    return (
      <Tag icon={<EyeInvisibleOutlined />} data-testid="diff-masked">
        {t('audit.masked')}
      </Tag>
    );
  }
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <Typography.Text type="secondary">{t('audit.emptyValue')}</Typography.Text>;
  }
  return <span className={side === 'before' ? 'kehu-diff-before' : 'kehu-diff-after'}>{display(field, value, t, lookup)}</span>;
}

/** For lists (permissions): what was taken away and what was added, rather than two long lists. */
function ListDelta({ field, before, after }: { field: string; before: unknown[]; after: unknown[] }) {
  const { t } = useTranslation();
  const label = (v: unknown) => (field === 'permissions' ? permissionLabel(plain(v)) : plain(v));
  const was = new Set(before.map(plain));
  const now = new Set(after.map(plain));
  const removed = before.filter((v) => !now.has(plain(v)));
  const added = after.filter((v) => !was.has(plain(v)));
  if (removed.length === 0 && added.length === 0) return <Typography.Text type="secondary">{t('audit.reordered')}</Typography.Text>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6 }} data-testid="audit-diff-list">
      {removed.map((v) => (
        <span key={`-${plain(v)}`} className="kehu-diff-before">
          − {label(v)}
        </span>
      ))}
      {added.map((v) => (
        <span key={`+${plain(v)}`} className="kehu-diff-after">
          + {label(v)}
        </span>
      ))}
    </span>
  );
}

type Row = { field: string; before: unknown; after: unknown };

/** The field-level diff of an audit entry: field, value before → value after. */
export function ChangesDiff({ changes }: { changes: AuditChanges }) {
  const { t } = useTranslation();
  const can = useCan();
  const departments = useDepartments(can('department:read'));
  const byId = new Map(departments.items.map((d) => [d.id, d.name]));
  const lookup: Lookup = { departmentName: (id) => byId.get(id), canSeeUsers: can('user:read') };
  const rows: Row[] = Object.entries(changes).map(([field, [before, after]]) => ({ field, before, after }));
  return (
    <Table<Row>
      className="kehu-diff"
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      data-testid="audit-diff"
      columns={[
        {
          key: 'field',
          title: t('audit.field'),
          width: 200,
          render: (_v, r) => (
            <Typography.Text strong title={r.field}>
              {translateOr(`audit.fields.${r.field}`, r.field)}
            </Typography.Text>
          ),
        },
        {
          key: 'change',
          title: t('audit.change'),
          render: (_v, r) =>
            Array.isArray(r.before) && Array.isArray(r.after) && r.before.length > 0 ? (
              <ListDelta field={r.field} before={r.before} after={r.after} />
            ) : (
              <span style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
                <Value field={r.field} value={r.before} side="before" lookup={lookup} />
                <ArrowRightOutlined className="kehu-muted" />
                <Value field={r.field} value={r.after} side="after" lookup={lookup} />
              </span>
            ),
        },
      ]}
    />
  );
}
