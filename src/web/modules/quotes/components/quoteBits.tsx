import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuoteStatus } from '../../../../contracts/sales.ts';

const STATUS_COLORS: Record<QuoteStatus, string> = { draft: 'default', sent: 'processing', accepted: 'success', rejected: 'error', expired: 'warning' };

export function QuoteStatusTag({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="quote-status">
      {t(`quotes.statuses.${status}`)}
    </Tag>
  );
}
