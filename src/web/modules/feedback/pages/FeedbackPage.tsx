import { useEffect, useState } from 'react';
import { Button, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, type Feedback, type FeedbackKind, type FeedbackStatus } from '../../../../contracts/feedback.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { FeedbackFormDrawer, type FeedbackFormTarget } from '../components/FeedbackFormDrawer.tsx';
import { useFeedbackColumns } from '../components/FeedbackTable.tsx';
import { feedbackKeys, getFeedback, listFeedback } from '../feedback.api.ts';

const FILTER_KEYS = ['status', 'kind', 'handlerId'] as const;
// The feedback a link opens (the timeline, a notification): the page's own key, not a filter.
const OPEN_KEY = ['feedbackId'] as const;

/** 客户反馈: every customer's feedback in my scope, by status and kind; `?feedbackId=` opens one. */
export function FeedbackPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('feedback.title'));
  const can = useCan();
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    extraKeys: OPEN_KEY,
    parse: (values) => ({ status: oneOf(FEEDBACK_STATUSES, values.status), kind: oneOf(FEEDBACK_KINDS, values.kind), handlerId: values.handlerId }),
    queryKey: feedbackKeys.list,
    fetch: listFeedback,
  });
  const { values, filter, setFilters } = state;
  const [target, setTarget] = useState<FeedbackFormTarget | null>(null);
  const columns = useFeedbackColumns({ onEdit: (f) => setTarget({ mode: 'edit', feedback: f }) });

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
    <ListPage<Feedback>
      state={state}
      testId="feedback"
      title={t('feedback.title')}
      description={t('feedback.pageHint')}
      actions={
        can('feedback:create') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="feedback-page-create">
            {t('feedback.create')}
          </Button>
        ) : null
      }
      filters={
        <>
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
        </>
      }
      columns={columns}
      table={{ scroll: { x: 900 }, rowTestId: (f) => `feedback-row-${f.id}` }}
      empty={{ description: t('feedback.empty'), filteredDescription: t('feedback.emptyFiltered') }}
    >
      <FeedbackFormDrawer target={shown} onClose={close} />
    </ListPage>
  );
}
