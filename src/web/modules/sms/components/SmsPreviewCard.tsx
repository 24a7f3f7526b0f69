import { useState } from 'react';
import { Card, Flex, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SmsSend } from '../../../../contracts/sms.ts';
import { useCan } from '../../../app/session.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { segmentRecords, segmentsKeys } from '../../segments/segments.api.ts';
import { useSmsPreview, type SmsPreviewQuery } from '../sms.api.ts';
import { SmsBubble } from './SmsFormDrawer.tsx';

/** `contact:<id>`, `lead:<id>` or '' (sample values) as the preview's query. */
function recipientQuery(value: string): SmsPreviewQuery {
  const [kind, id] = value.split(':');
  if (kind === 'contact' && id) return { contactId: id };
  if (kind === 'lead' && id) return { leadId: id };
  return {};
}

/** 短信预览: the message as the server renders it (authoritative) — sample values or a record of the audience — with its length and billed parts. */
export function SmsPreviewCard({ send }: { send: SmsSend }) {
  const { t } = useTranslation();
  const can = useCan();
  const [who, setWho] = useState('');
  const preview = useSmsPreview(send.id, recipientQuery(who), send.version);
  const records = useQuery({
    queryKey: [...segmentsKeys.records(send.segmentId ?? '', 20)],
    queryFn: ({ signal }) => segmentRecords(send.segmentId ?? '', 20, signal),
    enabled: !!send.segmentId && can('segment:read'),
  });
  const people = (records.data?.items ?? []).filter((r) => r.entity !== 'customer');
  const p = preview.data;

  return (
    <Card title={t('sms.preview.title')} data-testid="sms-preview">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 4 }}>
        <Select<string>
          value={who}
          onChange={setWho}
          style={{ width: 260 }}
          options={[{ value: '', label: t('sms.preview.sample') }, ...people.map((r) => ({ value: `${r.entity}:${r.id}`, label: r.companyName ? `${r.name} · ${r.companyName}` : r.name }))]}
          data-testid="sms-preview-recipient"
        />
        <Typography.Text type="secondary">{t('sms.preview.optOutHint')}</Typography.Text>
      </Flex>
      {preview.isPending ? (
        <LoadingState height={120} />
      ) : preview.isError || !p ? (
        <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
      ) : (
        <SmsBubble text={p.text} length={p.length} parts={p.parts} testId="sms-preview" />
      )}
    </Card>
  );
}
