import { App, Card, Flex, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { attachmentSettingsKey, getAttachmentSettings, setAttachmentSettings } from '../attachments.api.ts';

/** 附件设置: whether Word, Excel and PowerPoint files with macros may be attached (off by default). */
export function AttachmentSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const query = useQuery({ queryKey: attachmentSettingsKey, queryFn: ({ signal }) => getAttachmentSettings(signal) });
  const save = useMutation({
    mutationFn: setAttachmentSettings,
    onSuccess: (saved) => {
      client.setQueryData(attachmentSettingsKey, saved);
      void message.success(t('attachments.settings.saved'));
    },
    onError: (err) => handleError(err),
  });
  return (
    <Card size="small" title={t('attachments.settings.title')} data-testid="settings-attachments">
      <Typography.Paragraph type="secondary">{t('attachments.settings.hint')}</Typography.Paragraph>
      {query.isPending ? (
        <LoadingState height={80} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Flex vertical gap={4}>
          <Flex gap={8} align="center">
            <Switch
              id="attachments-allow-macros"
              checked={query.data.allowOfficeMacros}
              loading={save.isPending}
              onChange={(checked) => save.mutate({ ...query.data, allowOfficeMacros: checked })}
              data-testid="attachments-allow-macros"
            />
            <label htmlFor="attachments-allow-macros">{t('attachments.settings.allowOfficeMacros')}</label>
          </Flex>
          <Typography.Text type="secondary">{t('attachments.settings.allowOfficeMacrosHint')}</Typography.Text>
        </Flex>
      )}
    </Card>
  );
}
