import { useState } from 'react';
import { Alert, Button, Flex, Typography } from 'antd';
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { copyText } from './clipboard.ts';

type Props = {
  value: string;
  warning: string;
  testId: string;
};

/** A secret the server shows once (temporary password, API token) with a copy button. */
export function SecretReveal({ value, warning, testId }: Props) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'idle' | 'ok' | 'failed'>('idle');
  return (
    <Flex vertical gap={12}>
      <Alert type="warning" showIcon title={warning} />
      <Flex gap={8} align="stretch">
        <div className="kehu-secret-box" data-testid={testId}>
          {value}
        </div>
        <Button
          type="primary"
          icon={copied === 'ok' ? <CheckOutlined /> : <CopyOutlined />}
          data-testid={`${testId}-copy`}
          onClick={() => {
            void copyText(value).then((ok) => setCopied(ok ? 'ok' : 'failed'));
          }}
        >
          {copied === 'ok' ? t('common.copied') : t('common.copy')}
        </Button>
      </Flex>
      {copied === 'failed' ? <Typography.Text type="danger">{t('common.copyFailed')}</Typography.Text> : null}
    </Flex>
  );
}
