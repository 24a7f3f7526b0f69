import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SUPPRESSION_CHANNELS, SUPPRESSION_REASON_LABELS, SUPPRESSION_REASONS, type Suppression, type SuppressionChannel, type SuppressionReason } from '../../../../contracts/mailings.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { useLabel } from '../../customers/hooks.ts';
import { addSuppressions, listSuppressions, removeSuppression, suppressionsKeys } from '../mailings.api.ts';
import { parseAddresses } from '../mailingForm.ts';
import { SuppressionReasonTag } from '../components/mailingBits.tsx';

const FILTER_KEYS = ['q', 'channel', 'reason'] as const;

/** A row of the list: the API's suppression with the key ListPage needs. */
type Row = Suppression & { id: string };

const fetchRows = async (query: Parameters<typeof listSuppressions>[0], signal: AbortSignal) => {
  const page = await listSuppressions(query, signal);
  return { ...page, items: page.items.map((s) => ({ ...s, id: `${s.channel}:${s.address}` })) };
};

type AddValues = { channel: SuppressionChannel; addresses: string; note: string };

/** 添加到屏蔽名单: addresses one a line, with a note. */
function AddSuppressionsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<AddValues>();
  const add = useMutation({
    mutationFn: (v: AddValues) => addSuppressions({ channel: v.channel, addresses: parseAddresses(v.addresses), note: v.note?.trim() ? v.note.trim() : null }),
    onSuccess: (res) => {
      void message.success(t('suppressions.added', { added: res.added, already: res.already }));
      void client.invalidateQueries({ queryKey: suppressionsKeys.all });
      form.resetFields();
      onClose();
    },
    onError: (err) => handleError(err, { form }),
  });
  return (
    <Modal
      open={open}
      title={t('suppressions.addTitle')}
      onCancel={onClose}
      okText={t('suppressions.add')}
      cancelText={t('common.cancel')}
      okButtonProps={withTestId({ loading: add.isPending }, 'suppressions-add-ok')}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<AddValues> form={form} layout="vertical" initialValues={{ channel: 'email', addresses: '', note: '' }} onFinish={(v) => add.mutate(v)}>
        <Form.Item name="channel" label={t('suppressions.fields.channel')}>
          <Select<SuppressionChannel> options={SUPPRESSION_CHANNELS.map((c) => ({ value: c, label: t(`suppressions.channels.${c}`) }))} data-testid="suppressions-add-channel" />
        </Form.Item>
        <Form.Item
          name="addresses"
          label={t('suppressions.fields.addresses')}
          extra={t('suppressions.addressesHint')}
          required
          rules={[
            {
              validator: async (_r, value: string | undefined) => {
                const list = parseAddresses(value ?? '');
                if (list.length === 0) throw new Error(t('validation.required'));
                if (list.length > 1000) throw new Error(t('validation.maxItems', { max: 1000 }));
              },
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} data-testid="suppressions-add-addresses" />
        </Form.Item>
        <Form.Item name="note" label={t('suppressions.fields.note')}>
          <Input maxLength={500} data-testid="suppressions-add-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 屏蔽名单: the addresses no mailing sends to — unsubscribed, hard-bounced, complained or added by hand. */
export function SuppressionsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('suppressions.title'));
  const can = useCan();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [adding, setAdding] = useState(false);
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({ q: values.q || undefined, channel: oneOf(SUPPRESSION_CHANNELS, values.channel), reason: oneOf(SUPPRESSION_REASONS, values.reason) }),
    queryKey: suppressionsKeys.list,
    fetch: fetchRows,
  });
  const { filter, setFilters } = state;
  const remove = useMutation({
    mutationFn: (s: Suppression) => removeSuppression(s.channel, s.address),
    onSuccess: () => {
      void message.success(t('suppressions.removed'));
      void client.invalidateQueries({ queryKey: suppressionsKeys.all });
    },
    onError: (err) => handleError(err),
  });

  const columns: TableColumnsType<Row> = [
    { key: 'address', title: t('suppressions.fields.address'), width: 240, render: (_v, s) => <Typography.Text data-testid="suppression-address">{s.address}</Typography.Text> },
    { key: 'channel', title: t('suppressions.fields.channel'), width: 90, render: (_v, s) => t(`suppressions.channels.${s.channel}`) },
    { key: 'reason', title: t('suppressions.fields.reason'), width: 120, render: (_v, s) => <SuppressionReasonTag reason={s.reason} /> },
    { key: 'note', title: t('suppressions.fields.note'), width: 220, ellipsis: true, render: (_v, s) => s.note ?? <span className="kehu-muted">—</span> },
    { key: 'createdAt', title: t('suppressions.fields.createdAt'), width: 160, render: (_v, s) => <DateTime value={s.createdAt} /> },
    ...(can('suppression:delete')
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 100,
            render: (_v: unknown, s: Suppression) => (
              <Button
                size="small"
                type="link"
                danger
                icon={<DeleteOutlined />}
                onClick={() =>
                  modal.confirm({
                    title: t('suppressions.removeConfirmTitle', { address: s.address }),
                    content: t('suppressions.removeConfirmBody'),
                    okText: t('suppressions.remove'),
                    okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                    cancelText: t('common.cancel'),
                    onOk: () => remove.mutateAsync(s).catch(() => undefined),
                  })
                }
                data-testid="suppression-remove"
              >
                {t('suppressions.remove')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const create = can('suppression:create') ? () => setAdding(true) : null;

  return (
    <ListPage<Row>
      state={state}
      testId="suppressions"
      title={t('suppressions.title')}
      description={t('suppressions.pageHint')}
      actions={
        create ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="suppressions-create">
            {t('suppressions.add')}
          </Button>
        ) : null
      }
      search={{ placeholder: t('suppressions.search'), width: 220, testId: 'suppressions-search' }}
      filters={
        <>
          <Select<SuppressionChannel>
            value={filter.channel}
            onChange={(v) => setFilters({ channel: v })}
            placeholder={t('suppressions.fields.channel')}
            allowClear
            style={{ width: 110 }}
            options={SUPPRESSION_CHANNELS.map((c) => ({ value: c, label: t(`suppressions.channels.${c}`) }))}
            data-testid="suppressions-filter-channel"
          />
          <Select<SuppressionReason>
            value={filter.reason}
            onChange={(v) => setFilters({ reason: v })}
            placeholder={t('suppressions.fields.reason')}
            allowClear
            style={{ width: 130 }}
            options={SUPPRESSION_REASONS.map((r) => ({ value: r, label: label(SUPPRESSION_REASON_LABELS[r]) }))}
            data-testid="suppressions-filter-reason"
          />
        </>
      }
      columns={columns}
      table={{ scroll: { x: 930 }, rowTestId: (s) => `suppression-row-${s.address}` }}
      empty={{
        description: t('suppressions.empty'),
        filteredDescription: t('suppressions.emptyFiltered'),
        action: create ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={create}>
            {t('suppressions.add')}
          </Button>
        ) : null,
      }}
    >
      <AddSuppressionsModal open={adding} onClose={() => setAdding(false)} />
    </ListPage>
  );
}
