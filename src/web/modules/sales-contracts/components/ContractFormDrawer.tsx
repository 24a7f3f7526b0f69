import { useNavigate } from 'react-router';
import { App, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createContractBody } from '../../../../contracts/sales-contracts.ts';
import { CURRENCIES } from '../../../../contracts/sales.ts';
import { useCan } from '../../../app/session.tsx';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { CustomerSearchSelect } from '../../customers/components/CustomerSearchSelect.tsx';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { listOpportunities, opportunitiesKeys } from '../../opportunities/opportunities.api.ts';
import { listOrders, ordersKeys } from '../../orders/orders.api.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { contractsKeys, createContract, updateContract } from '../sales-contracts.api.ts';
import { contractChanges, fillFromSource, initialContractValues, toCreateContractBody, yuanToFen, type ContractFormTarget, type ContractValues as Values } from '../contractForm.ts';

/** 新建 / 编辑合同. Amounts are typed in yuan with 2 decimals and sent in fen. */
export function ContractFormDrawer({ target, onClose }: { target: ContractFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = useZodRules(createContractBody.shape);
  const editing = target?.mode === 'edit' ? target.contract : null;
  const fixed = target?.mode === 'create' ? target.customer : editing ? { id: editing.customerId, name: editing.customerName ?? '' } : undefined;
  const watchedCustomer = Form.useWatch('customerId', form);
  const customerId = watchedCustomer ?? fixed?.id ?? null;

  const contacts = useQuery({
    queryKey: customersKeys.contacts(customerId ?? ''),
    queryFn: ({ signal }) => listContacts(customerId ?? '', signal),
    enabled: !!target && !!customerId && can('contact:read'),
  });

  // What the contract may be for: the customer's most recent opportunities and orders.
  const opportunityQuery = { customerId: customerId ?? undefined, limit: 50 };
  const opportunities = useQuery({
    queryKey: opportunitiesKeys.list(opportunityQuery),
    queryFn: ({ signal }) => listOpportunities(opportunityQuery, signal),
    enabled: !!target && !!customerId && can('opportunity:read'),
  });
  const orderQuery = { customerId: customerId ?? undefined, limit: 50 };
  const orders = useQuery({
    queryKey: ordersKeys.list(orderQuery),
    queryFn: ({ signal }) => listOrders(orderQuery, signal),
    enabled: !!target && !!customerId && can('order:read'),
  });
  const fillFrom = (source: Source) => form.setFieldsValue(fillFromSource(form.getFieldsValue(['title', 'amountYuan']) as Values, source));

  const save = async (v: Values) => {
    if (!target) return null;
    if (target.mode === 'edit') {
      const body = contractChanges(target.contract, v);
      if (!body) return { result: 'unchanged' as const, id: target.contract.id };
      await updateContract(target.contract.id, body);
      return { result: 'updated' as const, id: target.contract.id };
    }
    const created = await createContract(toCreateContractBody(v));
    return { result: 'created' as const, id: created.id };
  };

  const onSaved = (done: Awaited<ReturnType<typeof save>>) => {
    if (!done) return;
    if (done.result === 'created') void message.success(t('contracts.created'));
    else if (done.result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    void client.invalidateQueries({ queryKey: contractsKeys.all });
    if (done.result === 'created') void navigate(`/contracts/${done.id}`);
  };

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      form={form}
      open={!!target}
      onClose={onClose}
      // The detail page passes a new target each render; the contract it edits is what counts.
      record={editing ?? target}
      initialValues={() => (target ? initialContractValues(target) : {})}
      title={editing ? t('contracts.editTitle') : t('contracts.createTitle')}
      size={680}
      testId="contract-form"
      submitText={editing ? t('common.save') : t('contracts.create')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ fieldMap: { amountFen: 'amountYuan', startsOn: 'period', endsOn: 'period' }, conflictKeys: [contractsKeys.all] }}
    >
      <Form.Item name="title" label={t('contracts.fields.title')} required rules={rules('title')}>
        <Input maxLength={200} data-testid="contract-form-title" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={14}>
          {fixed ? (
            <Form.Item label={t('contracts.fields.customer')} required>
              <Input value={fixed.name} disabled data-testid="contract-form-customer-fixed" />
              <Form.Item name="customerId" hidden>
                <Input />
              </Form.Item>
            </Form.Item>
          ) : (
            <Form.Item name="customerId" label={t('contracts.fields.customer')} required rules={[{ required: true, message: t('validation.required') }]}>
              <CustomerSearchSelect placeholder={t('contracts.selectCustomer')} data-testid="contract-form-customer" />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="contactId" label={t('contracts.fields.contact')}>
            <Select<string>
              allowClear
              disabled={!customerId}
              options={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              placeholder={t('contracts.selectContact')}
              data-testid="contract-form-contact"
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="opportunityId" label={t('contracts.fields.opportunity')}>
            <SourceSelect
              sources={(opportunities.data?.items ?? []).map((o) => ({ id: o.id, label: o.name, title: o.name, amountFen: o.amountFen, currency: o.currency }))}
              disabled={!customerId}
              loading={opportunities.isFetching}
              onPick={fillFrom}
              placeholder={t('contracts.selectOpportunity')}
              data-testid="contract-form-opportunity"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="orderId" label={t('contracts.fields.order')}>
            <SourceSelect
              sources={(orders.data?.items ?? []).map((o) => ({ id: o.id, label: o.number, title: `${o.customerName} ${o.number}`, amountFen: o.totalFen, currency: o.currency }))}
              disabled={!customerId}
              loading={orders.isFetching}
              onPick={fillFrom}
              placeholder={t('contracts.selectOrder')}
              data-testid="contract-form-order"
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={14}>
          <Form.Item
            name="amountYuan"
            label={t('contracts.fields.amount')}
            required
            rules={[
              {
                validator: async (_r, value: string | null) => {
                  if (value === null || value === undefined || value === '') throw new Error(t('validation.required'));
                  if (yuanToFen(value) === null) throw new Error(t('validation.invalid'));
                },
              },
            ]}
          >
            <InputNumber<string> stringMode min="0" precision={2} step="1000" style={{ width: '100%' }} data-testid="contract-form-amount" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="currency" label={t('contracts.fields.currency')}>
            <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} data-testid="contract-form-currency" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item name="signedOn" label={t('contracts.fields.signedOn')}>
            <DatePicker style={{ width: '100%' }} data-testid="contract-form-signedOn" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item name="period" label={t('contracts.fields.period')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} data-testid="contract-form-period" />
          </Form.Item>
        </Col>
      </Row>
      {can('user:read') ? (
        <Form.Item name="ownerId" label={t('contracts.fields.owner')}>
          <UserSelect placeholder={t('contracts.filterOwner')} data-testid="contract-form-owner" />
        </Form.Item>
      ) : null}
      <Form.Item name="terms" label={t('contracts.fields.terms')} rules={rules('terms')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={10000} data-testid="contract-form-terms" />
      </Form.Item>
      <Form.Item name="notes" label={t('contracts.fields.notes')} rules={rules('notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="contract-form-notes" />
      </Form.Item>
    </FormDrawer>
  );
}

/** What a contract may be for (an opportunity or an order): shown with its amount, and what it fills in. */
type Source = { id: string; label: string; title: string; amountFen: number; currency: Values['currency'] };

function SourceSelect({ sources, onPick, value, onChange, ...rest }: { sources: Source[]; onPick: (s: Source) => void; value?: string | null; onChange?: (v: string | null) => void; disabled: boolean; loading: boolean; placeholder: string; 'data-testid': string }) {
  return (
    <Select<string>
      {...rest}
      value={value ?? undefined}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      options={sources.map((s) => ({ value: s.id, label: `${s.label} · ${formatFen(s.amountFen, s.currency)}` }))}
      onChange={(id: string | undefined) => {
        onChange?.(id ?? null);
        const picked = sources.find((s) => s.id === id);
        if (picked) onPick(picked);
      }}
    />
  );
}
