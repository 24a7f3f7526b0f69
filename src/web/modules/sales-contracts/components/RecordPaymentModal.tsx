import { useEffect } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ContractDetail } from '../../../../contracts/sales-contracts.ts';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../../contracts/sales.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { emptyToNull } from '../../../app/validation.ts';
import { withTestId } from '../../../ui/testId.ts';
import { contractsKeys, recordPayment } from '../sales-contracts.api.ts';
import { yuanToFen } from '../contractForm.ts';

type Values = { paidOn: Dayjs; amountYuan: string | null; method: PaymentMethod; reference?: string; notes?: string; installmentId?: string | null };

/** 登记回款: the amount in yuan (at most what is outstanding), matched by the server to the plan. */
export function RecordPaymentModal({ contract, open, onClose }: { contract: ContractDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<Values>();
  const max = contract.installments.length > 0 ? Math.min(contract.amountFen - contract.receivedFen, contract.installments.reduce((s, i) => s + i.outstandingFen, 0)) : contract.amountFen - contract.receivedFen;

  useEffect(() => {
    if (open) form.setFieldsValue({ paidOn: dayjs(), amountYuan: null, method: 'bank_transfer', reference: '', notes: '', installmentId: null });
  }, [open, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      recordPayment(contract.id, {
        paidOn: v.paidOn.format('YYYY-MM-DD'),
        amountFen: yuanToFen(v.amountYuan) ?? 0,
        method: v.method,
        reference: emptyToNull(v.reference),
        notes: emptyToNull(v.notes),
        installmentId: v.installmentId ?? null,
      }),
    onSuccess: (updated) => {
      client.setQueryData(contractsKeys.detail(contract.id), updated);
      void client.invalidateQueries({ queryKey: contractsKeys.all });
      void message.success(t('contracts.payments.recorded'));
      onClose();
    },
    onError: (err) => handleError(err, { form, fieldMap: { amountFen: 'amountYuan' } }),
  });

  return (
    <Modal
      open={open}
      title={t('contracts.payments.recordTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={withTestId({ loading: save.isPending }, 'payment-submit')}
      destroyOnHidden
      data-testid="payment-modal"
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="paidOn" label={t('contracts.payments.paidOn')} rules={[{ required: true, message: t('validation.required') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="payment-paidOn" />
        </Form.Item>
        <Form.Item
          name="amountYuan"
          label={t('contracts.payments.amount')}
          extra={t('contracts.payments.max', { max: formatFen(Math.max(0, max), contract.currency) })}
          rules={[
            {
              validator: async (_r, value: string | null) => {
                const fen = yuanToFen(value);
                if (fen === null || fen <= 0) throw new Error(t('validation.required'));
                if (fen > max) throw new Error(t('contracts.payments.max', { max: formatFen(Math.max(0, max), contract.currency) }));
              },
            },
          ]}
        >
          <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} data-testid="payment-amount" />
        </Form.Item>
        <Form.Item name="method" label={t('contracts.payments.method')}>
          <Select options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`contracts.methods.${m}`) }))} data-testid="payment-method" />
        </Form.Item>
        {contract.installments.length > 0 ? (
          <Form.Item name="installmentId" label={t('contracts.payments.installment')}>
            <Select<string>
              allowClear
              placeholder={t('contracts.payments.installmentAuto')}
              options={contract.installments
                .filter((i) => i.outstandingFen > 0)
                .map((i) => ({ value: i.id, label: `${i.dueOn} · ${formatFen(i.outstandingFen, contract.currency)}` }))}
              data-testid="payment-installment"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="reference" label={t('contracts.payments.reference')}>
          <Input maxLength={100} data-testid="payment-reference" />
        </Form.Item>
        <Form.Item name="notes" label={t('contracts.payments.notes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
