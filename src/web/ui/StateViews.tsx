import type { ReactNode } from 'react';
import { Button, Empty, Flex, Result, Spin } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useErrorHandling } from './errorHandling.tsx';

export function LoadingState({ tip, height = 240 }: { tip?: ReactNode; height?: number }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" vertical gap={12} style={{ minHeight: height }} data-testid="loading-state">
      <Spin size="large" />
      <span style={{ color: 'rgba(0,0,0,0.45)' }}>{tip ?? t('common.loading')}</span>
    </Flex>
  );
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: ReactNode }) {
  const { t } = useTranslation();
  const described = useErrorHandling().describe(error);
  const status = described.status;
  const resultStatus = status === 403 ? '403' : status === 404 ? '404' : status >= 500 ? '500' : 'warning';
  return (
    <Result
      data-testid="error-state"
      status={resultStatus}
      title={title ?? (status === 403 ? t('errors.forbiddenTitle') : t('errors.loadFailed'))}
      subTitle={described.message}
      extra={
        onRetry ? (
          <Button icon={<ReloadOutlined />} onClick={onRetry} data-testid="error-retry">
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}

export function EmptyState({ description, action }: { description: ReactNode; action?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} data-testid="empty-state">
      {action}
    </Empty>
  );
}
