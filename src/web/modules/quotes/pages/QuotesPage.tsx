import { Button, Card, Select } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QUOTE_STATUSES, type QuoteStatus } from '../../../../contracts/sales.ts';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { asPageSize, oneOf } from '../../../ui/listParams.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { SearchInput } from '../../../ui/SearchInput.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { QuoteTable } from '../components/QuoteTable.tsx';
import { listQuotes, quotesKeys, type QuoteListQuery } from '../quotes.api.ts';

const URL_KEYS = ['q', 'status', 'customerId', 'opportunityId', 'size'] as const;
const DEFAULT_SIZE = 20;

/** 报价单: every quote of the opportunities in my scope; filters in the URL. */
export function QuotesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('quotes.title'));
  const { values, setFilters, clearFilters } = useUrlFilters(URL_KEYS);
  const filter = { q: values.q, status: oneOf(QUOTE_STATUSES, values.status), customerId: values.customerId, opportunityId: values.opportunityId };
  const pageSize = asPageSize(values.size, DEFAULT_SIZE);
  const pages = useCursorPages(JSON.stringify({ ...filter, pageSize }));
  const query: QuoteListQuery = { ...filter, limit: pageSize, cursor: pages.cursor };
  const hasFilters = Object.values(filter).some(Boolean);
  const list = useQuery({ queryKey: quotesKeys.list(query), queryFn: ({ signal }) => listQuotes(query, signal), placeholderData: keepPreviousData });

  return (
    <PageContainer title={t('quotes.title')} description={t('quotes.pageHint')}>
      <Card>
        <FilterBar
          extra={
            hasFilters ? (
              <Button onClick={clearFilters} data-testid="quote-filter-reset">
                {t('common.clearFilters')}
              </Button>
            ) : null
          }
        >
          <SearchInput value={values.q ?? ''} onCommit={(v) => setFilters({ q: v })} placeholder={t('quotes.searchPlaceholder')} style={{ width: 240 }} data-testid="quote-filter-q" />
          <Select<QuoteStatus>
            value={filter.status}
            onChange={(v) => setFilters({ status: v })}
            placeholder={t('quotes.filterStatus')}
            allowClear
            style={{ width: 130 }}
            options={QUOTE_STATUSES.map((s) => ({ value: s, label: t(`quotes.statuses.${s}`) }))}
            data-testid="quote-filter-status"
          />
        </FilterBar>
        <QuoteTable
          list={list}
          pages={pages}
          pageSize={pageSize}
          onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
          empty={<EmptyState description={hasFilters ? t('quotes.emptyFiltered') : t('quotes.emptyAll')} />}
        />
      </Card>
    </PageContainer>
  );
}
