import { Link } from 'react-router';
import { Tag, Typography } from 'antd';
import { CAMPAIGN_STATUS_LABELS, MEMBER_STATUS_LABELS, type CampaignStatus, type MemberStatus } from '../../../../contracts/campaigns.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useCan } from '../../../app/session.tsx';
import { useLabel } from '../../customers/hooks.ts';

const STATUS_COLORS: Record<CampaignStatus, string> = { planned: 'blue', active: 'green', completed: 'default', cancelled: 'red' };

export function CampaignStatusTag({ status, testId = 'campaign-status' }: { status: CampaignStatus; testId?: string }) {
  const label = useLabel();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {label(CAMPAIGN_STATUS_LABELS[status])}
    </Tag>
  );
}

export const MEMBER_STATUS_COLORS: Record<MemberStatus, string> = {
  added: 'default',
  sent: 'blue',
  opened: 'cyan',
  clicked: 'geekblue',
  registered: 'purple',
  attended: 'orange',
  responded: 'gold',
  converted: 'green',
};

export function MemberStatusTag({ status }: { status: MemberStatus }) {
  const label = useLabel();
  return (
    <Tag color={MEMBER_STATUS_COLORS[status]} data-testid="campaign-member-status-tag" style={{ marginInlineEnd: 0 }}>
      {label(MEMBER_STATUS_LABELS[status])}
    </Tag>
  );
}

/** An amount in fen, in yuan (¥1,234.56); red when `danger` (a cost over the budget, a budget overspent). */
export function Money({ fen, danger, testId }: { fen: number | null; danger?: boolean; testId?: string }) {
  if (fen === null) return <span className="kehu-muted" data-testid={testId}>—</span>;
  return (
    <Typography.Text type={danger ? 'danger' : undefined} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid={testId}>
      {formatFen(fen, 'CNY')}
    </Typography.Text>
  );
}

/** 2026-09-15 ~ 2026-09-19, with … for an open end; — without a period. */
export function Period({ startsOn, endsOn }: { startsOn: string | null; endsOn: string | null }) {
  return startsOn || endsOn ? <span style={{ whiteSpace: 'nowrap' }}>{`${startsOn ?? '…'} ~ ${endsOn ?? '…'}`}</span> : <span className="kehu-muted">—</span>;
}

/**
 * 来源活动 of a customer or an opportunity: the campaign's name, a link to its page for those who
 * read campaigns, plain text for the others; — without one.
 */
export function SourceCampaign({ id, name, testId }: { id: string | null; name: string | null; testId: string }) {
  const can = useCan();
  if (!id) return <span className="kehu-muted" data-testid={testId}>—</span>;
  const text = name ?? '—';
  return can('campaign:read') ? (
    <Link to={`/campaigns/${id}`} data-testid={testId}>
      {text}
    </Link>
  ) : (
    <span data-testid={testId}>{text}</span>
  );
}
