import { useEffect } from 'react';
import { App, Flex, Form, Input, Modal, Radio, Tag as AntTag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createTagBody, TAG_COLORS, type Tag, type TagColor } from '../../../../contracts/catalog.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { withTestId } from '../../../ui/testId.ts';
import { catalogKeys, customersKeys } from '../../customers/customers.api.ts';
import { createTag, updateTag, type UpdateTagBody } from '../settings.api.ts';

type Values = { name: string; color: TagColor };

export type TagFormTarget = { mode: 'create' } | { mode: 'edit'; tag: Tag };

/** The allowed colours as swatches: the tag's name shown in each, so the choice is seen as it will look. */
function ColourPicker({ value, onChange, sample }: { value?: TagColor; onChange?: (v: TagColor) => void; sample: string }) {
  const { t } = useTranslation();
  return (
    <Radio.Group value={value} onChange={(e) => onChange?.(e.target.value as TagColor)} data-testid="tag-form-color">
      <Flex wrap gap={8}>
        {TAG_COLORS.map((c) => (
          <Radio key={c} value={c} data-testid={`tag-color-${c}`} aria-label={t(`customerSettings.tags.colors.${c}`)}>
            <AntTag color={c} style={{ marginInlineEnd: 0 }}>
              {sample || t(`customerSettings.tags.colors.${c}`)}
            </AntTag>
          </Radio>
        ))}
      </Flex>
    </Radio.Group>
  );
}

export function TagFormModal({ target, onClose }: { target: TagFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const name = Form.useWatch('name', form) ?? '';

  useEffect(() => {
    if (target) {
      form.resetFields();
      form.setFieldsValue(target.mode === 'edit' ? { name: target.tag.name, color: target.tag.color } : { name: '', color: 'blue' });
    }
  }, [target, form]);

  const mutation = useMutation({
    mutationFn: async (values: Values) => {
      if (!target) return 'unchanged' as const;
      if (target.mode === 'create') {
        await createTag({ name: values.name.trim(), color: values.color });
        return 'created' as const;
      }
      const body: UpdateTagBody = { version: target.tag.version };
      if (values.name.trim() !== target.tag.name) body.name = values.name.trim();
      if (values.color !== target.tag.color) body.color = values.color;
      if (Object.keys(body).length === 1) return 'unchanged' as const;
      await updateTag(target.tag.id, body);
      return 'updated' as const;
    },
    onSuccess: (result) => {
      if (result === 'created') void message.success(t('customerSettings.tags.created'));
      else if (result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      void client.invalidateQueries({ queryKey: catalogKeys.tags });
      // Customers show their tags' names and colours.
      if (result === 'updated') void client.invalidateQueries({ queryKey: customersKeys.all });
      onClose();
    },
    onError: (err) => handleError(err, { form, conflictKeys: [catalogKeys.tags], onConflict: onClose }),
  });

  const editing = target?.mode === 'edit';
  return (
    <Modal
      open={!!target}
      onCancel={onClose}
      title={editing ? t('customerSettings.tags.editTitle', { name: target.tag.name }) : t('customerSettings.tags.createTitle')}
      destroyOnHidden
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={withTestId({ loading: mutation.isPending }, 'tag-form-submit')}
      data-testid="tag-form"
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)}>
        <Form.Item name="name" label={t('customerSettings.tags.name')} required rules={[zodRule(createTagBody.shape.name, t)]}>
          <Input maxLength={30} autoComplete="off" data-testid="tag-form-name" />
        </Form.Item>
        <Form.Item name="color" label={t('customerSettings.tags.color')} required>
          <ColourPicker sample={name.trim()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
