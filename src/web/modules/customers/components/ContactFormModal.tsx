import { useEffect } from 'react';
import { App, Button, Col, DatePicker, Flex, Form, Input, Modal, Row, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../contracts/contacts.ts';
import { createContactBody } from '../../../../contracts/contacts.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { ApiError } from '../../../app/http.ts';
import { emptyToNull, zodRule } from '../../../app/validation.ts';
import { withTestId } from '../../../ui/testId.ts';
import { createContact, customersKeys, updateContact, type UpdateContactBody } from '../customers.api.ts';

type Values = {
  name: string;
  title?: string;
  department?: string;
  phones?: string[];
  email?: string;
  wechat?: string;
  isPrimary?: boolean;
  birthday?: Dayjs | null;
  notes?: string;
};

type Props = {
  customerId: string;
  open: boolean;
  /** The contact being edited; absent when adding. */
  contact?: Contact | null;
  onClose: () => void;
};

const schema = createContactBody.shape;

function initialValues(c: Contact | null | undefined): Values {
  if (!c) return { name: '', phones: [''], isPrimary: false };
  return {
    name: c.name,
    title: c.title ?? '',
    department: c.department ?? '',
    // The stored form is E.164; the readable one is what people type back.
    phones: c.phones.length > 0 ? c.phones.map((p) => p.display) : [''],
    email: c.email ?? '',
    wechat: c.wechat ?? '',
    isPrimary: c.isPrimary,
    birthday: c.birthday ? dayjs(c.birthday) : null,
    notes: c.notes ?? '',
  };
}

function toBody(values: Values) {
  return {
    name: values.name.trim(),
    title: emptyToNull(values.title),
    department: emptyToNull(values.department),
    phones: (values.phones ?? []).map((p) => p.trim()).filter(Boolean),
    email: emptyToNull(values.email),
    wechat: emptyToNull(values.wechat),
    isPrimary: !!values.isPrimary,
    birthday: values.birthday ? values.birthday.format('YYYY-MM-DD') : null,
    notes: emptyToNull(values.notes),
  };
}

function changes(c: Contact, values: Values): UpdateContactBody | null {
  const next: Record<string, unknown> = toBody(values);
  const before: Record<string, unknown> = { ...toBody(initialValues(c)), phones: c.phones.map((p) => p.display) };
  const body: Record<string, unknown> = { version: c.version };
  let changed = false;
  for (const [key, value] of Object.entries(next)) {
    if (JSON.stringify(value) !== JSON.stringify(before[key])) {
      body[key] = value;
      changed = true;
    }
  }
  return changed ? (body as UpdateContactBody) : null;
}

export function ContactFormModal({ customerId, open, contact, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const editing = !!contact;

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initialValues(contact));
    }
  }, [open, contact, form]);

  const mutation = useMutation({
    mutationFn: async (values: Values) => {
      if (contact) {
        const body = changes(contact, values);
        if (!body) return 'unchanged' as const;
        await updateContact(contact.id, body);
        return 'updated' as const;
      }
      await createContact(customerId, toBody(values));
      return 'created' as const;
    },
    onSuccess: (result) => {
      if (result === 'created') void message.success(t('contacts.created'));
      else if (result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      void client.invalidateQueries({ queryKey: customersKeys.contacts(customerId) });
      onClose();
    },
    onError: (err) => {
      // Each phone is its own input: "phones.1" belongs on the second one.
      if (err instanceof ApiError && err.code !== 'VERSION_CONFLICT') {
        const phoneIssues = err.details.filter((d) => /^(?:body[./])?phones[./]\d+$/.test(d.path));
        if (phoneIssues.length > 0) {
          form.setFields(phoneIssues.map((d) => ({ name: ['phones', Number(d.path.split(/[./]/).pop())], errors: [d.message] })));
          const rest = err.details.filter((d) => !phoneIssues.includes(d));
          if (rest.length === 0) return;
          handleError(new ApiError(err.status, err.code, err.message, rest), { form });
          return;
        }
      }
      handleError(err, { form, conflictKeys: [customersKeys.contacts(customerId)], onConflict: onClose });
    },
  });

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={editing ? t('contacts.editTitle', { name: contact.name }) : t('contacts.createTitle')}
      width={640}
      destroyOnHidden
      okText={editing ? t('common.save') : t('contacts.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={withTestId({ loading: mutation.isPending }, 'contact-form-submit')}
      cancelButtonProps={withTestId({}, 'contact-form-cancel')}
      data-testid="contact-form"
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('contacts.fields.name')} required rules={[zodRule(schema.name, t)]}>
              <Input maxLength={50} autoComplete="off" data-testid="contact-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="isPrimary" label={t('contacts.fields.isPrimary')} valuePropName="checked" extra={t('contacts.primaryHint')}>
              <Switch data-testid="contact-form-isPrimary" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="title" label={t('contacts.fields.title')} rules={[zodRule(schema.title, t)]}>
              <Input maxLength={50} data-testid="contact-form-title" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="department" label={t('contacts.fields.department')} rules={[zodRule(schema.department, t)]}>
              <Input maxLength={50} data-testid="contact-form-department" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('contacts.fields.phones')} extra={t('contacts.phonesHint')}>
          <Form.List name="phones">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8}>
                    <Form.Item name={field.name} style={{ flex: 1, marginBottom: 0 }} rules={[{ max: 40, message: t('validation.maxLength', { max: 40 }) }]}>
                      <Input maxLength={40} inputMode="tel" autoComplete="off" data-testid={`contact-form-phone-${index}`} />
                    </Form.Item>
                    {fields.length > 1 ? (
                      <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
                    ) : null}
                  </Flex>
                ))}
                {fields.length < 5 ? (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} data-testid="contact-form-phone-add">
                    {t('contacts.addPhone')}
                  </Button>
                ) : null}
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('contacts.fields.email')} rules={[zodRule(schema.email, t)]}>
              <Input type="email" maxLength={200} autoComplete="off" data-testid="contact-form-email" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="wechat" label={t('contacts.fields.wechat')} rules={[zodRule(schema.wechat, t)]}>
              <Input maxLength={50} autoComplete="off" data-testid="contact-form-wechat" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="birthday" label={t('contacts.fields.birthday')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} data-testid="contact-form-birthday" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="notes" label={t('contacts.fields.notes')} rules={[zodRule(schema.notes, t)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="contact-form-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
