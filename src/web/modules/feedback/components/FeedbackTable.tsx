import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { App, Button, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, type UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Feedback } from '../../../../contracts/feedback.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import type { useCursorPages } from '../../../ui/cursorPages.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useActivityInvalidation } from '../../followups/hooks.ts';
import { deleteFeedback } from '../feedback.api.ts';
import { FeedbackKindTag, FeedbackStatusTag } from './feedbackBits.tsx';

type Props = {
  list: UseQueryResult<{ items: Feedback[]; nextCursor: string | null }>;
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  onPageSizeChange: (size: number) => void;
  empty: ReactNode;
  onEdit: (f: Feedback) => void;
  /** The customer column is left out on a customer's own page. */
  showCustomer?: boolean;
};

/** The feedback list's columns (with edit and delete), on its own page and on a customer's tab (without the customer). */
export function useFeedbackColumns({ onEdit, showCustomer = true }: { onEdit: (f: Feedback) => void; showCustomer?: boolean }): TableColumnsType<Feedback> {
  const { t } = useTranslation();
  const can = useCan();
  const { message, modal } = App.useApp();
  const handleError = useApiErrorHandler();
  const invalidate = useActivityInvalidation();

  const remove = useMutation({
    mutationFn: (f: Feedback) => deleteFeedback(f.id),
    onSuccess: () => {
      void message.success(t('feedback.deleted'));
      invalidate();
    },
    onError: (err) => handleError(err),
  });
  const confirmDelete = (f: Feedback) =>
    modal.confirm({
      title: t('feedback.deleteConfirmTitle', { title: f.title }),
      content: t('feedback.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(f).catch(() => undefined),
    });

  return [
    { key: 'kind', title: t('feedback.fields.kind'), width: 80, render: (_v, f) => <FeedbackKindTag kind={f.kind} /> },
    {
      key: 'title',
      title: t('feedback.fields.title'),
      render: (_v, f) => (
        <Typography.Link onClick={() => onEdit(f)} data-testid="feedback-title">
          {f.title}
        </Typography.Link>
      ),
    },
    ...(showCustomer
      ? [
          {
            key: 'customer',
            title: t('feedback.fields.customer'),
            width: 200,
            ellipsis: true,
            render: (_v: unknown, f: Feedback) => <Link to={`/customers/${f.customerId}?tab=feedback`}>{f.customerName ?? '…'}</Link>,
          },
        ]
      : []),
    { key: 'status', title: t('feedback.fields.status'), width: 90, render: (_v, f) => <FeedbackStatusTag status={f.status} /> },
    { key: 'handler', title: t('feedback.fields.handler'), width: 110, render: (_v, f) => f.handlerName ?? <span className="kehu-muted">—</span> },
    { key: 'createdAt', title: t('feedback.fields.createdAt'), width: 150, render: (_v, f) => <DateTime value={f.createdAt} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 140,
      fixed: 'right',
      render: (_v, f) => (
        <Space size={0} className="kehu-table-actions">
          {can('feedback:update') ? (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onEdit(f)} data-testid="feedback-edit">
              {t('common.edit')}
            </Button>
          ) : null}
          {can('feedback:delete') ? (
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => confirmDelete(f)} data-testid="feedback-delete">
              {t('common.delete')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
}

/** The feedback list on a customer's tab (the feedback page draws the same columns in its ListPage). */
export function FeedbackTable({ list, pages, pageSize, onPageSizeChange, empty, onEdit, showCustomer = true }: Props) {
  const columns = useFeedbackColumns({ onEdit, showCustomer });
  return (
    <PagedTable<Feedback>
      list={list}
      pages={pages}
      pageSize={pageSize}
      onPageSizeChange={onPageSizeChange}
      columns={columns}
      scroll={{ x: 900 }}
      data-testid="feedback-table"
      rowTestId={(f) => `feedback-row-${f.id}`}
      empty={empty}
    />
  );
}
