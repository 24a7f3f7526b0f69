import { useState } from 'react';
import { App, Button, Flex, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FollowUp } from '../../../../contracts/followups.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { isApiError } from '../../../app/http.ts';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { deleteFollowUp, followUpsKeys, listFollowUps } from '../followups.api.ts';
import { useActivityInvalidation, useFollowUpMethods } from '../hooks.ts';
import { useMayChangeFollowUp, type FollowUpDialogs } from './FollowUpDialogs.tsx';

type Props = {
  subject: { customerId: string } | { leadId: string };
  /** The name shown in the drawer's title. */
  subjectName: string;
  dialogs: FollowUpDialogs;
  /** A converted lead takes no new follow-ups (they go on its customer). */
  readOnly?: boolean;
};

/** 跟进记录 of a customer or a lead, newest first. */
export function FollowUpsTab({ subject, subjectName, dialogs, readOnly }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const { message, modal } = App.useApp();
  const handleError = useApiErrorHandler();
  const invalidate = useActivityInvalidation();
  const methods = useFollowUpMethods();
  const mayChange = useMayChangeFollowUp();
  const [pageSize, setPageSize] = useState(20);
  const pages = useCursorPages(JSON.stringify({ subject, pageSize }));
  const query = { ...subject, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({
    queryKey: followUpsKeys.list(query),
    queryFn: ({ signal }) => listFollowUps(query, signal),
    placeholderData: keepPreviousData,
    enabled: can('follow_up:read'),
  });

  const remove = useMutation({
    mutationFn: (f: FollowUp) => deleteFollowUp(f.id),
    onSuccess: () => {
      void message.success(t('followUps.deleted'));
      invalidate();
    },
    onError: (err) => {
      if (isApiError(err) && err.status === 403) void message.error(t('followUps.notAllowed'));
      else handleError(err);
    },
  });

  if (!can('follow_up:read')) return <EmptyState description={t('followUps.noAccess')} />;
  const canCreate = can('follow_up:create') && !readOnly;
  const log = () => dialogs.log({ ...subject, subjectName });

  const confirmDelete = (f: FollowUp) =>
    modal.confirm({
      title: t('followUps.deleteConfirmTitle'),
      content: t('followUps.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(f).catch(() => undefined),
    });

  const columns: TableColumnsType<FollowUp> = [
    { key: 'happenedAt', title: t('followUps.fields.happenedAt'), width: 140, render: (_v, f) => <DateTime value={f.happenedAt} /> },
    { key: 'method', title: t('followUps.fields.method'), width: 100, render: (_v, f) => <span data-testid="follow-up-method">{methods.nameOf(f.method)}</span> },
    { key: 'contact', title: t('followUps.fields.contact'), width: 100, render: (_v, f) => f.contactName ?? <span className="kehu-muted">—</span> },
    {
      key: 'content',
      title: t('followUps.fields.content'),
      render: (_v, f) => (
        <Flex vertical gap={2}>
          <Typography.Link onClick={() => dialogs.view(f.id)} data-testid="follow-up-content">
            <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, color: 'inherit' }}>
              {f.content}
            </Typography.Paragraph>
          </Typography.Link>
          {f.feedback ? (
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
              {t('followUps.fields.feedback')}: {f.feedback}
            </Typography.Text>
          ) : null}
          {f.attachmentCount > 0 ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="follow-up-attachment-count">
              <PaperClipOutlined /> {f.attachmentCount}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'next',
      title: t('followUps.nextStep'),
      width: 200,
      render: (_v, f) =>
        f.nextAction || f.nextFollowUpAt ? (
          <Flex vertical gap={2}>
            {f.nextAction ? <span>{f.nextAction}</span> : null}
            {f.nextFollowUpAt ? <DateTime value={f.nextFollowUpAt} /> : null}
          </Flex>
        ) : (
          <span className="kehu-muted">—</span>
        ),
    },
    { key: 'owner', title: t('followUps.fields.owner'), width: 100, render: (_v, f) => f.ownerName ?? <span className="kehu-muted">—</span> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 130,
      fixed: 'right',
      render: (_v, f) => (
        <Space size={0} className="kehu-table-actions">
          {mayChange(f, 'update') ? (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => dialogs.edit(f)} data-testid="follow-up-edit">
              {t('common.edit')}
            </Button>
          ) : null}
          {mayChange(f, 'delete') ? (
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => confirmDelete(f)} data-testid="follow-up-delete">
              {t('common.delete')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="follow-ups-tab">
      {canCreate ? (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={log} data-testid="follow-ups-create">
            {t('followUps.log')}
          </Button>
        </Flex>
      ) : null}
      <PagedTable<FollowUp>
        list={list}
        pages={pages}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        columns={columns}
        scroll={{ x: 1000 }}
        size="small"
        data-testid="follow-ups-table"
        rowTestId={(f) => `follow-up-row-${f.id}`}
        empty={<EmptyState description={t('followUps.empty')} action={canCreate ? <Button icon={<PlusOutlined />} onClick={log}>{t('followUps.log')}</Button> : null} />}
      />
    </Flex>
  );
}
