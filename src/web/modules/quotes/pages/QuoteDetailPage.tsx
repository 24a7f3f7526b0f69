import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined, CloseOutlined, DeleteOutlined, EditOutlined, FilePdfOutlined, SendOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import { QUOTE_TRANSITIONS, type QuoteDetail } from '../../../../contracts/quotes.ts';
import type { LineItem } from '../../../../contracts/sales.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { QuoteStatusTag } from '../components/quoteBits.tsx';
import { QuoteFormDrawer, type QuoteFormTarget } from '../components/QuoteFormDrawer.tsx';
import { SendQuoteModal } from '../components/SendQuoteModal.tsx';
import { createOrder } from '../../orders/orders.api.ts';
import { deleteQuote, getQuote, getQuoteLetterhead, moveQuote, quotePdfUrl, quotesKeys, type QuoteAction } from '../quotes.api.ts';

const ACTION_STATUS: Record<QuoteAction, 'accepted' | 'rejected'> = { accept: 'accepted', reject: 'rejected' };

/** 报价单详情: lines, totals, status actions (sending in its own dialog), the PDF, the order made from it. */
export function QuoteDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [target, setTarget] = useState<QuoteFormTarget | null>(null);
  const [sending, setSending] = useState(false);
  const query = useQuery({ queryKey: quotesKeys.detail(id), queryFn: ({ signal }) => getQuote(id, signal) });
  // Without 公司信息 the PDF's letterhead reads “Kehu”: said here, before it reaches a customer.
  const letterhead = useQuery({ queryKey: quotesKeys.letterhead, queryFn: ({ signal }) => getQuoteLetterhead(signal), staleTime: 60_000 });
  const quote = query.data;
  useDocumentTitle(quote ? `${quote.number} ${quote.title}` : t('quotes.title'));

  const move = useMutation({
    mutationFn: ({ q, action }: { q: QuoteDetail; action: QuoteAction }) => moveQuote(q.id, action, q.version),
    onSuccess: (saved, { action }) => {
      client.setQueryData(quotesKeys.detail(saved.id), saved);
      void client.invalidateQueries({ queryKey: quotesKeys.all });
      void message.success(t(`quotes.moved.${action}`, { number: saved.number }));
    },
    onError: (err) => handleError(err, { conflictKeys: [quotesKeys.detail(id)] }),
  });
  // 生成订单: the server copies the accepted quote's lines; the new order opens for confirming.
  const toOrder = useMutation({
    mutationFn: (q: QuoteDetail) => createOrder({ quoteId: q.id }),
    onSuccess: (order) => {
      void client.invalidateQueries({ queryKey: quotesKeys.detail(id) });
      void message.success(t('quotes.orderCreated', { number: order.number }));
      void navigate(`/orders/${order.id}`);
    },
    onError: (err) => {
      // Made meanwhile (another tab, a colleague): the page then shows the order instead.
      void client.invalidateQueries({ queryKey: quotesKeys.detail(id) });
      handleError(err);
    },
  });
  const remove = useMutation({
    mutationFn: (q: QuoteDetail) => deleteQuote(q.id),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: quotesKeys.all });
      void message.success(t('quotes.deleted'));
      void navigate('/quotes');
    },
    onError: (err) => handleError(err),
  });

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const q = query.data;
  const allowed = QUOTE_TRANSITIONS[q.status];
  const mayUpdate = can('quote:update');
  const confirm = (action: QuoteAction) =>
    modal.confirm({
      title: t(`quotes.confirm.${action}Title`, { number: q.number }),
      content: t(`quotes.confirm.${action}Body`),
      okText: t(`quotes.actions.${action}`),
      okButtonProps: withTestId({ danger: action === 'reject' }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => move.mutateAsync({ q, action }).catch(() => undefined),
    });

  const columns: TableColumnsType<LineItem> = [
    { key: 'index', title: t('quotes.fields.index'), width: 56, render: (_v, _l, i) => i + 1 },
    {
      key: 'product',
      title: t('quotes.fields.product'),
      render: (_v, l) => (
        <Flex vertical>
          <span>{l.name}</span>
          {l.sku ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.sku}</Typography.Text> : null}
        </Flex>
      ),
    },
    { key: 'quantity', title: t('quotes.fields.quantity'), width: 90, align: 'right', render: (_v, l) => l.quantity },
    { key: 'unit', title: t('quotes.fields.unit'), width: 70, render: (_v, l) => l.unit ?? '' },
    { key: 'unitPrice', title: t('quotes.fields.unitPrice'), width: 120, align: 'right', render: (_v, l) => formatFen(l.unitPriceFen) },
    { key: 'discount', title: t('quotes.fields.discountPercent'), width: 80, align: 'right', render: (_v, l) => `${l.discountPercent}%` },
    { key: 'tax', title: t('quotes.fields.taxRatePercent'), width: 80, align: 'right', render: (_v, l) => `${l.taxRatePercent}%` },
    { key: 'total', title: t('quotes.fields.lineTotal'), width: 130, align: 'right', render: (_v, l) => formatFen(l.totalFen) },
  ];

  return (
    <PageContainer
      title={
        <Space>
          {q.number}
          <QuoteStatusTag status={q.status} />
        </Space>
      }
      description={q.title}
      extra={
        <Space wrap>
          <Button icon={<FilePdfOutlined />} href={quotePdfUrl(q.id)} target="_blank" rel="noopener" data-testid="quote-pdf">
            {t('quotes.downloadPdf')}
          </Button>
          {mayUpdate && q.status === 'draft' ? (
            <Button icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', quote: q })} data-testid="quote-edit">
              {t('common.edit')}
            </Button>
          ) : null}
          {can('quote:delete') && q.status === 'draft' ? (
            <Button
              danger
              icon={<DeleteOutlined />}
              onClick={() =>
                modal.confirm({
                  title: t('quotes.confirm.deleteTitle', { number: q.number }),
                  okText: t('common.delete'),
                  okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                  cancelText: t('common.cancel'),
                  onOk: () => remove.mutateAsync(q).catch(() => undefined),
                })
              }
              data-testid="quote-delete"
            >
              {t('common.delete')}
            </Button>
          ) : null}
          {mayUpdate && allowed.includes('sent') ? (
            <Button type="primary" icon={<SendOutlined />} onClick={() => setSending(true)} data-testid="quote-send">
              {t('quotes.actions.send')}
            </Button>
          ) : null}
          {q.status === 'accepted' && q.order ? (
            <Link to={`/orders/${q.order.id}`} data-testid="quote-order">
              <Button icon={<ShoppingCartOutlined />}>{t('quotes.orderLink', { number: q.order.number })}</Button>
            </Link>
          ) : null}
          {q.status === 'accepted' && !q.order && can('order:create') ? (
            <Button type="primary" icon={<ShoppingCartOutlined />} loading={toOrder.isPending} onClick={() => toOrder.mutate(q)} data-testid="quote-create-order">
              {t('quotes.createOrder')}
            </Button>
          ) : null}
          {mayUpdate && allowed.includes(ACTION_STATUS.accept) ? (
            <Button type="primary" icon={<CheckOutlined />} loading={move.isPending} onClick={() => confirm('accept')} data-testid="quote-accept">
              {t('quotes.actions.accept')}
            </Button>
          ) : null}
          {mayUpdate && allowed.includes(ACTION_STATUS.reject) ? (
            <Button danger icon={<CloseOutlined />} loading={move.isPending} onClick={() => confirm('reject')} data-testid="quote-reject">
              {t('quotes.actions.reject')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Flex vertical gap={16}>
        {letterhead.data && !letterhead.data.configured ? (
          <Alert
            type="warning"
            showIcon
            data-testid="quote-letterhead-warning"
            title={t('quotes.letterhead.missing', { name: letterhead.data.companyName })}
            description={can('setting:update') ? <Link to="/admin/company">{t('quotes.letterhead.fix')}</Link> : t('quotes.letterhead.askAdmin')}
          />
        ) : null}
        <Card size="small">
          <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
            <Descriptions.Item label={t('quotes.fields.customer')}>
              <Link to={`/customers/${q.customerId}`}>{q.customerName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('quotes.fields.opportunity')}>{q.opportunityName}</Descriptions.Item>
            <Descriptions.Item label={t('quotes.fields.contact')}>
              <span data-testid="quote-contact">{q.contactName ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('quotes.fields.quoteDate')}>{q.quoteDate}</Descriptions.Item>
            <Descriptions.Item label={t('quotes.fields.validUntil')}>{q.validUntil}</Descriptions.Item>
            <Descriptions.Item label={t('quotes.fields.owner')}>{q.ownerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('quotes.fields.sentAt')}>
              <DateTime value={q.sentAt} empty="—" />
            </Descriptions.Item>
            <Descriptions.Item label={t('quotes.fields.decidedAt')}>
              <DateTime value={q.decidedAt} empty="—" />
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t('quotes.fields.items')}>
          <Table<LineItem> rowKey="id" size="small" pagination={false} columns={columns} dataSource={q.items} scroll={{ x: 760 }} data-testid="quote-items" />
          <Flex vertical align="end" gap={2} style={{ marginTop: 12 }} data-testid="quote-totals">
            <span>
              {t('quotes.fields.subtotal')}：{formatFen(q.subtotalFen, q.currency)}
            </span>
            <span>
              {t('quotes.fields.discount')}：-{formatFen(q.discountFen, q.currency)}
            </span>
            <span>
              {t('quotes.fields.tax')}：{formatFen(q.taxFen, q.currency)}
            </span>
            <Typography.Text strong style={{ fontSize: 16 }} data-testid="quote-total">
              {t('quotes.fields.total')}：{formatFen(q.totalFen, q.currency)}
            </Typography.Text>
          </Flex>
        </Card>
        {q.terms || q.notes ? (
          <Card size="small">
            <Descriptions column={1} size="small">
              {q.terms ? <Descriptions.Item label={t('quotes.fields.terms')}><span style={{ whiteSpace: 'pre-wrap' }}>{q.terms}</span></Descriptions.Item> : null}
              {q.notes ? <Descriptions.Item label={t('quotes.fields.notes')}><span style={{ whiteSpace: 'pre-wrap' }}>{q.notes}</span></Descriptions.Item> : null}
            </Descriptions>
          </Card>
        ) : null}
      </Flex>
      <QuoteFormDrawer target={target} onClose={() => setTarget(null)} />
      <SendQuoteModal quote={q} open={sending} onClose={() => setSending(false)} />
    </PageContainer>
  );
}
