import { useEffect } from 'react';
import { App, Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import { useMutation } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatFen, parseYuan } from '../../../../contracts/money.ts';
import type { Order } from '../../../../contracts/orders.ts';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../../contracts/sales.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { withTestId } from '../../../ui/testId.ts';
import { ordersKeys, recordOrderPayment, transitionOrder } from '../orders.api.ts';
import { fenToYuanInput } from '../orderForm.ts';
import { useOrderInvalidation } from './orderBits.tsx';

export type OrderAction = 'pay' | 'ship' | 'cancel';

type Values = { paidOn?: Dayjs; amount?: string; method?: PaymentMethod; reference?: string; carrier?: string; trackingNumber?: string; reason?: string };

/** The steps that ask for something: a payment (amount in yuan, converted exactly), shipping (carrier, tracking number), cancelling (a reason). */
export function OrderActionModal({ order, action, onClose }: { order: Order; action: OrderAction | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const handleError = useApiErrorHandler();
  const invalidate = useOrderInvalidation();

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    if (action === 'pay') form.setFieldsValue({ paidOn: dayjs(), amount: fenToYuanInput(order.outstandingFen), method: 'bank_transfer' });
  }, [action, form, order.outstandingFen]);

  const mutation = useMutation({
    mutationFn: async (v: Values) => {
      if (action === 'pay') {
        return recordOrderPayment(order.id, {
          paidOn: (v.paidOn ?? dayjs()).format('YYYY-MM-DD'),
          amountFen: parseYuan(v.amount ?? '') ?? 0,
          method: v.method ?? 'bank_transfer',
          reference: v.reference?.trim() || null,
          version: order.version,
        });
      }
      if (action === 'ship') return transitionOrder(order.id, { to: 'shipped', version: order.version, carrier: v.carrier ?? '', trackingNumber: v.trackingNumber ?? '' });
      return transitionOrder(order.id, { to: 'cancelled', version: order.version, reason: v.reason ?? '' });
    },
    onSuccess: () => {
      void message.success(action === 'pay' ? t('orders.paymentRecorded') : t('orders.moved'));
      invalidate();
      onClose();
    },
    onError: (err) => handleError(err, { form, fieldMap: { amountFen: 'amount' }, conflictKeys: [ordersKeys.detail(order.id)], onConflict: onClose }),
  });

  const outstanding = formatFen(order.outstandingFen, order.currency);
  const amountRule = {
    validator: (_: unknown, v: string | undefined) => {
      const fen = parseYuan(v ?? '');
      if (fen === null || fen <= 0) return Promise.reject(new Error(t('orders.invalidAmount')));
      if (fen > order.outstandingFen) return Promise.reject(new Error(t('orders.amountAboveOutstanding', { amount: outstanding })));
      return Promise.resolve();
    },
  };
  const required = { required: true, whitespace: true, message: t('validation.required') };
  const title = action === 'pay' ? t('orders.actions.pay') : action === 'ship' ? t('orders.ship.title') : t('orders.cancel.title');

  return (
    <Modal
      open={!!action}
      title={`${title} · ${order.number}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={title}
      okButtonProps={withTestId({ loading: mutation.isPending, danger: action === 'cancel' }, 'order-action-ok')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      data-testid="order-action-modal"
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)}>
        {action === 'pay' ? (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('orders.payments.outstandingHint', { amount: outstanding })} />
            <Form.Item name="amount" label={t('orders.payments.amount')} required rules={[amountRule]}>
              <Input inputMode="decimal" prefix={order.currency} data-testid="order-payment-amount" />
            </Form.Item>
            <Form.Item name="paidOn" label={t('orders.payments.paidOn')} required>
              <DatePicker allowClear={false} style={{ width: '100%' }} data-testid="order-payment-paidOn" />
            </Form.Item>
            <Form.Item name="method" label={t('orders.payments.method')} required>
              <Select<PaymentMethod> options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`orders.methods.${m}`) }))} data-testid="order-payment-method" />
            </Form.Item>
            <Form.Item name="reference" label={t('orders.payments.reference')}>
              <Input maxLength={100} data-testid="order-payment-reference" />
            </Form.Item>
          </>
        ) : null}
        {action === 'ship' ? (
          <>
            <Form.Item name="carrier" label={t('orders.fields.carrier')} required rules={[required]}>
              <Input maxLength={100} data-testid="order-ship-carrier" />
            </Form.Item>
            <Form.Item name="trackingNumber" label={t('orders.fields.trackingNumber')} required rules={[required]}>
              <Input maxLength={100} data-testid="order-ship-tracking" />
            </Form.Item>
          </>
        ) : null}
        {action === 'cancel' ? (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('orders.cancel.hint')} />
            <Form.Item name="reason" label={t('orders.cancel.reason')} required rules={[required]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} data-testid="order-cancel-reason" />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
