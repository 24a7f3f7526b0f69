import { useState } from 'react';
import { App, Button, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { UnorderedListOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MAX_LIST_CHANGE, type SegmentEntity } from '../../../../contracts/segments.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { addListRecords, createSegment, listSegments, segmentsKeys } from '../segments.api.ts';

type Values = { target: 'existing' | 'new'; listId?: string; name?: string };

/**
 * 加入静态名单: the selected rows of a list page (customers, leads) into a static list I keep, or
 * into a new one; says how many were added. Only the rows picked, not "all matching".
 */
export function AddToListButton({ entity, ids, onDone }: { entity: SegmentEntity; ids: string[]; onDone?: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const target = Form.useWatch('target', form);
  const query = { entity, kind: 'static' as const, limit: 100 };
  const lists = useQuery({ queryKey: segmentsKeys.list(query), queryFn: ({ signal }) => listSegments(query, signal), enabled: open });
  const add = useMutation({
    mutationFn: async (values: Values) => {
      const listId = values.target === 'new' ? (await createSegment({ name: values.name ?? '', entity, kind: 'static' })).id : (values.listId ?? '');
      return addListRecords(listId, { ids });
    },
    onSuccess: (r) => {
      void message.success(t('segments.addToList.done', { changed: r.changed, unchanged: r.unchanged }));
      void client.invalidateQueries({ queryKey: segmentsKeys.all });
      setOpen(false);
      onDone?.();
    },
    onError: (err) => handleError(err),
  });
  if (!can('segment:update') || !can('segment:create')) return null;
  return (
    <>
      <Button icon={<UnorderedListOutlined />} onClick={() => setOpen(true)} disabled={ids.length === 0 || ids.length > MAX_LIST_CHANGE} data-testid="bulk-add-to-list">
        {t('segments.addToList.button')}
      </Button>
      <Modal
        open={open}
        title={t('segments.addToList.title', { count: ids.length })}
        onCancel={() => setOpen(false)}
        okText={t('segments.addToList.ok')}
        cancelText={t('common.cancel')}
        okButtonProps={withTestId({ loading: add.isPending }, 'add-to-list-ok')}
        onOk={() => void form.validateFields().then((v) => add.mutate(v), () => undefined)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('segments.addToList.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ target: 'existing' }}>
          <Form.Item name="target">
            <Radio.Group
              options={[
                { value: 'existing', label: t('segments.addToList.existing') },
                { value: 'new', label: t('segments.addToList.new') },
              ]}
              data-testid="add-to-list-target"
            />
          </Form.Item>
          {target === 'new' ? (
            <Form.Item name="name" label={t('segments.fields.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('validation.required') }]}>
              <Input maxLength={100} data-testid="add-to-list-name" />
            </Form.Item>
          ) : (
            <Form.Item name="listId" label={t('segments.addToList.list')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select<string>
                showSearch={{ optionFilterProp: 'label' }}
                loading={lists.isFetching}
                options={(lists.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
                notFoundContent={t('segments.addToList.noLists')}
                data-testid="add-to-list-select"
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
