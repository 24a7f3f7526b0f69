import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContractStatus } from '../../../../contracts/sales.ts';
import { formatFen } from '../../../../contracts/money.ts';

const STATUS_COLORS: Record<ContractStatus, string> = { draft: 'default', active: 'green', expired: 'orange', terminated: 'red' };

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="contract-status">
      {t(`contracts.statuses.${status}`)}
    </Tag>
  );
}

/** An amount in fen, printed exactly (¥1,234.56); red when it is an overdue amount above zero. */
export function Money({ fen, currency, danger, testId }: { fen: number; currency?: string | undefined; danger?: boolean; testId?: string }) {
  return (
    <Typography.Text type={danger && fen > 0 ? 'danger' : undefined} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid={testId}>
      {formatFen(fen, currency)}
    </Typography.Text>
  );
}
