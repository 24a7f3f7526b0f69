import { Alert, Descriptions, Drawer, Flex, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { formatBytes } from '../../attachments/format.ts';
import { getOutboxMail, mailKeys } from '../mail.api.ts';
import { MailStatusTag } from './MailStatusTag.tsx';

/**
 * One mail of the outbox with its text. The HTML version is not rendered (it is not ours to
 * trust in the admin's session); the plain text says the same.
 */
export function OutboxMailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const mail = useQuery({
    queryKey: mailKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getOutboxMail(id ?? '', signal),
    enabled: !!id,
  });
  const m = mail.data;
  return (
    <Drawer open={!!id} onClose={onClose} title={m?.subject ?? t('outbox.detailTitle')} size={640} destroyOnHidden data-testid="outbox-mail">
      {mail.isPending ? (
        <LoadingState />
      ) : mail.isError ? (
        <ErrorState error={mail.error} onRetry={() => void mail.refetch()} />
      ) : m ? (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('outbox.columns.to')}>
              <span data-testid="outbox-mail-to">{m.to}</span>
            </Descriptions.Item>
            {m.cc.length > 0 ? (
              <Descriptions.Item label={t('outbox.columns.cc')}>
                <span data-testid="outbox-mail-cc">{m.cc.join(', ')}</span>
              </Descriptions.Item>
            ) : null}
            {m.attachments.length > 0 ? (
              <Descriptions.Item label={t('outbox.columns.attachments')}>
                <Flex vertical data-testid="outbox-mail-attachments">
                  {m.attachments.map((a, i) => (
                    <span key={i}>
                      <PaperClipOutlined /> {a.fileName} <Typography.Text type="secondary">({formatBytes(a.size)})</Typography.Text>
                    </span>
                  ))}
                </Flex>
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('outbox.columns.subject')}>{m.subject}</Descriptions.Item>
            <Descriptions.Item label={t('outbox.columns.createdAt')}>
              <DateTime value={m.createdAt} withSeconds />
            </Descriptions.Item>
            <Descriptions.Item label={t('outbox.columns.status')}>
              <MailStatusTag status={m.status} /> <Typography.Text type="secondary">{t('outbox.attempts', { n: m.attempts })}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('outbox.columns.sentAt')}>
              <DateTime value={m.sentAt} withSeconds />
            </Descriptions.Item>
            {m.lastError ? (
              <Descriptions.Item label={t('outbox.columns.error')}>
                <Typography.Text type="danger">{m.lastError}</Typography.Text>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Typography.Title level={5}>{t('outbox.body')}</Typography.Title>
          <pre className="kehu-mail-text" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'inherit', margin: 0 }} data-testid="outbox-mail-text">
            {m.text}
          </pre>
          {m.html ? <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('outbox.htmlNote')} /> : null}
        </>
      ) : null}
    </Drawer>
  );
}
