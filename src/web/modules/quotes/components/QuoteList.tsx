import { useState } from 'react';
import { Button, Flex } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LineItem } from '../../../../contracts/sales.ts';
import { useCan } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { listQuotes, quotesKeys } from '../quotes.api.ts';
import { QuoteFormDrawer, type QuoteFormTarget } from './QuoteFormDrawer.tsx';
import { QuoteTable } from './QuoteTable.tsx';

type Props =
  | {
      /** The quotes of one opportunity, with "new quote" (its lines prefilled when given). */
      opportunityId: string;
      opportunityName?: string;
      currency?: string;
      items?: readonly LineItem[];
      /** The opportunity's customer and contact: whose contacts the form offers, and the one it starts with. */
      opportunityCustomerId?: string;
      opportunityContactId?: string | null;
      customerId?: undefined;
    }
  | { customerId: string; opportunityId?: undefined };

/** 报价单 of an opportunity or of a customer: for the opportunity page and the customer page. */
export function QuoteList(props: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const [target, setTarget] = useState<QuoteFormTarget | null>(null);
  const [pageSize, setPageSize] = useState(10);
  const filter = props.opportunityId ? { opportunityId: props.opportunityId } : { customerId: props.customerId };
  const pages = useCursorPages(`${JSON.stringify(filter)}:${pageSize}`);
  const query = { ...filter, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({ queryKey: quotesKeys.list(query), queryFn: ({ signal }) => listQuotes(query, signal), placeholderData: keepPreviousData, enabled: can('quote:read') });
  if (!can('quote:read')) return <EmptyState description={t('quotes.noAccess')} />;
  const create =
    props.opportunityId && can('quote:create')
      ? () =>
          setTarget({
            mode: 'create',
            opportunityId: props.opportunityId,
            opportunityName: props.opportunityName,
            currency: props.currency,
            items: props.items,
            customerId: props.opportunityCustomerId,
            contactId: props.opportunityContactId,
          })
      : null;
  return (
    <Flex vertical gap={12} data-testid="quote-list">
      {create ? (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="quote-create">
            {t('quotes.create')}
          </Button>
        </Flex>
      ) : null}
      <QuoteTable
        list={list}
        pages={pages}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        showCustomer={false}
        showOpportunity={!props.opportunityId}
        empty={<EmptyState description={t('quotes.empty')} action={create ? <Button icon={<PlusOutlined />} onClick={create}>{t('quotes.create')}</Button> : null} />}
      />
      <QuoteFormDrawer target={target} onClose={() => setTarget(null)} />
    </Flex>
  );
}
