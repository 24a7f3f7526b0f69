import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Checkbox, Flex, Spin, Timeline, Typography } from 'antd';
import type { TimelineProps } from 'antd';
import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  ContactsOutlined,
  FileDoneOutlined,
  FunnelPlotOutlined,
  MessageOutlined,
  PlusOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  ShoppingCartOutlined,
  SwapOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../../contracts/timeline.ts';
import { LIFECYCLE_STAGE_LABELS, type LifecycleStage } from '../../../../contracts/vocabulary.ts';
import { translateOr } from '../../../app/i18n.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { DateTime, formatDateTime } from '../../../ui/DateTime.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { useLabel } from '../../customers/hooks.ts';
import { useFollowUpMethods } from '../../followups/hooks.ts';
import { listTimeline, timelineKeys, type TimelineSubject } from '../timeline.api.ts';
import { kindsParam, TIMELINE_KIND_GROUPS, timelineTarget, timelineText, type TimelineVocabulary } from '../timelineText.ts';

const PAGE_SIZE = 30;

function iconOf(kind: string) {
  switch (kind) {
    case 'follow_up.logged':
      return { icon: <MessageOutlined />, color: 'blue' };
    case 'task.created':
      return { icon: <ScheduleOutlined />, color: 'blue' };
    case 'task.done':
      return { icon: <CheckCircleOutlined />, color: 'green' };
    case 'task.cancelled':
      return { icon: <CloseCircleOutlined />, color: 'gray' };
    case 'customer.owner_changed':
      return { icon: <UserSwitchOutlined />, color: 'gray' };
    case 'customer.merged':
    case 'lead.converted':
      return { icon: <SwapOutlined />, color: 'green' };
    case 'contact.added':
      return { icon: <ContactsOutlined />, color: 'gray' };
    default:
      if (kind.startsWith('feedback.')) return { icon: <SolutionOutlined />, color: 'red' };
      if (kind.startsWith('contract.')) return { icon: <FileDoneOutlined />, color: 'green' };
      if (kind.startsWith('order.')) return { icon: <ShoppingCartOutlined />, color: 'green' };
      if (kind.startsWith('lead.')) return { icon: <FunnelPlotOutlined />, color: 'gray' };
      return { icon: <ProfileOutlined />, color: 'gray' };
  }
}

type Props = {
  subject: TimelineSubject;
  onOpenFollowUp: (id: string) => void;
  onOpenTask: (id: string) => void;
  onOpenContacts?: () => void;
  /** Shown when the user may log a follow-up here. */
  onLogFollowUp?: () => void;
};

