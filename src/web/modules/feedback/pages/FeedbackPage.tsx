import { useEffect, useState } from 'react';
import { Button, Card, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, type FeedbackKind, type FeedbackStatus } from '../../../../contracts/feedback.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { asPageSize, oneOf } from '../../../ui/listParams.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { FeedbackFormDrawer, type FeedbackFormTarget } from '../components/FeedbackFormDrawer.tsx';
import { FeedbackTable } from '../components/FeedbackTable.tsx';
import { feedbackKeys, getFeedback, listFeedback, type FeedbackListQuery } from '../feedback.api.ts';

const URL_KEYS = ['status', 'kind', 'handlerId', 'size', 'feedbackId'] as const;
const DEFAULT_SIZE = 20;

/** 客户反馈: every customer's feedback in my scope, by status and kind; `?feedbackId=` opens one. */
export function FeedbackPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('feedback.title'));
  const can = useCan();
  const { values, setFilters, clearFilters } = useUrlFilters(URL_KEYS);
  const [target, setTarget] = useState<FeedbackFormTarget | null>(null);
  const filter = { status: oneOf(FEEDBACK_STATUSES, values.status), kind: oneOf(FEEDBACK_KINDS, values.kind), handlerId: values.handlerId };
  const pageSize = asPageSize(values.size, DEFAULT_SIZE);
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query: FeedbackListQuery = { ...filter, limit: pageSize, cursor: pages.cursor };
  const hasFilters = !!(filter.status || filter.kind || filter.handlerId);
  const list = useQuery({ queryKey: feedbackKeys.list(query), queryFn: ({ signal }) => listFeedback(query, signal), placeholderData: keepPreviousData });

  // A link to one feedback (the timeline, a notification) opens it for editing.
  const linked = useQuery({
    queryKey: feedbackKeys.detail(values.feedbackId ?? ''),
    queryFn: ({ signal }) => getFeedback(values.feedbackId ?? '', signal),
    enabled: !!values.feedbackId,
  });
  const handleError = useApiErrorHandler();
  // A link to feedback that is gone or out of scope: say so and drop it from the URL.
  useEffect(() => {
    if (!linked.isError) return;
    handleError(linked.error);
    setFilters({ feedbackId: null }, { replace: true });
  }, [linked.isError, linked.error, handleError, setFilters]);
  const shown: FeedbackFormTarget | null = target ?? (values.feedbackId && linked.data ? { mode: 'edit', feedback: linked.data } : null);
  const close = () => {
    setTarget(null);
    if (values.feedbackId) setFilters({ feedbackId: null }, { replace: true });
  };

  return (
    <PageContainer
      title={t('feedback.title')}
      description={t('feedback.pageHint')}
      extra={
        can('feedback:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="feedback-page-create">
            {t('feedback.create')}
          </Button>
        ) : null
      }
    >
      <Card>
        <FilterBar
          extra={
            hasFilters ? (
              <Button onClick={clearFilters} data-testid="feedback-filter-reset">
                {t('common.clearFilters')}
              </Button>
            ) : null
          }
        >
          <Select<FeedbackStatus>
            value={filter.status}
            onChange={(v) => setFilters({ status: v })}
            placeholder={t('feedback.filterStatus')}
            allowClear
            style={{ width: 130 }}
            options={FEEDBACK_STATUSES.map((s) => ({ value: s, label: t(`feedback.statuses.${s}`) }))}
            data-testid="feedback-filter-status"
          />
          <Select<FeedbackKind>
            value={filter.kind}
            onChange={(v) => setFilters({ kind: v })}
            placeholder={t('feedback.filterKind')}
            allowClear
            style={{ width: 130 }}
            options={FEEDBACK_KINDS.map((k) => ({ value: k, label: t(`feedback.kinds.${k}`) }))}
            data-testid="feedback-filter-kind"
          />
          {can('user:read') ? (
            <UserSelect value={values.handlerId ?? null} onChange={(v) => setFilters({ handlerId: v })} placeholder={t('feedback.filterHandler')} style={{ width: 170 }} data-testid="feedback-filter-handler" />
          ) : null}
        </FilterBar>
        <FeedbackTable
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
          onEdit={(f) => setTarget({ mode: 'edit', feedback: f })}
          empty={<EmptyState description={hasFilters ? t('feedback.emptyFiltered') : t('feedback.empty')} />}
        />
      </Card>
      <FeedbackFormDrawer target={shown} onClose={close} />
    </PageContainer>
  );
}
