import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FeedbackKind, FeedbackStatus } from '../../../../contracts/feedback.ts';

const KIND_COLORS: Record<FeedbackKind, string> = { requirement: 'blue', suggestion: 'cyan', complaint: 'red', objection: 'orange' };
const STATUS_COLORS: Record<FeedbackStatus, string> = { open: 'warning', in_progress: 'processing', resolved: 'success', closed: 'default' };

export function FeedbackKindTag({ kind }: { kind: FeedbackKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} bordered={false} style={{ marginInlineEnd: 0 }} data-testid="feedback-kind">
      {t(`feedback.kinds.${kind}`)}
    </Tag>
  );
}

export function FeedbackStatusTag({ status }: { status: FeedbackStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="feedback-status">
      {t(`feedback.statuses.${status}`)}
    </Tag>
  );
}
