import { Link } from 'react-router';
import { List, Tag, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DuplicateCandidate } from '../../../../contracts/customers.ts';

/** Existing customers that look like the one being entered; those outside the user's scope show only that they exist. */
export function DuplicateList({ items, testId }: { items: DuplicateCandidate[]; testId: string }) {
  const { t } = useTranslation();
  // "Same name" only for names that are the same; a strong match of different names says how alike.
  const reasonLabel = (r: DuplicateCandidate['reasons'][number], nameScore: number | null) => {
    if ((r === 'name' || r === 'similar_name') && nameScore !== null && nameScore < 1) {
      return t('customers.duplicates.reasons.similarNameScore', { percent: Math.floor(nameScore * 100) });
    }
    return t(`customers.duplicates.reasons.${r}`);
  };
  return (
    <List<DuplicateCandidate>
      size="small"
      dataSource={items}
      data-testid={testId}
      rowKey={(c) => c.id ?? `${c.number ?? ''}-${c.score}-${c.reasons.join()}`}
      renderItem={(c) => (
        <List.Item data-testid="customer-duplicate-item" style={{ paddingInline: 0 }}>
          <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
            {c.id && c.name ? (
              <>
                <Link to={`/customers/${c.id}`} target="_blank" rel="noopener">
                  {c.name}
                </Link>
                {c.number ? <Typography.Text type="secondary">{c.number}</Typography.Text> : null}
                {c.ownerName ? <Typography.Text type="secondary">· {t('customers.duplicates.owner', { name: c.ownerName })}</Typography.Text> : null}
              </>
            ) : (
              <Typography.Text type="secondary">
                <LockOutlined /> {t('customers.duplicates.hidden')}
              </Typography.Text>
            )}
            {c.ownedBySomeoneElse && c.id ? <Tag color="orange">{t('customers.duplicates.someoneElse')}</Tag> : null}
            {c.reasons.map((r) => (
              <Tag key={r} color={c.strong ? 'red' : 'gold'} bordered={false}>
                {reasonLabel(r, c.nameScore)}
              </Tag>
            ))}
          </span>
        </List.Item>
      )}
    />
  );
}
