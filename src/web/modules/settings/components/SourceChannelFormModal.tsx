import { useEffect } from 'react';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createSourceChannelBody, type SourceChannel } from '../../../../contracts/catalog.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { withTestId } from '../../../ui/testId.ts';
import { catalogKeys } from '../../customers/customers.api.ts';
import { createSourceChannel, updateSourceChannel, type UpdateSourceChannelBody } from '../settings.api.ts';

type Values = { nameZh: string; nameEn: string; synonyms: string[]; sortOrder: number | null };

export type SourceChannelFormTarget = { mode: 'create' } | { mode: 'edit'; channel: SourceChannel };

const schema = createSourceChannelBody.shape;

function initial(target: SourceChannelFormTarget): Values {
  if (target.mode === 'create') return { nameZh: '', nameEn: '', synonyms: [], sortOrder: null };
  const c = target.channel;
  return { nameZh: c.nameZh, nameEn: c.nameEn, synonyms: c.synonyms, sortOrder: c.sortOrder };
}

function changes(c: SourceChannel, v: Values): UpdateSourceChannelBody | null {
  const body: UpdateSourceChannelBody = { version: c.version };
  if (v.nameZh.trim() !== c.nameZh) body.nameZh = v.nameZh.trim();
  if (v.nameEn.trim() !== c.nameEn) body.nameEn = v.nameEn.trim();
  if (JSON.stringify(v.synonyms) !== JSON.stringify(c.synonyms)) body.synonyms = v.synonyms;
  if ((v.sortOrder ?? 0) !== c.sortOrder) body.sortOrder = v.sortOrder ?? 0;
  return Object.keys(body).length > 1 ? body : null;
}

/** Add or edit a source channel: its names, the other names teams use for it (imports match them), its place in lists. */
export function SourceChannelFormModal({ target, onClose }: { target: SourceChannelFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();

  useEffect(() => {
    if (target) {
      form.resetFields();
      form.setFieldsValue(initial(target));
    }
  }, [target, form]);

  const mutation = useMutation({
    mutationFn: async (values: Values) => {
      if (!target) return 'unchanged' as const;
      if (target.mode === 'create') {
        await createSourceChannel({ nameZh: values.nameZh.trim(), nameEn: values.nameEn.trim(), synonyms: values.synonyms, ...(values.sortOrder !== null ? { sortOrder: values.sortOrder } : {}) });
        return 'created' as const;
      }
      const body = changes(target.channel, values);
      if (!body) return 'unchanged' as const;
      await updateSourceChannel(target.channel.key, body);
      return 'updated' as const;
    },
    onSuccess: (result) => {
      if (result === 'created') void message.success(t('customerSettings.channels.created'));
      else if (result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      void client.invalidateQueries({ queryKey: catalogKeys.sourceChannels });
      onClose();
    },
    onError: (err) => handleError(err, { form, conflictKeys: [catalogKeys.sourceChannels], onConflict: onClose }),
  });

  const editing = target?.mode === 'edit';
  return (
    <Modal
      open={!!target}
      onCancel={onClose}
      title={editing ? t('customerSettings.channels.editTitle', { name: target.channel.nameZh }) : t('customerSettings.channels.createTitle')}
      destroyOnHidden
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={withTestId({ loading: mutation.isPending }, 'channel-form-submit')}
      data-testid="channel-form"
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)}>
        <Form.Item name="nameZh" label={t('customerSettings.channels.nameZh')} required rules={[zodRule(schema.nameZh, t)]}>
          <Input maxLength={30} data-testid="channel-form-nameZh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('customerSettings.channels.nameEn')} required rules={[zodRule(schema.nameEn, t)]}>
          <Input maxLength={60} data-testid="channel-form-nameEn" />
        </Form.Item>
        <Form.Item name="synonyms" label={t('customerSettings.channels.synonyms')} extra={t('customerSettings.channels.synonymsHint')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} data-testid="channel-form-synonyms" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('customerSettings.channels.sortOrder')} extra={t('customerSettings.channels.sortOrderHint')}>
          <InputNumber min={0} max={100000} precision={0} data-testid="channel-form-sortOrder" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
