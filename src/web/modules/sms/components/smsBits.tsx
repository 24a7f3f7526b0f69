import { Tag } from 'antd';
import { SMS_RECIPIENT_STATUS_LABELS, SMS_SEND_STATUS_LABELS, type SmsRecipientStatus, type SmsSendStatus } from '../../../../contracts/sms.ts';
import { useLabel } from '../../customers/hooks.ts';

const STATUS_COLORS: Record<SmsSendStatus, string> = { draft: 'default', sending: 'processing', paused: 'warning', sent: 'success', cancelled: 'default' };

export function SmsStatusTag({ status }: { status: SmsSendStatus }) {
  const label = useLabel();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="sms-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {label(SMS_SEND_STATUS_LABELS[status])}
    </Tag>
  );
}

const RECIPIENT_COLORS: Record<SmsRecipientStatus, string> = {
  queued: 'default',
  sending: 'processing',
  sent: 'blue',
  delivered: 'success',
  undelivered: 'error',
  failed: 'error',
  unknown: 'warning',
  skipped: 'default',
};

export function SmsRecipientStatusTag({ status }: { status: SmsRecipientStatus }) {
  const label = useLabel();
  return (
    <Tag color={RECIPIENT_COLORS[status]} data-testid="sms-recipient-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {label(SMS_RECIPIENT_STATUS_LABELS[status])}
    </Tag>
  );
}
