import { useState } from 'react';
import { App, Button, Flex, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, MessageOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../contracts/contacts.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { customersKeys, deleteContact, listContacts } from '../customers.api.ts';
import { ContactFormModal } from './ContactFormModal.tsx';

/** `onLogFollowUp`: a 写跟进 button on each row, for a follow-up with that contact. */
export function ContactsTab({ customerId, onLogFollowUp }: { customerId: string; onLogFollowUp?: (contact: Contact) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [formState, setFormState] = useState<{ open: boolean; contact: Contact | null }>({ open: false, contact: null });

  const list = useQuery({
    queryKey: customersKeys.contacts(customerId),
    queryFn: ({ signal }) => listContacts(customerId, signal),
    enabled: can('contact:read'),
  });

  const deleteMutation = useMutation({
    mutationFn: (c: Contact) => deleteContact(c.id),
    onSuccess: () => {
      void message.success(t('contacts.deleted'));
      void client.invalidateQueries({ queryKey: customersKeys.contacts(customerId) });
    },
    onError: (err) => handleError(err),
  });

  const confirmDelete = (c: Contact) => {
    modal.confirm({
      title: t('contacts.deleteConfirmTitle', { name: c.name }),
      content: t('contacts.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => deleteMutation.mutateAsync(c).catch(() => undefined),
    });
  };

  if (!can('contact:read')) return <EmptyState description={t('contacts.noAccess')} />;

  const canCreate = can('contact:create');
  const canUpdate = can('contact:update');
  const canDelete = can('contact:delete');

  const columns: TableColumnsType<Contact> = [
    {
      key: 'name',
      title: t('contacts.fields.name'),
      width: 150,
      render: (_v, c) => (
        <Space size={6}>
          <Typography.Text strong data-testid="contact-name">
            {c.name}
          </Typography.Text>
          {c.isPrimary ? (
            <Tag color="gold" icon={<StarFilled />} data-testid="contact-primary">
              {t('contacts.primary')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'title',
      title: t('contacts.fields.title'),
      width: 160,
      render: (_v, c) =>
        c.title || c.department ? [c.department, c.title].filter(Boolean).join(' · ') : <span className="kehu-muted">—</span>,
    },
    {
      key: 'phones',
      title: t('contacts.fields.phones'),
      width: 180,
      render: (_v, c) =>
        c.phones.length > 0 ? (
          <Flex vertical>
            {c.phones.map((p) => (
              <a key={p.e164} href={`tel:${p.e164}`} className="kehu-secret" data-testid="contact-phone">
                {p.display}
              </a>
            ))}
          </Flex>
        ) : (
          <span className="kehu-muted">—</span>
        ),
    },
    {
      key: 'email',
      title: t('contacts.fields.email'),
      width: 200,
      ellipsis: true,
      render: (_v, c) => (c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : <span className="kehu-muted">—</span>),
    },
    { key: 'wechat', title: t('contacts.fields.wechat'), width: 130, render: (_v, c) => c.wechat ?? <span className="kehu-muted">—</span> },
    { key: 'birthday', title: t('contacts.fields.birthday'), width: 110, render: (_v, c) => c.birthday ?? <span className="kehu-muted">—</span> },
    {
      key: 'notes',
      title: t('contacts.fields.notes'),
      ellipsis: true,
      render: (_v, c) => c.notes ?? <span className="kehu-muted">—</span>,
    },
  ];
  if (canUpdate || canDelete || onLogFollowUp) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: onLogFollowUp ? 210 : 130,
      render: (_v, c) => (
        <Space size={0} className="kehu-table-actions">
          {onLogFollowUp ? (
            <Button type="link" size="small" icon={<MessageOutlined />} onClick={() => onLogFollowUp(c)} data-testid={`contact-follow-up-${c.name}`}>
              {t('followUps.log')}
            </Button>
          ) : null}
          {canUpdate ? (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setFormState({ open: true, contact: c })}
              data-testid={`contact-edit-${c.name}`}
            >
              {t('common.edit')}
            </Button>
          ) : null}
          {canDelete ? (
            <Button
              type="link"
              size="small"
              danger
              icon={<DeleteOutlined />}
              onClick={() => confirmDelete(c)}
              data-testid={`contact-delete-${c.name}`}
            >
              {t('common.delete')}
            </Button>
          ) : null}
        </Space>
      ),
    });
  }

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('contacts.hint')}</Typography.Text>
        {canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormState({ open: true, contact: null })} data-testid="contacts-create">
            {t('contacts.create')}
          </Button>
        ) : null}
      </Flex>
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Contact>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="contacts-table"
          onRow={(c) => ({ 'data-testid': `contact-row-${c.name}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: list.isPending ? (
              <div style={{ height: 120 }} />
            ) : (
              <EmptyState
                description={t('contacts.empty')}
                action={
                  canCreate ? (
                    <Button icon={<PlusOutlined />} onClick={() => setFormState({ open: true, contact: null })}>
                      {t('contacts.create')}
                    </Button>
                  ) : null
                }
              />
            ),
          }}
        />
      )}
      <ContactFormModal
        customerId={customerId}
        open={formState.open}
        contact={formState.contact}
        onClose={() => setFormState({ open: false, contact: null })}
      />
    </>
  );
}
