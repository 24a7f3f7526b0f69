import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { copyText } from '../../../ui/clipboard.ts';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { getSmsSettings, smsKeys } from '../sms.api.ts';

/** 短信服务 (read-only): the provider in use and the push URL to paste into its console for receipts and opt-out replies. */
export function SmsSettingsCard() {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const query = useQuery({ queryKey: smsKeys.settings, queryFn: ({ signal }) => getSmsSettings(signal) });
  const d = query.data;
  return (
    <Card size="small" title={t('sms.settings.title')} data-testid="settings-sms">
      <Typography.Paragraph type="secondary">{t('sms.settings.hint')}</Typography.Paragraph>
      {query.isPending ? (
        <LoadingState height={80} />
      ) : query.isError || !d ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'provider',
                label: t('sms.settings.provider'),
                children: (
                  <Tag color={d.provider === 'aliyun' ? 'blue' : 'warning'} data-testid="settings-sms-provider" data-provider={d.provider}>
                    {t(`sms.settings.${d.provider}`)}
                  </Tag>
                ),
              },
              {
                key: 'pushUrl',
                label: t('sms.settings.pushUrl'),
                children: (
                  <Flex gap={8} align="center" wrap>
                    <Typography.Text code copyable={false} style={{ wordBreak: 'break-all' }} data-testid="settings-sms-push-url">
                      {d.pushUrl}
                    </Typography.Text>
                    <Button size="small" icon={<CopyOutlined />} onClick={() => void copyText(d.pushUrl).then((ok) => setCopied(ok ? 'ok' : 'failed'))} data-testid="settings-sms-copy">
                      {copied === 'ok' ? t('sms.settings.copied') : t('sms.settings.copy')}
                    </Button>
                  </Flex>
                ),
              },
            ]}
          />
          {copied === 'failed' ? <Typography.Text type="danger">{t('sms.settings.copyFailed')}</Typography.Text> : null}
          {d.provider === 'log' ? <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('sms.settings.logHint')} /> : null}
        </>
      )}
    </Card>
  );
}
