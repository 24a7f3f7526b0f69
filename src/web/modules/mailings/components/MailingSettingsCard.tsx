import { useEffect } from 'react';
import { App, Button, Card, Form, InputNumber, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { mailingSettings, type MailingSettings } from '../../../../contracts/mailings.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { getMailingSettings, mailingsKeys, saveMailingSettings } from '../mailings.api.ts';

/** 邮件群发设置: how many mails a second at most, over how many SMTP connections. */
export function MailingSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<MailingSettings>();
  const query = useQuery({ queryKey: mailingsKeys.settings, queryFn: ({ signal }) => getMailingSettings(signal) });
  useEffect(() => {
    if (query.data) form.setFieldsValue(query.data);
  }, [query.data, form]);
  const save = useMutation({
    mutationFn: (v: MailingSettings) => saveMailingSettings(v),
    onSuccess: (saved) => {
      client.setQueryData(mailingsKeys.settings, saved);
      void message.success(t('mailings.settings.saved'));
    },
    onError: (err) => handleError(err, { form }),
  });
  return (
    <Card size="small" title={t('mailings.settings.title')} data-testid="settings-mailings">
      <Typography.Paragraph type="secondary">{t('mailings.settings.hint')}</Typography.Paragraph>
      {query.isPending ? (
        <LoadingState height={80} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Form<MailingSettings> form={form} layout="inline" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="ratePerSecond" label={t('mailings.settings.ratePerSecond')} required rules={[zodRule(mailingSettings.shape.ratePerSecond, t)]}>
            <InputNumber<number> min={1} max={5000} precision={0} suffix={t('mailings.settings.perSecond')} style={{ width: 160 }} data-testid="mailings-rate" />
          </Form.Item>
          <Form.Item name="concurrency" label={t('mailings.settings.concurrency')} required rules={[zodRule(mailingSettings.shape.concurrency, t)]}>
            <InputNumber<number> min={1} max={50} precision={0} style={{ width: 120 }} data-testid="mailings-concurrency" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="mailings-settings-save">
              {t('common.save')}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}
