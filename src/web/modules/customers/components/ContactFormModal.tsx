import { App, Button, Col, DatePicker, Flex, Form, Input, Row, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../contracts/contacts.ts';
import { createContactBody } from '../../../../contracts/contacts.ts';
import { emptyToNull } from '../../../app/validation.ts';
import { fieldNameOf, type FieldName } from '../../../ui/fieldErrors.ts';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
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

/** Each phone is its own input: a server issue on "phones.1" belongs on the second one. */
function contactFieldOf(path: string): FieldName {
  const phone = /^(?:body[./])?phones[./](\d+)$/.exec(path);
  return phone ? ['phones', Number(phone[1])] : fieldNameOf(path);
}

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
  const rules = useZodRules(createContactBody.shape);
  const editing = !!contact;

  const save = async (values: Values) => {
    if (contact) {
      const body = changes(contact, values);
      if (!body) return 'unchanged' as const;
      await updateContact(contact.id, body);
      return 'updated' as const;
    }
    await createContact(customerId, toBody(values));
    return 'created' as const;
  };

  const onSaved = (result: Awaited<ReturnType<typeof save>>) => {
    if (result === 'created') void message.success(t('contacts.created'));
    else if (result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    void client.invalidateQueries({ queryKey: customersKeys.contacts(customerId) });
  };

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      modal
      form={form}
      open={open}
      onClose={onClose}
      record={contact}
      initialValues={() => initialValues(contact)}
      title={editing ? t('contacts.editTitle', { name: contact.name }) : t('contacts.createTitle')}
      size={640}
      testId="contact-form"
      submitText={editing ? t('common.save') : t('contacts.create')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ fieldMap: contactFieldOf, conflictKeys: [customersKeys.contacts(customerId)] }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('contacts.fields.name')} required rules={rules('name')}>
            <Input maxLength={50} autoComplete="off" data-testid="contact-form-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="isPrimary" label={t('contacts.fields.isPrimary')} valuePropName="checked" extra={t('contacts.primaryHint')}>
            <Switch data-testid="contact-form-isPrimary" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="title" label={t('contacts.fields.title')} rules={rules('title')}>
            <Input maxLength={50} data-testid="contact-form-title" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="department" label={t('contacts.fields.department')} rules={rules('department')}>
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
          <Form.Item name="email" label={t('contacts.fields.email')} rules={rules('email')}>
            <Input type="email" maxLength={200} autoComplete="off" data-testid="contact-form-email" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="wechat" label={t('contacts.fields.wechat')} rules={rules('wechat')}>
            <Input maxLength={50} autoComplete="off" data-testid="contact-form-wechat" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="birthday" label={t('contacts.fields.birthday')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} data-testid="contact-form-birthday" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="notes" label={t('contacts.fields.notes')} rules={rules('notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="contact-form-notes" />
      </Form.Item>
    </FormDrawer>
  );
}
