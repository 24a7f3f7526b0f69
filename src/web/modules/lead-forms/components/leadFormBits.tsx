import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { FORM_STATUS_LABELS, type FormStatus, type FormSubmission, type SubmissionOutcome } from '../../../../contracts/lead-forms.ts';
import { useLabel } from '../../customers/hooks.ts';
import { knownReason } from '../formBuilder.ts';

const STATUS_COLORS: Record<FormStatus, string> = { draft: 'default', published: 'green', closed: 'red' };

export function LeadFormStatusTag({ status, testId = 'lead-form-status' }: { status: FormStatus; testId?: string }) {
  const label = useLabel();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {label(FORM_STATUS_LABELS[status])}
    </Tag>
  );
}

const OUTCOME_COLORS: Record<SubmissionOutcome, string> = { created: 'green', merged: 'blue', rejected: 'red' };

/** 新线索 / 合并 / 已拒绝. */
export function OutcomeTag({ outcome }: { outcome: SubmissionOutcome }) {
  const { t } = useTranslation();
  return (
    <Tag color={OUTCOME_COLORS[outcome]} data-testid="lead-form-submission-outcome" data-outcome={outcome} style={{ marginInlineEnd: 0 }}>
      {t(`leadForms.outcomes.${outcome}`)}
    </Tag>
  );
}

/** Why a submission was rejected, in words (an unknown reason as it came). */
export function RejectReason({ submission }: { submission: FormSubmission }) {
  const { t } = useTranslation();
  if (!submission.reason) return <span className="kehu-muted">—</span>;
  const known = knownReason(submission.reason);
  return <span data-testid="lead-form-submission-reason">{known ? t(`leadForms.reasons.${known}`) : submission.reason}</span>;
}
