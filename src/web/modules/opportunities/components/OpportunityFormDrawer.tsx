import { useNavigate } from 'react-router';
import { App, Col, DatePicker, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { createOpportunityBody } from '../../../../contracts/opportunities.ts';
import { CURRENCIES } from '../../../../contracts/sales.ts';
import { useCan } from '../../../app/session.tsx';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { CampaignSelect } from '../../campaigns/components/CampaignSelect.tsx';
import { CustomerSearchSelect } from '../../customers/components/CustomerSearchSelect.tsx';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import { useSourceChannels } from '../../customers/hooks.ts';
import { stageProbability } from '../board.ts';
import { useOpportunityInvalidation, useStages } from '../hooks.ts';
import { createOpportunity, opportunitiesKeys, updateOpportunity } from '../opportunities.api.ts';
import { formFieldOf, initialOpportunityValues, opportunityChanges, toCreateOpportunityBody, yuanTextToFen, type OpportunityFormTarget, type OpportunityValues as Values } from '../opportunityForm.ts';
import { LineItemsEditor } from './LineItemsEditor.tsx';

/** 新建 / 编辑商机: customer and contact, stage and probability, line items or a plain amount. */
export function OpportunityFormDrawer({ target, onClose, openAfterCreate = true }: { target: OpportunityFormTarget | null; onClose: () => void; openAfterCreate?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const channels = useSourceChannels();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const rules = useZodRules(createOpportunityBody.shape);
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

  const save = async (v: Values) => {
    if (!target) return { result: 'unchanged' as const };
    if (target.mode === 'edit') {
      const body = opportunityChanges(target.opportunity, v);
      if (!body) return { result: 'unchanged' as const };
      await updateOpportunity(target.opportunity.id, body);
      return { result: 'updated' as const };
    }
    const created = await createOpportunity(toCreateOpportunityBody(v, kind));
    return { result: 'created' as const, id: created.id };
  };

  const onSaved = (r: Awaited<ReturnType<typeof save>>) => {
    if (r.result === 'created') void message.success(t('opportunities.created'));
    else if (r.result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    invalidate();
    if (r.result === 'created' && openAfterCreate) void navigate(`/opportunities/${r.id}`);
  };

  const channelOptions: { value: string; label: string }[] = channels.options();
  const currentChannel = editing?.sourceChannel;
  if (currentChannel && !channelOptions.some((o) => o.value === currentChannel)) channelOptions.push({ value: currentChannel, label: currentChannel });

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      form={form}
      open={!!target}
      onClose={onClose}
      record={target}
      // Stages load once; the form is filled when they are there.
      ready={stages.query.isSuccess}
      initialValues={() => (target ? initialOpportunityValues(target, stages.items) : {})}
      title={editing ? t('opportunities.editTitle') : t('opportunities.createTitle')}
      size={960}
      testId="opportunity-form"
      submitText={editing ? t('common.save') : t('opportunities.create')}
      onSubmit={save}
      onSaved={onSaved}
      // Line issues go onto the line's field, a close reason onto its box.
      errorOptions={{ fieldMap: formFieldOf, conflictKeys: [opportunitiesKeys.all] }}
      formProps={{ initialValues: { items: [], currency: 'CNY', name: '' } }}
    >
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
          <Form.Item name="name" label={t('opportunities.fields.name')} required rules={rules('name')}>
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
        {/* The campaigns to pick are for those who read campaigns or leads (GET /campaign-options). */}
        {can('campaign:read') || can('lead:read') ? (
          <Col xs={24} sm={16}>
            <Form.Item name="campaignId" label={t('opportunities.fields.campaign')} extra={editing ? undefined : t('opportunities.form.campaignHint')}>
              <CampaignSelect
                includeEnded
                keep={editing?.campaignId && editing.campaignName ? { id: editing.campaignId, name: editing.campaignName } : null}
                placeholder={t('opportunities.form.campaignPlaceholder')}
                style={{ width: '100%' }}
                data-testid="opportunity-form-campaign"
              />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      <Form.Item name="competitors" label={t('opportunities.fields.competitors')} rules={rules('competitors')}>
        <Input maxLength={500} data-testid="opportunity-form-competitors" />
      </Form.Item>
      <Form.Item name="nextStep" label={t('opportunities.fields.nextStep')} rules={rules('nextStep')}>
        <Input maxLength={500} data-testid="opportunity-form-next-step" />
      </Form.Item>
      <Form.Item name="description" label={t('opportunities.fields.description')} rules={rules('description')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid="opportunity-form-description" />
      </Form.Item>
    </FormDrawer>
  );
}
