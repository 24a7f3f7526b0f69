import { Tag } from 'antd';
import { MAILING_STATUS_LABELS, RECIPIENT_STATUS_LABELS, SUPPRESSION_REASON_LABELS, type MailingStatus, type RecipientStatus, type SuppressionReason } from '../../../../contracts/mailings.ts';
import { useLabel } from '../../customers/hooks.ts';

const STATUS_COLORS: Record<MailingStatus, string> = { draft: 'default', sending: 'processing', paused: 'warning', testing: 'purple', sent: 'success', cancelled: 'default' };

export function MailingStatusTag({ status }: { status: MailingStatus }) {
  const label = useLabel();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="mailing-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {label(MAILING_STATUS_LABELS[status])}
    </Tag>
  );
}

const RECIPIENT_COLORS: Record<RecipientStatus, string> = { held: 'purple', queued: 'default', sending: 'processing', sent: 'success', failed: 'error', bounced: 'error', unknown: 'warning', skipped: 'default' };

export function RecipientStatusTag({ status }: { status: RecipientStatus }) {
  const label = useLabel();
  return (
    <Tag color={RECIPIENT_COLORS[status]} data-testid="recipient-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {label(RECIPIENT_STATUS_LABELS[status])}
    </Tag>
  );
}

const REASON_COLORS: Record<SuppressionReason, string> = { unsubscribed: 'orange', hard_bounce: 'red', complaint: 'volcano', manual: 'blue' };

export function SuppressionReasonTag({ reason }: { reason: SuppressionReason }) {
  const label = useLabel();
  return (
    <Tag color={REASON_COLORS[reason]} data-testid="suppression-reason" data-reason={reason} style={{ marginInlineEnd: 0 }}>
      {label(SUPPRESSION_REASON_LABELS[reason])}
    </Tag>
  );
}
