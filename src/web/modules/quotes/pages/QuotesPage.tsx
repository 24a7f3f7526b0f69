import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Quote } from '../../../../contracts/quotes.ts';
import { QUOTE_STATUSES, type QuoteStatus } from '../../../../contracts/sales.ts';
import { ListPage } from '../../../ui/ListPage.tsx';
import { oneOf } from '../../../ui/listParams.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useListPage } from '../../../ui/useListPage.ts';
import { useQuoteColumns } from '../components/QuoteTable.tsx';
import { listQuotes, quotesKeys } from '../quotes.api.ts';

// customerId and opportunityId have no control here; a shared link may carry them, and they count as filters.
const FILTER_KEYS = ['q', 'status', 'customerId', 'opportunityId'] as const;

/** 报价单: every quote of the opportunities in my scope; filters in the URL. */
export function QuotesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('quotes.title'));
  const state = useListPage({
    filterKeys: FILTER_KEYS,
    parse: (values) => ({ q: values.q || undefined, status: oneOf(QUOTE_STATUSES, values.status), customerId: values.customerId, opportunityId: values.opportunityId }),
    queryKey: quotesKeys.list,
    fetch: listQuotes,
  });
  const columns = useQuoteColumns();

  return (
    <ListPage<Quote>
      state={state}
      testId="quote"
      title={t('quotes.title')}
      description={t('quotes.pageHint')}
      search={{ placeholder: t('quotes.searchPlaceholder') }}
      filters={
        <Select<QuoteStatus>
          value={state.filter.status}
          onChange={(v) => state.setFilters({ status: v })}
          placeholder={t('quotes.filterStatus')}
          allowClear
          style={{ width: 130 }}
          options={QUOTE_STATUSES.map((s) => ({ value: s, label: t(`quotes.statuses.${s}`) }))}
          data-testid="quote-filter-status"
        />
      }
      columns={columns}
      table={{ scroll: { x: 900 }, rowTestId: (q) => `quote-row-${q.id}` }}
      empty={{ description: t('quotes.emptyAll'), filteredDescription: t('quotes.emptyFiltered') }}
    />
  );
}
