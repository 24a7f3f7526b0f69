import { useState } from 'react';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { CheckOutlined, CopyOutlined, ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LeadForm } from '../../../../contracts/lead-forms.ts';
import { copyText } from '../../../ui/clipboard.ts';
import { embedSnippet, publicUrl } from '../formBuilder.ts';

/** 发布与嵌入: the public link, 打开表单 once published, and the iframe code with a copy button. */
export function EmbedCard({ form }: { form: LeadForm }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'idle' | 'ok' | 'failed'>('idle');
  const origin = window.location.origin;
  const url = publicUrl(origin, form.slug);
  const snippet = embedSnippet(origin, form.slug);
  const published = form.status === 'published';
  return (
    <Card title={t('leadForms.embed.title')} data-testid="lead-form-embed">
      <Flex vertical gap={12}>
        {!published ? <Alert type="info" showIcon title={form.status === 'closed' ? t('leadForms.embed.closedHint') : t('leadForms.embed.draftHint')} /> : null}
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{t('leadForms.fields.link')}</Typography.Text>
          <Typography.Text copyable={{ text: url }} data-testid="lead-form-public-url">
            {url}
          </Typography.Text>
          {published ? (
            <Button icon={<ExportOutlined />} href={url} target="_blank" rel="noopener" data-testid="lead-form-open">
              {t('leadForms.embed.open')}
            </Button>
          ) : null}
        </Flex>
        <Typography.Text strong>{t('leadForms.embed.snippet')}</Typography.Text>
        <Flex gap={8} align="stretch">
          <div className="kehu-secret-box" style={{ flex: 1 }} data-testid="lead-form-snippet">
            {snippet}
          </div>
          <Button
            icon={copied === 'ok' ? <CheckOutlined /> : <CopyOutlined />}
            onClick={() => void copyText(snippet).then((ok) => setCopied(ok ? 'ok' : 'failed'))}
            data-testid="lead-form-snippet-copy"
          >
            {copied === 'ok' ? t('common.copied') : t('common.copy')}
          </Button>
        </Flex>
        {copied === 'failed' ? <Typography.Text type="danger">{t('common.copyFailed')}</Typography.Text> : null}
        <Typography.Text type="secondary">
          {form.allowedOrigins.length ? t('leadForms.embed.originsHint', { origins: form.allowedOrigins.join(', ') }) : t('leadForms.embed.noOriginsHint')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
