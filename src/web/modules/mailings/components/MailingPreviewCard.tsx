import { useState } from 'react';
import { App, Button, Card, Descriptions, Flex, Input, Segmented, Select, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Mailing, VariantKey } from '../../../../contracts/mailings.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCurrentUser, useCan } from '../../../app/session.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { segmentRecords, segmentsKeys } from '../../segments/segments.api.ts';
import { sendTestMail, usePreview, type PreviewQuery } from '../mailings.api.ts';

/** `contact:<id>`, `lead:<id>` or '' (sample values) as the preview's query. */
function recipientQuery(value: string): Pick<PreviewQuery, 'contactId' | 'leadId'> {
  const [kind, id] = value.split(':');
  if (kind === 'contact' && id) return { contactId: id };
  if (kind === 'lead' && id) return { leadId: id };
  return {};
}

/**
 * 预览: the mail as the server renders it — for sample values or a record of the audience, in a
 * subject variant — shown in a sandboxed frame (never in the page), and a test mail to myself.
 */
export function MailingPreviewCard({ mailing }: { mailing: Mailing }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const me = useCurrentUser();
  const handleError = useApiErrorHandler();
  const [who, setWho] = useState('');
  const [variant, setVariant] = useState<VariantKey>('A');
  const [testTo, setTestTo] = useState('');
  const query: PreviewQuery = { ...recipientQuery(who), variant };
  const preview = usePreview(mailing.id, query, mailing.version);
  const records = useQuery({
    queryKey: [...segmentsKeys.records(mailing.segmentId ?? '', 20)],
    queryFn: ({ signal }) => segmentRecords(mailing.segmentId ?? '', 20, signal),
    enabled: !!mailing.segmentId && can('segment:read'),
  });
  const people = (records.data?.items ?? []).filter((r) => r.entity !== 'customer');

  const test = useMutation({
    mutationFn: () => sendTestMail(mailing.id, { ...recipientQuery(who), variant, ...(testTo.trim() ? { to: testTo.trim() } : {}) }),
    onSuccess: (res) => void message.success(t(res.queued ? 'mailings.preview.testQueued' : 'mailings.preview.testSent', { to: res.to })),
    onError: (err) => handleError(err),
  });

  const p = preview.data;
  return (
    <Card title={t('mailings.preview.title')} data-testid="mailing-preview">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Select<string>
          value={who}
          onChange={setWho}
          style={{ width: 260 }}
          options={[
            { value: '', label: t('mailings.preview.sample') },
            ...people.map((r) => ({ value: `${r.entity}:${r.id}`, label: r.companyName ? `${r.name} · ${r.companyName}` : r.name })),
          ]}
          data-testid="mailing-preview-recipient"
        />
        {mailing.subjects.length > 1 ? (
          <Segmented<VariantKey> value={variant} onChange={setVariant} options={mailing.subjects.map((s) => ({ value: s.key, label: s.key }))} data-testid="mailing-preview-variant" />
        ) : null}
        {can('mailing:update') ? (
          <Flex gap={8} wrap style={{ marginInlineStart: 'auto' }}>
            <Input value={testTo} onChange={(e) => setTestTo(e.target.value)} placeholder={me.email ?? t('mailings.preview.testToPlaceholder')} style={{ width: 220 }} data-testid="mailing-test-to" />
            <Button icon={<SendOutlined />} loading={test.isPending} onClick={() => test.mutate()} data-testid="mailing-test-send">
              {t('mailings.preview.sendTest')}
            </Button>
          </Flex>
        ) : null}
      </Flex>
      {preview.isPending ? (
        <LoadingState height={200} />
      ) : preview.isError || !p ? (
        <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 8 }}
            items={[
              { key: 'to', label: t('mailings.preview.to'), children: <span data-testid="mailing-preview-to">{p.sample ? t('mailings.preview.sampleTo') : (p.to ?? '—')}</span> },
              { key: 'subject', label: t('mailings.preview.subject'), children: <Typography.Text strong data-testid="mailing-preview-subject">{p.subject}</Typography.Text> },
            ]}
          />
          <iframe
            title={t('mailings.preview.frameTitle')}
            sandbox=""
            srcDoc={p.html}
            style={{ width: '100%', height: 480, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }}
            data-testid="mailing-preview-frame"
          />
        </>
      )}
    </Card>
  );
}
