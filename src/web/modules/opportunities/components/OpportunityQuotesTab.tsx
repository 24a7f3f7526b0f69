import { Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import { api } from '../../../app/http.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { EmptyState, LoadingState } from '../../../ui/StateViews.tsx';

/**
 * The few fields of a quote this tab shows. The quotes module (built separately) owns the full
 * contract; until it is merged this tab reads only these, and shows the empty state whenever
 * `/api/v1/quotes` does not answer 200 (not there yet, or not allowed).
 */
type QuoteRow = { id: string; number: string; status: string; totalFen: number; currency: string; validUntil?: string | null; createdAt: string };

/** 报价单 of one opportunity. Replace with the quotes module's `QuoteList` once it exists. */
export function OpportunityQuotesTab({ opportunityId }: { opportunityId: string }) {
  const { t } = useTranslation();
  const quotes = useQuery({
    queryKey: ['quotes', 'list', { opportunityId }],
    queryFn: ({ signal }) => api<{ items: QuoteRow[] }>('/quotes', { query: { opportunityId }, signal }),
    retry: false,
  });
  if (quotes.isPending) return <LoadingState height={120} />;
  const items = quotes.isSuccess ? (quotes.data.items ?? []) : [];
  if (items.length === 0) return <EmptyState description={t('opportunities.quotes.empty')} />;
  return (
    <Table<QuoteRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      data-testid="opportunity-quotes"
      columns={[
        { key: 'number', title: t('opportunities.quotes.number'), dataIndex: 'number' },
        { key: 'status', title: t('opportunities.quotes.status'), render: (_v, q) => <Tag>{q.status}</Tag> },
        { key: 'total', title: t('opportunities.quotes.total'), align: 'right', render: (_v, q) => formatFen(q.totalFen, q.currency) },
        { key: 'validUntil', title: t('opportunities.quotes.validUntil'), render: (_v, q) => q.validUntil ?? '—' },
        { key: 'createdAt', title: t('opportunities.fields.createdAt'), render: (_v, q) => <DateTime value={q.createdAt} /> },
      ]}
    />
  );
}
