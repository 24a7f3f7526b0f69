import { useEffect } from 'react';
import { App, Button, Card, Form, InputNumber, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { orderSettings, type OrderSettings } from '../../../../contracts/orders.ts';
import { api } from '../../../app/http.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';

const key = ['settings', 'orders'] as const;

/** 订单设置: how many days after delivery the after-sales follow-up task is due. */
export function OrderSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<OrderSettings>();
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => api<OrderSettings>('/settings/orders', { signal }) });
  useEffect(() => {
    if (query.data) form.setFieldsValue(query.data);
  }, [query.data, form]);
  const save = useMutation({
    mutationFn: (v: OrderSettings) => api<OrderSettings>('/settings/orders', { method: 'PUT', body: v }),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      void message.success(t('orders.settings.saved'));
    },
    onError: (err) => handleError(err, { form }),
  });
  return (
    <Card size="small" title={t('orders.settings.title')} data-testid="settings-orders">
      <Typography.Paragraph type="secondary">{t('orders.settings.hint')}</Typography.Paragraph>
      {query.isPending ? (
        <LoadingState height={80} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Form<OrderSettings> form={form} layout="inline" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="afterSalesDays" label={t('orders.settings.afterSalesDays')} required rules={[zodRule(orderSettings.shape.afterSalesDays, t)]}>
            <InputNumber<number> min={1} max={365} precision={0} suffix={t('cadence.days')} style={{ width: 140 }} data-testid="orders-after-sales-days" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="orders-settings-save">
              {t('common.save')}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}
