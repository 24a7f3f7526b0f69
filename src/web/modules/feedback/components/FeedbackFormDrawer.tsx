import { App, Col, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createFeedbackBody, FEEDBACK_KINDS, FEEDBACK_STATUSES, updateFeedbackBody } from '../../../../contracts/feedback.ts';
import { useCan } from '../../../app/session.tsx';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { CustomerSearchSelect } from '../../customers/components/CustomerSearchSelect.tsx';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import { useActivityInvalidation } from '../../followups/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { createFeedback, feedbackKeys, updateFeedback } from '../feedback.api.ts';
import { feedbackChanges, initialFeedbackValues, toCreateFeedbackBody, type FeedbackFormTarget, type FeedbackValues as Values } from '../feedbackForm.ts';

export type { FeedbackFormTarget } from '../feedbackForm.ts';

/** 登记 / 编辑客户反馈: what the customer asked for or complained about, and how it is handled. */
export function FeedbackFormDrawer({ target, onClose }: { target: FeedbackFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const createRules = useZodRules(createFeedbackBody.shape);
  const updateRules = useZodRules(updateFeedbackBody.shape);
  const invalidate = useActivityInvalidation();
  const editing = target?.mode === 'edit' ? target.feedback : null;
  const fixed = target?.mode === 'create' ? target.customer : editing ? { id: editing.customerId, name: editing.customerName ?? '' } : undefined;
  const watchedCustomer = Form.useWatch('customerId', form);
  const customerId = watchedCustomer ?? fixed?.id ?? null;

  const contacts = useQuery({
    queryKey: customersKeys.contacts(customerId ?? ''),
    queryFn: ({ signal }) => listContacts(customerId ?? '', signal),
    enabled: !!target && !!customerId && can('contact:read'),
  });

  const save = async (v: Values) => {
    if (!target) return 'unchanged' as const;
    if (target.mode === 'edit') {
      const body = feedbackChanges(target.feedback, v);
      if (!body) return 'unchanged' as const;
      await updateFeedback(target.feedback.id, body);
      return 'updated' as const;
    }
    await createFeedback(toCreateFeedbackBody(v));
    return 'created' as const;
  };

  const onSaved = (result: Awaited<ReturnType<typeof save>>) => {
    if (result === 'created') void message.success(t('feedback.created'));
    else if (result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    invalidate();
  };

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      form={form}
      open={!!target}
      onClose={onClose}
      // The feedback page passes a new target each render; the feedback it edits is what counts.
      record={editing ?? target}
      initialValues={() => (target ? initialFeedbackValues(target) : {})}
      title={editing ? t('feedback.editTitle') : t('feedback.createTitle')}
      size={640}
      testId="feedback-form"
      submitText={editing ? t('common.save') : t('feedback.create')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ conflictKeys: [feedbackKeys.all] }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={14}>
          {fixed ? (
            <Form.Item label={t('feedback.fields.customer')} required>
              <Input value={fixed.name} disabled data-testid="feedback-form-customer-fixed" />
              <Form.Item name="customerId" hidden>
                <Input />
              </Form.Item>
            </Form.Item>
          ) : (
            <Form.Item name="customerId" label={t('feedback.fields.customer')} required rules={[{ required: true, message: t('validation.required') }]}>
              <CustomerSearchSelect placeholder={t('feedback.selectCustomer')} data-testid="feedback-form-customer" />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="contactId" label={t('feedback.fields.contact')}>
            <Select<string>
              allowClear
              disabled={!customerId || !!editing}
              options={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              placeholder={t('followUps.selectContact')}
              data-testid="feedback-form-contact"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="kind" label={t('feedback.fields.kind')} required>
        <Radio.Group optionType="button" buttonStyle="solid" options={FEEDBACK_KINDS.map((k) => ({ value: k, label: t(`feedback.kinds.${k}`) }))} data-testid="feedback-form-kind" />
      </Form.Item>
      <Form.Item name="title" label={t('feedback.fields.title')} required rules={createRules('title')}>
        <Input maxLength={200} data-testid="feedback-form-title" />
      </Form.Item>
      <Form.Item name="content" label={t('feedback.fields.content')} rules={createRules('content')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} data-testid="feedback-form-content" />
      </Form.Item>
      {can('user:read') ? (
        <Form.Item name="handlerId" label={t('feedback.fields.handler')}>
          <UserSelect placeholder={t('feedback.selectHandler')} data-testid="feedback-form-handler" />
        </Form.Item>
      ) : null}
      {editing ? (
        <section className="kehu-form-section">
          <Typography.Title level={5} className="kehu-form-section-title">
            {t('feedback.handling')}
          </Typography.Title>
          <Form.Item name="status" label={t('feedback.fields.status')}>
            <Radio.Group optionType="button" options={FEEDBACK_STATUSES.map((s) => ({ value: s, label: t(`feedback.statuses.${s}`) }))} data-testid="feedback-form-status" />
          </Form.Item>
          <Form.Item name="handlingNotes" label={t('feedback.fields.handlingNotes')} rules={updateRules('handlingNotes')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid="feedback-form-handlingNotes" />
          </Form.Item>
          <Form.Item name="outcome" label={t('feedback.fields.outcome')} rules={updateRules('outcome')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid="feedback-form-outcome" />
          </Form.Item>
        </section>
      ) : null}
    </FormDrawer>
  );
}
