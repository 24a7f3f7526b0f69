import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Col, DatePicker, Drawer, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { createOpportunityBody } from '../../../../contracts/opportunities.ts';
import { CURRENCIES } from '../../../../contracts/sales.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { ApiError } from '../../../app/http.ts';
import { useCan } from '../../../app/session.tsx';
import { zodRule } from '../../../app/validation.ts';
import { CustomerSearchSelect } from '../../customers/components/CustomerSearchSelect.tsx';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import { useSourceChannels } from '../../customers/hooks.ts';
import { stageProbability } from '../board.ts';
import { useOpportunityInvalidation, useStages } from '../hooks.ts';
import { createOpportunity, opportunitiesKeys, updateOpportunity } from '../opportunities.api.ts';
import { initialOpportunityValues, opportunityChanges, splitLineIssues, toCreateOpportunityBody, yuanTextToFen, type OpportunityFormTarget, type OpportunityValues as Values } from '../opportunityForm.ts';
import { LineItemsEditor } from './LineItemsEditor.tsx';

const shape = createOpportunityBody.shape;

/** 新建 / 编辑商机: customer and contact, stage and probability, line items or a plain amount. */
export function OpportunityFormDrawer({ target, onClose, openAfterCreate = true }: { target: OpportunityFormTarget | null; onClose: () => void; openAfterCreate?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const channels = useSourceChannels();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const handleError = useApiErrorHandler();
  const invalidate = useOpportunityInvalidation();
  const stages = useStages();
  const editing = target?.mode === 'edit' ? target.opportunity : null;
  const fixed = target?.mode === 'create' ? target.customer : editing ? { id: editing.customerId, name: editing.customerName } : undefined;
  const watchedCustomer = Form.useWatch('customerId', form);
  const customerId = watchedCustomer ?? fixed?.id ?? null;
  const stageId = Form.useWatch('stageId', form);
  const currency = Form.useWatch('currency', form) ?? 'CNY';
  const items = Form.useWatch('items', form) ?? [];
  const stage = stageId ? stages.byId.get(stageId) : undefined;
  const kind = editing ? editing.stageKind : stage?.kind;

  const contacts = useQuery({
    queryKey: customersKeys.contacts(customerId ?? ''),
    queryFn: ({ signal }) => listContacts(customerId ?? '', signal),
    enabled: !!target && !!customerId && can('contact:read'),
  });

  const ready = stages.query.isSuccess;
  useEffect(() => {
    if (!target || !ready) return;
    form.resetFields();
    form.setFieldsValue(initialOpportunityValues(target, stages.items));
    // Stages load once; the form is filled when the drawer opens.
  }, [target, form, ready]);

  const mutation = useMutation({
    mutationFn: async (v: Values) => {
      if (!target) return { result: 'unchanged' as const };
      if (target.mode === 'edit') {
        const body = opportunityChanges(target.opportunity, v);
        if (!body) return { result: 'unchanged' as const };
        await updateOpportunity(target.opportunity.id, body);
        return { result: 'updated' as const };
      }
      const created = await createOpportunity(toCreateOpportunityBody(v, kind));
      return { result: 'created' as const, id: created.id };
    },
    onSuccess: (r) => {
      if (r.result === 'created') void message.success(t('opportunities.created'));
      else if (r.result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      invalidate();
      onClose();
      if (r.result === 'created' && openAfterCreate) void navigate(`/opportunities/${r.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.details.length > 0 && err.code !== 'VERSION_CONFLICT') {
        const { lines, rest } = splitLineIssues(err.details);
        form.setFields(lines as Parameters<typeof form.setFields>[0]);
        if (rest.length === 0) return;
        handleError(new ApiError(err.status, err.code, err.message, rest), { form, fieldMap: { reason: 'closeReason' } });
        return;
      }
      handleError(err, { form, conflictKeys: [opportunitiesKeys.all], onConflict: onClose });
    },
  });

  const channelOptions: { value: string; label: string }[] = channels.options();
  const currentChannel = editing?.sourceChannel;
  if (currentChannel && !channelOptions.some((o) => o.value === currentChannel)) channelOptions.push({ value: currentChannel, label: currentChannel });

  return (
    <Drawer
      open={!!target}
      onClose={onClose}
      title={editing ? t('opportunities.editTitle') : t('opportunities.createTitle')}
      size={960}
      destroyOnHidden
      data-testid="opportunity-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={mutation.isPending} disabled={!ready} onClick={() => form.submit()} data-testid="opportunity-form-submit">
            {editing ? t('common.save') : t('opportunities.create')}
          </Button>
        </Flex>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} scrollToFirstError initialValues={{ items: [], currency: 'CNY', name: '' }}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            {fixed ? (
              <Form.Item label={t('opportunities.fields.customer')} required>
                <Input value={fixed.name} disabled data-testid="opportunity-form-customer-fixed" />
                <Form.Item name="customerId" hidden>
                  <Input />
                </Form.Item>
              </Form.Item>
            ) : (
              <Form.Item name="customerId" label={t('opportunities.fields.customer')} required rules={[{ required: true, message: t('validation.required') }]}>
                <CustomerSearchSelect placeholder={t('opportunities.form.selectCustomer')} data-testid="opportunity-form-customer" />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactId" label={t('opportunities.fields.contact')}>
              <Select<string>
                allowClear
                disabled={!customerId}
                loading={contacts.isFetching}
                options={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.title ? `${c.name}（${c.title}）` : c.name }))}
                placeholder={t('opportunities.form.selectContact')}
                data-testid="opportunity-form-contact"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label={t('opportunities.fields.name')} required rules={[zodRule(shape.name, t)]}>
              <Input maxLength={200} placeholder={t('opportunities.form.namePlaceholder')} data-testid="opportunity-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="currency" label={t('opportunities.fields.currency')}>
              <Select options={CURRENCIES.map((c) => ({ value: c, label: t(`opportunities.currencies.${c}`) }))} data-testid="opportunity-form-currency" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="stageId" label={t('opportunities.fields.stage')} extra={editing ? t('opportunities.form.stageOnDetail') : undefined}>
              <Select<string>
                disabled={!!editing}
                options={(editing ? stages.items : stages.active).map((s) => ({ value: s.id, label: `${stages.nameOf(s)} · ${s.kind === 'open' ? s.probability : stageProbability(s)}%` }))}
                onChange={(id) => {
                  const s = stages.byId.get(id);
                  if (s) form.setFieldValue('probability', stageProbability(s));
                }}
                data-testid="opportunity-form-stage"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="probability" label={t('opportunities.fields.probability')}>
              <InputNumber min={0} max={100} precision={0} suffix="%" disabled={kind !== undefined && kind !== 'open'} style={{ width: '100%' }} data-testid="opportunity-form-probability" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="expectedCloseDate"
              label={t('opportunities.fields.expectedCloseDate')}
              getValueProps={(v: string | null | undefined) => ({ value: v ? dayjs(v) : null })}
              normalize={(v: dayjs.Dayjs | null) => (v ? v.format('YYYY-MM-DD') : null)}
            >
              <DatePicker style={{ width: '100%' }} data-testid="opportunity-form-close-date" />
            </Form.Item>
          </Col>
        </Row>
        {!editing && kind && kind !== 'open' ? (
          <Form.Item name="closeReason" label={kind === 'won' ? t('opportunities.reason.wonLabel') : t('opportunities.reason.lostLabel')} rules={[{ required: true, whitespace: true, message: t('opportunities.reason.required') }]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} data-testid="opportunity-form-close-reason" />
          </Form.Item>
        ) : null}

        <Typography.Title level={5} style={{ marginTop: 8 }}>
          {t('opportunities.lines.title')}
        </Typography.Title>
        <LineItemsEditor form={form} currency={currency} />
        {items.length === 0 ? (
          <Form.Item
            name="amount"
            label={t('opportunities.fields.amount')}
            required
            style={{ marginTop: 12, maxWidth: 280 }}
            rules={[
              {
                validator: async (_r, value: string | undefined) => {
                  if (!value || value.trim() === '') throw new Error(t('validation.required'));
                  if (yuanTextToFen(value) === null) throw new Error(t('opportunities.form.yuanInvalid'));
                },
              },
            ]}
          >
            <Input inputMode="decimal" placeholder="0.00" data-testid="opportunity-form-amount" />
          </Form.Item>
        ) : null}

        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('opportunities.form.more')}
        </Typography.Title>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="sourceChannel" label={t('opportunities.fields.sourceChannel')}>
              <Select allowClear options={channelOptions} data-testid="opportunity-form-source" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="competitors" label={t('opportunities.fields.competitors')} rules={[zodRule(shape.competitors, t)]}>
              <Input maxLength={500} data-testid="opportunity-form-competitors" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="nextStep" label={t('opportunities.fields.nextStep')} rules={[zodRule(shape.nextStep, t)]}>
          <Input maxLength={500} data-testid="opportunity-form-next-step" />
        </Form.Item>
        <Form.Item name="description" label={t('opportunities.fields.description')} rules={[zodRule(shape.description, t)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid="opportunity-form-description" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
