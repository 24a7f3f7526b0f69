import { Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined, EyeInvisibleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AuditChanges } from '../../../../contracts/audit.ts';
import { translateOr } from '../../../app/i18n.ts';

const MASK = '***';

function Value({ value, side }: { value: unknown; side: 'before' | 'after' }) {
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
  let text: string;
  if (typeof value === 'boolean') text = value ? t('common.yes') : t('common.no');
  else if (Array.isArray(value)) text = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint') text = value.toString();
  else text = JSON.stringify(value) ?? '';
  return <span className={side === 'before' ? 'kehu-diff-before' : 'kehu-diff-after'}>{text}</span>;
}

type Row = { field: string; before: unknown; after: unknown };

/** The field-level diff of an audit entry: field, value before → value after. */
export function ChangesDiff({ changes }: { changes: AuditChanges }) {
  const { t } = useTranslation();
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
          render: (_v, r) => (
            <span style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
              <Value value={r.before} side="before" />
              <ArrowRightOutlined className="kehu-muted" />
              <Value value={r.after} side="after" />
            </span>
          ),
        },
      ]}
    />
  );
}
