import { useNavigate } from 'react-router';
import { App, Button, Col, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatFen, parseYuan } from '../../../../contracts/money.ts';
import { CURRENCIES, type Currency } from '../../../../contracts/sales.ts';
import { useCan } from '../../../app/session.tsx';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { CustomerSearchSelect } from '../../customers/components/CustomerSearchSelect.tsx';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import type { Order } from '../../../../contracts/orders.ts';
import { createOrder, ordersKeys, updateOrder } from '../orders.api.ts';
import { fenToYuanInput, initialOrderValues, orderChanges, previewLine, previewTotals, toCreateOrderBody, type LineValues, type OrderFormValues } from '../orderForm.ts';
import { ProductSelect } from '../../products/components/ProductSelect.tsx';
import { useOrderInvalidation } from './orderBits.tsx';

type Values = Omit<OrderFormValues, 'orderDate'> & { orderDate?: Dayjs | null };

const EMPTY_LINE: LineValues = { productId: null, name: '', quantity: 1, unitPrice: '', discountPercent: 0, taxRatePercent: 13 };

/**
 * 新建订单 / 编辑订单: customer, lines priced live with the exact money rules, shipping details.
 * With `order`, edits it (the server allows it while the order is created); the customer stays.
 */
export function OrderFormDrawer({ open, customer: givenCustomer, order, onClose }: { open: boolean; customer?: { id: string; name: string }; order?: Order; onClose: () => void }) {
  const customer = order ? { id: order.customerId, name: order.customerName } : givenCustomer;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const invalidate = useOrderInvalidation();
  const watchedCustomer = Form.useWatch('customerId', form);
  const customerId = watchedCustomer ?? customer?.id ?? null;
  const items = (Form.useWatch('items', form) ?? []);
  const currency = (Form.useWatch('currency', form) ?? 'CNY');
  const totals = previewTotals(items);

  const contacts = useQuery({
    queryKey: customersKeys.contacts(customerId ?? ''),
    queryFn: ({ signal }) => listContacts(customerId ?? '', signal),
    enabled: open && !!customerId && can('contact:read'),
  });

  const fixedId = customer?.id ?? null;
  const initialValues = (): Partial<Values> => {
    if (!order) return { customerId: fixedId, contactId: null, currency: 'CNY', orderDate: dayjs(), items: [{ ...EMPTY_LINE }] };
    const v = initialOrderValues(order);
    return { ...v, orderDate: v.orderDate ? dayjs(v.orderDate) : null };
  };

  const save = async (v: Values) => {
    const values: OrderFormValues = { ...v, orderDate: v.orderDate ? v.orderDate.format('YYYY-MM-DD') : null };
    if (!order) return { result: 'created' as const, order: await createOrder(toCreateOrderBody(values)) };
    const body = orderChanges(order, values);
    return body ? { result: 'updated' as const, order: await updateOrder(order.id, body) } : { result: 'unchanged' as const, order };
  };

  const onSaved = (done: Awaited<ReturnType<typeof save>>) => {
    void message[done.result === 'unchanged' ? 'info' : 'success'](t(done.result === 'created' ? 'orders.created' : done.result === 'updated' ? 'common.saved' : 'common.noChanges'));
    invalidate();
    if (done.result === 'created') void navigate(`/orders/${done.order.id}`);
  };

  const amountRule = { validator: (_: unknown, v: string | undefined) => (v && parseYuan(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('orders.invalidAmount')))) };

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      form={form}
      open={open}
      onClose={onClose}
      record={order ?? fixedId}
      initialValues={initialValues}
      title={order ? t('orders.editTitle', { number: order.number }) : t('orders.createTitle')}
      size={960}
      testId="order-form"
      submitText={order ? t('common.save') : t('orders.create')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ conflictKeys: [ordersKeys.all] }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          {customer ? (
            <Form.Item label={t('orders.fields.customer')} required>
              <Input value={customer.name} disabled data-testid="order-form-customer-fixed" />
              <Form.Item name="customerId" hidden>
                <Input />
              </Form.Item>
            </Form.Item>
          ) : (
            <Form.Item name="customerId" label={t('orders.fields.customer')} required rules={[{ required: true, message: t('validation.required') }]}>
              <CustomerSearchSelect placeholder={t('orders.selectCustomer')} data-testid="order-form-customer" />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} sm={6}>
          <Form.Item name="contactId" label={t('orders.fields.contact')}>
            <Select<string> allowClear disabled={!customerId} options={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} placeholder={t('orders.selectContact')} data-testid="order-form-contact" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={4}>
          <Form.Item name="currency" label={t('orders.fields.currency')}>
            <Select<Currency> options={CURRENCIES.map((c) => ({ value: c, label: c }))} data-testid="order-form-currency" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={4}>
          <Form.Item name="orderDate" label={t('orders.fields.orderDate')}>
            <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="order-form-orderDate" />
          </Form.Item>
        </Col>
      </Row>

      <Typography.Title level={5}>{t('orders.items.title')}</Typography.Title>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <Flex vertical gap={4} data-testid="order-form-items">
            {fields.map((field, index) => {
              const amounts = previewLine(items[index]);
              return (
                <Row key={field.key} gutter={8} align="top" data-testid={`order-line-${index}`}>
                  <Col span={6}>
                    <Form.Item name={[field.name, 'productId']} label={index === 0 ? t('orders.items.product') : undefined}>
                      <ProductSelect
                        data-testid={`order-line-${index}-product`}
                        placeholder={t('orders.items.selectProduct')}
                        fallbackLabel={items[index]?.name}
                        style={{ width: '100%' }}
                        onChange={(_id, p) => {
                          if (!p) return;
                          form.setFieldValue(['items', field.name], { ...form.getFieldValue(['items', field.name]), productId: p.id, name: p.name, unitPrice: fenToYuanInput(p.listPriceFen), taxRatePercent: p.taxRatePercent });
                        }}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item
                      name={[field.name, 'name']}
                      label={index === 0 ? t('orders.items.name') : undefined}
                      rules={[{ validator: (_r, v: string | undefined) => (v?.trim() || items[index]?.productId ? Promise.resolve() : Promise.reject(new Error(t('validation.required')))) }]}
                    >
                      <Input maxLength={200} placeholder={t('orders.items.namePlaceholder')} data-testid={`order-line-${index}-name`} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Form.Item name={[field.name, 'quantity']} label={index === 0 ? t('orders.items.quantity') : undefined} rules={[{ required: true, message: t('validation.required') }]}>
                      <InputNumber min={0.001} precision={3} style={{ width: '100%' }} data-testid={`order-line-${index}-quantity`} />
                    </Form.Item>
                  </Col>
                  <Col span={3}>
                    <Form.Item name={[field.name, 'unitPrice']} label={index === 0 ? t('orders.items.unitPrice') : undefined} rules={[amountRule]}>
                      <Input inputMode="decimal" data-testid={`order-line-${index}-unitPrice`} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Form.Item name={[field.name, 'discountPercent']} label={index === 0 ? t('orders.items.discountPercent') : undefined}>
                      <InputNumber min={0} max={100} precision={2} style={{ width: '100%' }} data-testid={`order-line-${index}-discount`} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Form.Item name={[field.name, 'taxRatePercent']} label={index === 0 ? t('orders.items.taxRatePercent') : undefined}>
                      <InputNumber min={0} max={100} precision={2} style={{ width: '100%' }} data-testid={`order-line-${index}-tax`} />
                    </Form.Item>
                  </Col>
                  <Col span={3}>
                    <Form.Item label={index === 0 ? t('orders.items.amount') : undefined}>
                      <Typography.Text strong data-testid={`order-line-${index}-total`}>
                        {amounts ? formatFen(amounts.totalFen, currency) : '—'}
                      </Typography.Text>
                    </Form.Item>
                  </Col>
                  <Col span={1}>
                    <Form.Item label={index === 0 ? ' ' : undefined}>
                      <Button type="text" danger icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(field.name)} aria-label={t('orders.items.remove')} />
                    </Form.Item>
                  </Col>
                </Row>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ ...EMPTY_LINE })} data-testid="order-form-add-line">
              {t('orders.items.add')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Descriptions
        size="small"
        column={5}
        style={{ marginTop: 16 }}
        title={t('orders.totals')}
        data-testid="order-form-totals"
        items={[
          { key: 'subtotal', label: t('orders.fields.subtotal'), children: formatFen(totals.subtotalFen, currency) },
          { key: 'discount', label: t('orders.fields.discount'), children: formatFen(totals.discountFen, currency) },
          { key: 'net', label: t('orders.fields.net'), children: formatFen(totals.netFen, currency) },
          { key: 'tax', label: t('orders.fields.tax'), children: formatFen(totals.taxFen, currency) },
          { key: 'total', label: t('orders.fields.total'), children: <strong data-testid="order-form-total">{formatFen(totals.totalFen, currency)}</strong> },
        ]}
      />

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('orders.receiver')}
      </Typography.Title>
      <Form.Item name="shippingAddress" label={t('orders.fields.shippingAddress')}>
        <Input maxLength={300} data-testid="order-form-address" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="receiverName" label={t('orders.fields.receiverName')}>
            <Input maxLength={50} data-testid="order-form-receiver" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="receiverPhone" label={t('orders.fields.receiverPhone')}>
            <Input maxLength={30} data-testid="order-form-receiverPhone" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="notes" label={t('orders.fields.notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="order-form-notes" />
      </Form.Item>
    </FormDrawer>
  );
}
