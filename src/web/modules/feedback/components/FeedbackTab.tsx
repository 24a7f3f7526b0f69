import { useState } from 'react';
import { Button, Flex } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { feedbackKeys, listFeedback } from '../feedback.api.ts';
import { FeedbackFormDrawer, type FeedbackFormTarget } from './FeedbackFormDrawer.tsx';
import { FeedbackTable } from './FeedbackTable.tsx';

/** 反馈 tab of a customer: its feedback, newest first, and recording more. */
export function FeedbackTab({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const [target, setTarget] = useState<FeedbackFormTarget | null>(null);
  const [pageSize, setPageSize] = useState(20);
  const pages = useCursorPages(`${customerId}:${pageSize}`);
  const query = { customerId, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({
    queryKey: feedbackKeys.list(query),
    queryFn: ({ signal }) => listFeedback(query, signal),
    placeholderData: keepPreviousData,
    enabled: can('feedback:read'),
  });
  if (!can('feedback:read')) return <EmptyState description={t('feedback.noAccess')} />;
  const create = can('feedback:create') ? () => setTarget({ mode: 'create', customer: { id: customerId, name: customerName } }) : null;
  return (
    <Flex vertical gap={12} data-testid="feedback-tab">
      {create ? (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="feedback-create">
            {t('feedback.create')}
          </Button>
        </Flex>
      ) : null}
      <FeedbackTable
        list={list}
        pages={pages}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        showCustomer={false}
        onEdit={(f) => setTarget({ mode: 'edit', feedback: f })}
        empty={<EmptyState description={t('feedback.empty')} action={create ? <Button icon={<PlusOutlined />} onClick={create}>{t('feedback.create')}</Button> : null} />}
      />
      <FeedbackFormDrawer target={target} onClose={() => setTarget(null)} />
    </Flex>
  );
}
