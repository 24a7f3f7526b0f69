import { useEffect } from 'react';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createIndustryBody, type Industry } from '../../../../contracts/catalog.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { emptyToNull, zodRule } from '../../../app/validation.ts';
import { withTestId } from '../../../ui/testId.ts';
import { catalogKeys } from '../../customers/customers.api.ts';
import { createIndustry, updateIndustry, type UpdateIndustryBody } from '../settings.api.ts';

type Values = { code: string; nameZh: string; nameEn: string; section?: string; sortOrder: number | null };

export type IndustryFormTarget = { mode: 'create' } | { mode: 'edit'; industry: Industry };

const schema = createIndustryBody.shape;

function initial(target: IndustryFormTarget): Values {
  if (target.mode === 'create') return { code: '', nameZh: '', nameEn: '', section: '', sortOrder: 1000 };
  const i = target.industry;
  return { code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, section: i.section ?? '', sortOrder: i.sortOrder };
}

function changes(i: Industry, v: Values): UpdateIndustryBody | null {
  const body: UpdateIndustryBody = { version: i.version };
  if (v.nameZh.trim() !== i.nameZh) body.nameZh = v.nameZh.trim();
  if (v.nameEn.trim() !== i.nameEn) body.nameEn = v.nameEn.trim();
  const section = emptyToNull(v.section)?.toUpperCase() ?? null;
  if (section !== i.section) body.section = section;
  if ((v.sortOrder ?? 0) !== i.sortOrder) body.sortOrder = v.sortOrder ?? 0;
  return Object.keys(body).length > 1 ? body : null;
}

export function IndustryFormModal({ target, onClose }: { target: IndustryFormTarget | null; onClose: () => void }) {
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
        await createIndustry({
          code: values.code.trim().toUpperCase(),
          nameZh: values.nameZh.trim(),
          nameEn: values.nameEn.trim(),
          section: emptyToNull(values.section)?.toUpperCase() ?? null,
          sortOrder: values.sortOrder ?? 0,
        });
        return 'created' as const;
      }
      const body = changes(target.industry, values);
      if (!body) return 'unchanged' as const;
      await updateIndustry(target.industry.code, body);
      return 'updated' as const;
    },
    onSuccess: (result) => {
      if (result === 'created') void message.success(t('customerSettings.industries.created'));
      else if (result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      void client.invalidateQueries({ queryKey: catalogKeys.industries });
      onClose();
    },
    onError: (err) => handleError(err, { form, conflictKeys: [catalogKeys.industries], onConflict: onClose }),
  });

  const editing = target?.mode === 'edit';
  return (
    <Modal
      open={!!target}
      onCancel={onClose}
      title={editing ? t('customerSettings.industries.editTitle', { code: target.industry.code }) : t('customerSettings.industries.createTitle')}
      destroyOnHidden
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={withTestId({ loading: mutation.isPending }, 'industry-form-submit')}
      data-testid="industry-form"
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)}>
        <Form.Item
          name="code"
          label={t('customerSettings.industries.code')}
          extra={editing ? t('customerSettings.industries.codePermanent') : t('customerSettings.industries.codeHint')}
          required={!editing}
          rules={editing ? [] : [zodRule(schema.code, t, { regex: t('customerSettings.industries.codeFormat') })]}
          normalize={(v: string) => v.toUpperCase()}
        >
          <Input maxLength={8} disabled={editing} autoComplete="off" data-testid="industry-form-code" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('customerSettings.industries.nameZh')} required rules={[zodRule(schema.nameZh, t)]}>
          <Input maxLength={50} data-testid="industry-form-nameZh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('customerSettings.industries.nameEn')} required rules={[zodRule(schema.nameEn, t)]}>
          <Input maxLength={100} data-testid="industry-form-nameEn" />
        </Form.Item>
        <Form.Item
          name="section"
          label={t('customerSettings.industries.section')}
          extra={t('customerSettings.industries.sectionHint')}
          normalize={(v: string) => v.toUpperCase()}
          rules={[{ pattern: /^[A-Za-z]?$/, message: t('customerSettings.industries.sectionFormat') }]}
        >
          <Input maxLength={1} style={{ width: 80 }} data-testid="industry-form-section" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('customerSettings.industries.sortOrder')} extra={t('customerSettings.industries.sortOrderHint')}>
          <InputNumber min={0} max={100000} precision={0} data-testid="industry-form-sortOrder" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
