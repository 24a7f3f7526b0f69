import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MailStatus } from '../../../../contracts/mail.ts';

const COLORS: Record<MailStatus, string> = { queued: 'processing', sent: 'success', failed: 'error', unsent: 'default' };

export function MailStatusTag({ status }: { status: MailStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid={`mail-status-${status}`}>
      {t(`outbox.statuses.${status}`)}
    </Tag>
  );
}
