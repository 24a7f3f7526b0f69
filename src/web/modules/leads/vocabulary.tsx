import { Space, Tag, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LEAD_GRADE_LABELS, LEAD_STATUS_LABELS, type LeadGrade, type LeadStatus } from '../../../contracts/vocabulary.ts';
import type { Lead } from '../../../contracts/leads.ts';
import { useNow } from '../../ui/useNow.ts';
import { useLabel } from '../customers/hooks.ts';
import { formatDuration, slaAt, slaTicks } from './sla.ts';

export const GRADE_COLORS: Record<LeadGrade, string> = { A: 'red', B: 'orange', C: 'default' };

export const LEAD_STATUS_COLORS: Record<LeadStatus, string> = {
  new: 'blue',
  assigned: 'cyan',
  contacted: 'processing',
  qualified: 'green',
  converted: 'success',
  disqualified: 'default',
  nurture: 'purple',
};

/** The effective grade; an override is marked, with the computed grade and the reason on hover. */
export function GradeTag({ lead, long }: { lead: Pick<Lead, 'grade' | 'computedGrade' | 'gradeOverrideReason'>; long?: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const overridden = lead.gradeOverrideReason !== null;
  const tag = (
    <Tag color={GRADE_COLORS[lead.grade]} data-testid="lead-grade" style={{ marginInlineEnd: 0 }}>
      {long ? label(LEAD_GRADE_LABELS[lead.grade]) : lead.grade}
    </Tag>
  );
  if (!overridden) return long ? tag : <Tooltip title={label(LEAD_GRADE_LABELS[lead.grade])}>{tag}</Tooltip>;
  return (
    <Tooltip title={t('leads.grade.overriddenHint', { computed: lead.computedGrade, reason: lead.gradeOverrideReason })}>
      <Space size={4} data-testid="lead-grade-overridden">
        {tag}
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          <EditOutlined /> {t('leads.grade.overridden')}
        </Typography.Text>
      </Space>
    </Tooltip>
  );
}

/** A grade on its own (a customer's, the live preview of the form): the letter, or with `long` its label. */
export function PlainGradeTag({ grade, long = true, testId }: { grade: LeadGrade; long?: boolean; testId?: string }) {
  const label = useLabel();
  return (
    <Tag color={GRADE_COLORS[grade]} style={{ marginInlineEnd: 0 }} data-testid={testId}>
      {long ? label(LEAD_GRADE_LABELS[grade]) : grade}
    </Tag>
  );
}

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  const label = useLabel();
  return (
    <Tag color={LEAD_STATUS_COLORS[status]} data-testid="lead-status" style={{ marginInlineEnd: 0 }}>
      {label(LEAD_STATUS_LABELS[status])}
    </Tag>
  );
}

/** The 24-hour assignment SLA of A leads: a live countdown while unassigned, then met or missed. */
export function SlaIndicator({ sla }: { sla: Lead['sla'] }) {
  const { t } = useTranslation();
  const now = useNow(1000, slaTicks(sla));
  const view = slaAt(sla, now);
  switch (view.kind) {
    case 'none':
      return <span className="kehu-muted">—</span>;
    case 'pending':
      return (
        <Typography.Text data-testid="lead-sla" data-sla="pending" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          <ClockCircleOutlined /> {t('leads.sla.remaining', { time: formatDuration(view.remainingMs) })}
        </Typography.Text>
      );
    case 'overdue':
      return (
        <Typography.Text type="danger" strong data-testid="lead-sla" data-sla="overdue" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          <ClockCircleOutlined /> {t('leads.sla.overdue', { time: formatDuration(view.overdueMs) })}
        </Typography.Text>
      );
    case 'met':
      return (
        <Tag color="success" bordered={false} data-testid="lead-sla" data-sla="met" style={{ marginInlineEnd: 0 }}>
          {t('leads.sla.met')}
        </Tag>
      );
    case 'missed':
      return (
        <Tooltip title={t('leads.sla.lateBy', { time: formatDuration(view.lateByMs) })}>
          <Tag color="error" bordered={false} data-testid="lead-sla" data-sla="missed" style={{ marginInlineEnd: 0 }}>
            {t('leads.sla.missed')}
          </Tag>
        </Tooltip>
      );
  }
}