/** 客户时间轴: everything that happened to a customer or lead, newest first, loaded as you scroll. */
export function TimelineTab({ subject, onOpenFollowUp, onOpenTask, onOpenContacts, onLogFollowUp }: Props) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const methods = useFollowUpMethods();
  const [groups, setGroups] = useState<string[]>([...TIMELINE_KIND_GROUPS]);
  const kinds = kindsParam(groups) ?? '';
  const sentinel = useRef<HTMLDivElement>(null);

  const query = useInfiniteQuery({
    queryKey: timelineKeys.of(subject, kinds),
    queryFn: ({ pageParam, signal }) => listTimeline(subject, { kinds: kinds || undefined, cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: groups.length > 0,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  // The next page loads when the end of the list scrolls into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const vocabulary: TimelineVocabulary = useMemo(
    () => ({
      method: methods.nameOf,
      stage: (code) => (code in LIFECYCLE_STAGE_LABELS ? label(LIFECYCLE_STAGE_LABELS[code as LifecycleStage]) : code),
      taskType: (code) => translateOr(`tasks.types.${code}`, code),
      feedbackKind: (code) => translateOr(`feedback.kinds.${code}`, code),
      feedbackStatus: (code) => translateOr(`feedback.statuses.${code}`, code),
      orderStatus: (code) => translateOr(`orders.statuses.${code}`, code),
      paymentMethod: (code) => translateOr(`orders.methods.${code}`, code),
      dateTime: (iso) => formatDateTime(iso),
      localized: (zh, en) => (i18n.language.startsWith('zh') ? (zh ?? en) : (en ?? zh)) ?? '—',
      money: (fen, currency) => formatFen(fen, currency),
    }),
    [methods, label, i18n.language],
  );

  const open = (entry: TimelineEntry) => {
    const target = timelineTarget(entry, subject);
    if (!target) return;
    switch (target.type) {
      case 'followUp':
        onOpenFollowUp(target.id);
        break;
      case 'task':
        onOpenTask(target.id);
        break;
      case 'contacts':
        onOpenContacts?.();
        break;
      case 'path':
        void navigate(target.to);
        break;
    }
  };

  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];
  const items: NonNullable<TimelineProps['items']> = entries.map((entry) => {
    const text = timelineText(entry, vocabulary);
    const { icon, color } = iconOf(entry.kind);
    const linked = timelineTarget(entry, subject) !== null && (entry.entityType !== 'contact' || !!onOpenContacts);
    const sentence = t(text.sentence.key as 'timeline.generic', text.sentence.params as { kind: string });
    return {
      key: entry.id,
      icon,
      color,
      content: (
        <div data-testid="timeline-entry" data-kind={entry.kind} style={{ paddingBottom: 4 }}>
          <div>
            {linked ? (
              <Typography.Link onClick={() => open(entry)} data-testid="timeline-entry-link">
                {sentence}
              </Typography.Link>
            ) : (
              <Typography.Text>{sentence}</Typography.Text>
            )}
          </div>
          {text.quote ? (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true, symbol: t('common.more') }} style={{ margin: '2px 0 0' }} className="kehu-pre-line">
              {text.quote}
            </Typography.Paragraph>
          ) : null}
          {text.next ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t(text.next.key as 'timeline.next.at', text.next.params as { at: string })}
            </Typography.Text>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <DateTime value={entry.occurredAt} /> · {entry.actorName ?? t('timeline.system')}
          </Typography.Text>
        </div>
      ),
    };
  });

  const allChecked = groups.length === TIMELINE_KIND_GROUPS.length;
  return (
    <Flex vertical gap={16} data-testid="timeline-tab">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Flex align="center" gap={12} wrap>
          <Checkbox
            checked={allChecked}
            indeterminate={!allChecked && groups.length > 0}
            onChange={(e) => setGroups(e.target.checked ? [...TIMELINE_KIND_GROUPS] : [])}
            data-testid="timeline-filter-all"
          >
            {t('timeline.all')}
          </Checkbox>
          <Checkbox.Group
            value={groups}
            onChange={(v) => setGroups(v)}
            options={TIMELINE_KIND_GROUPS.map((g) => ({ value: g, label: <span data-testid={`timeline-filter-${g}`}>{t(`timeline.groups.${g}`)}</span> }))}
          />
        </Flex>
        {onLogFollowUp ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={onLogFollowUp} data-testid="timeline-log-follow-up">
            {t('followUps.log')}
          </Button>
        ) : null}
      </Flex>
      {groups.length === 0 ? (
        <EmptyState description={t('timeline.empty')} />
      ) : query.isPending ? (
        <LoadingState height={200} />
      ) : query.isError && entries.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState description={t('timeline.empty')} />
      ) : (
        <>
          <Timeline items={items} data-testid="timeline" style={{ paddingTop: 8 }} />
          <div ref={sentinel} data-testid="timeline-sentinel" style={{ textAlign: 'center', minHeight: 24 }}>
            {isFetchingNextPage ? (
              <Spin size="small" />
            ) : hasNextPage ? (
              <Button type="link" onClick={() => void fetchNextPage()} data-testid="timeline-load-more">
                {t('timeline.loadMore')}
              </Button>
            ) : query.isError ? (
              <Button type="link" onClick={() => void fetchNextPage()}>
                {t('common.retry')}
              </Button>
            ) : (
              <Typography.Text type="secondary" data-testid="timeline-end">
                {t('timeline.end')}
              </Typography.Text>
            )}
          </div>
        </>
      )}
    </Flex>
  );
}

