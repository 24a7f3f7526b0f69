import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Breadcrumb, Button, Card, Descriptions, Flex, Space, Steps, Table, Typography } from 'antd';
import type { DescriptionsProps, StepsProps } from 'antd';
import { CarOutlined, CheckCircleOutlined, CheckOutlined, CloseCircleOutlined, DeleteOutlined, DollarOutlined, EditOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import type { Order, OrderPayment, OrderStatusChange } from '../../../../contracts/orders.ts';
import type { LineItem, OrderStatus } from '../../../../contracts/sales.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime, formatDateTime } from '../../../ui/DateTime.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { OrderActionModal, type OrderAction } from '../components/OrderActionModal.tsx';
import { OrderFormDrawer } from '../components/OrderFormDrawer.tsx';
import { OrderStatusTag, useOrderInvalidation } from '../components/orderBits.tsx';
import { deleteOrder, getOrder, ordersKeys, transitionOrder } from '../orders.api.ts';

/** The main path of an order, as the stepper shows it. */
const PATH: readonly OrderStatus[] = ['created', 'confirmed', 'paid', 'shipped', 'delivered', 'completed'];
const STAMP: Record<OrderStatus, keyof Order | null> = { created: 'createdAt', confirmed: 'confirmedAt', paid: 'paidAt', shipped: 'shippedAt', delivered: 'deliveredAt', completed: 'completedAt', cancelled: 'cancelledAt' };

function Empty() {
  return <span className="kehu-muted">—</span>;
}

function StatusStepper({ order }: { order: Order }) {
  const { t } = useTranslation();
  // A state reached is done (its step ticked); the next one is what the order waits for.
  let current = PATH.indexOf(order.status);
  let status: StepsProps['status'] = 'finish';
  if (order.status === 'cancelled') {
    // Cancelled after the last state it reached: that step shows the cancellation.
    const from = [...order.history].reverse().find((h) => h.toStatus === 'cancelled')?.fromStatus ?? 'created';
    current = PATH.indexOf(from) + 1;
    status = 'error';
  }
  const items: StepsProps['items'] = PATH.map((s, i) => {
    const cancelledHere = order.status === 'cancelled' && i === current;
    const stamp = cancelledHere ? order.cancelledAt : (order[STAMP[s] ?? 'createdAt'] as string | null);
    return {
      title: cancelledHere ? t('orders.statuses.cancelled') : t(`orders.statuses.${s}`),
      description: i <= current && stamp ? formatDateTime(stamp) : undefined,
    };
  });
  return <Steps size="small" current={current} status={status} items={items} data-testid="order-steps" data-status={order.status} />;
}

function Items({ order }: { order: Order }) {
  const { t } = useTranslation();
  const money = (fen: number) => formatFen(fen, order.currency);
  return (
    <Table<LineItem>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={order.items}
      scroll={{ x: 860 }}
      data-testid="order-items"
      columns={[
        { key: 'name', title: t('orders.items.name'), render: (_v, l) => (l.sku ? `${l.sku} ${l.name}` : l.name) },
        { key: 'quantity', title: t('orders.items.quantity'), width: 90, align: 'right', render: (_v, l) => `${l.quantity}${l.unit ? ` ${l.unit}` : ''}` },
        { key: 'unitPrice', title: t('orders.items.unitPrice'), width: 150, align: 'right', render: (_v, l) => money(l.unitPriceFen) },
        { key: 'discount', title: t('orders.items.discountPercent'), width: 80, align: 'right', render: (_v, l) => `${l.discountPercent}%` },
        { key: 'tax', title: t('orders.items.taxRatePercent'), width: 80, align: 'right', render: (_v, l) => `${l.taxRatePercent}%` },
        { key: 'total', title: t('orders.items.amount'), width: 140, align: 'right', render: (_v, l) => money(l.totalFen) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={6} align="right">
            <Space size={16} wrap data-testid="order-totals">
              <span>
                {t('orders.fields.subtotal')} {money(order.subtotalFen)}
              </span>
              <span>
                {t('orders.fields.discount')} −{money(order.discountFen)}
              </span>
              <span>
                {t('orders.fields.tax')} {money(order.taxFen)}
              </span>
              <Typography.Text strong>
                {t('orders.fields.total')} <span data-testid="order-total">{money(order.totalFen)}</span>
              </Typography.Text>
            </Space>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function Payments({ order }: { order: Order }) {
  const { t } = useTranslation();
  if (order.payments.length === 0) return <EmptyState description={t('orders.payments.empty')} />;
  return (
    <Table<OrderPayment>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={order.payments}
      data-testid="order-payments"
      columns={[
        { key: 'paidOn', title: t('orders.payments.paidOn'), width: 120, dataIndex: 'paidOn' },
        { key: 'amount', title: t('orders.payments.amount'), width: 150, align: 'right', render: (_v, p) => formatFen(p.amountFen, order.currency) },
        { key: 'method', title: t('orders.payments.method'), width: 120, render: (_v, p) => t(`orders.methods.${p.method}`) },
        { key: 'reference', title: t('orders.payments.reference'), render: (_v, p) => p.reference ?? <Empty /> },
        { key: 'recordedBy', title: t('orders.payments.recordedBy'), width: 150, render: (_v, p) => p.recordedByName ?? <Empty /> },
      ]}
    />
  );
}

function History({ order }: { order: Order }) {
  const { t } = useTranslation();
  return (
    <Table<OrderStatusChange>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={[...order.history].reverse()}
      data-testid="order-history"
      columns={[
        { key: 'at', title: t('orders.history.at'), width: 170, render: (_v, h) => <DateTime value={h.changedAt} /> },
        {
          key: 'step',
          title: t('orders.fields.status'),
          width: 220,
          render: (_v, h) =>
            h.fromStatus ? (
              <Space size={4}>
                <OrderStatusTag status={h.fromStatus} />→<OrderStatusTag status={h.toStatus} />
              </Space>
            ) : (
              t('orders.history.created')
            ),
        },
        { key: 'by', title: t('orders.history.by'), width: 150, render: (_v, h) => h.changedByName ?? <Empty /> },
        { key: 'note', title: t('orders.fields.notes'), render: (_v, h) => h.note ?? <Empty /> },
      ]}
    />
  );
}

export function OrderDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const handleError = useApiErrorHandler();
  const invalidate = useOrderInvalidation();
  const [action, setAction] = useState<OrderAction | null>(null);
  const [editing, setEditing] = useState(false);
  const query = useQuery({ queryKey: ordersKeys.detail(id), queryFn: ({ signal }) => getOrder(id, signal) });
  const order = query.data;
  useDocumentTitle(order ? order.number : t('orders.title'));

  const move = useMutation({
    mutationFn: ({ o, to }: { o: Order; to: OrderStatus }) => transitionOrder(o.id, { to, version: o.version }),
    onSuccess: () => {
      void message.success(t('orders.moved'));
      invalidate();
    },
    onError: (err) => handleError(err, { conflictKeys: [ordersKeys.detail(id)] }),
  });
  const remove = useMutation({
    mutationFn: (o: Order) => deleteOrder(o.id),
    onSuccess: () => {
      void message.success(t('orders.deleted'));
      invalidate();
      void navigate('/orders', { replace: true });
    },
    onError: (err) => handleError(err),
  });

  const breadcrumb = <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/orders">{t('nav.orders')}</Link> }, { title: order?.number ?? '…' }]} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError || !order) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }

  // The OK button names the action ("确认订单"), not a bare 是.
  const ACTION_OF = { confirmed: 'confirm', delivered: 'deliver', completed: 'complete' } as const;
  const confirmMove = (to: 'confirmed' | 'delivered' | 'completed') =>
    modal.confirm({
      title: t(`orders.confirmMove.${to}`, { number: order.number }),
      okText: t(`orders.actions.${ACTION_OF[to]}`),
      okButtonProps: withTestId({}, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => move.mutateAsync({ o: order, to }).catch(() => undefined),
    });
  const confirmDelete = () =>
    modal.confirm({
      title: t('orders.deleteConfirmTitle', { number: order.number }),
      content: t('orders.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(order).catch(() => undefined),
    });

  const allowed = new Set(order.allowedTransitions);
  const mayUpdate = can('order:update');
  const money = (fen: number) => formatFen(fen, order.currency);
  const info: DescriptionsProps['items'] = [
    { key: 'customer', label: t('orders.fields.customer'), children: <Link to={`/customers/${order.customerId}`} data-testid="order-customer">{order.customerName}</Link> },
    { key: 'contact', label: t('orders.fields.contact'), children: order.contactName ?? <Empty /> },
    { key: 'orderDate', label: t('orders.fields.orderDate'), children: order.orderDate },
    { key: 'owner', label: t('orders.fields.owner'), children: order.ownerName ?? <Empty /> },
    { key: 'source', label: t('orders.fields.source'), children: t(order.quoteId ? 'orders.sources.quote' : order.opportunityId ? 'orders.sources.opportunity' : 'orders.sources.direct') },
    { key: 'currency', label: t('orders.fields.currency'), children: order.currency },
    { key: 'total', label: t('orders.fields.total'), children: money(order.totalFen) },
    { key: 'paid', label: t('orders.fields.paid'), children: <span data-testid="order-paid">{money(order.paidFen)}</span> },
    { key: 'outstanding', label: t('orders.fields.outstanding'), children: <span data-testid="order-outstanding">{money(order.outstandingFen)}</span> },
    { key: 'address', label: t('orders.fields.shippingAddress'), span: 'filled', children: order.shippingAddress ?? <Empty /> },
    { key: 'receiver', label: t('orders.fields.receiverName'), children: order.receiverName ?? <Empty /> },
    { key: 'receiverPhone', label: t('orders.fields.receiverPhone'), children: order.receiverPhone ?? <Empty /> },
    { key: 'carrier', label: t('orders.fields.carrier'), children: order.carrier ?? <Empty /> },
    { key: 'tracking', label: t('orders.fields.trackingNumber'), children: order.trackingNumber ?? <Empty /> },
    { key: 'notes', label: t('orders.fields.notes'), span: 'filled', children: order.notes ? <span className="kehu-pre-line">{order.notes}</span> : <Empty /> },
    ...(order.cancelReason ? [{ key: 'cancelReason', label: t('orders.fields.cancelReason'), span: 'filled' as const, children: order.cancelReason }] : []),
  ];

  return (
    <div className="kehu-page" data-testid="order-detail">
      {breadcrumb}
      <PageContainer
        title={
          <Space size={10}>
            <span data-testid="order-detail-number">{order.number}</span>
            <OrderStatusTag status={order.status} />
          </Space>
        }
        description={
          <Space size={16} wrap>
            <Link to={`/customers/${order.customerId}?tab=orders`}>{order.customerName}</Link>
            <span>
              {t('orders.fields.total')}: {money(order.totalFen)}
            </span>
          </Space>
        }
        extra={
          mayUpdate ? (
            <>
              {order.status === 'created' ? (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="order-edit">
                  {t('common.edit')}
                </Button>
              ) : null}
              {allowed.has('confirmed') ? (
                <Button type="primary" icon={<CheckOutlined />} onClick={() => confirmMove('confirmed')} data-testid="order-confirm">
                  {t('orders.actions.confirm')}
                </Button>
              ) : null}
              {order.status === 'confirmed' && order.outstandingFen > 0 ? (
                <Button type="primary" icon={<DollarOutlined />} onClick={() => setAction('pay')} data-testid="order-pay">
                  {t('orders.actions.pay')}
                </Button>
              ) : null}
              {allowed.has('shipped') ? (
                <Button type="primary" icon={<CarOutlined />} onClick={() => setAction('ship')} data-testid="order-ship">
                  {t('orders.actions.ship')}
                </Button>
              ) : null}
              {allowed.has('delivered') ? (
                <Button type="primary" icon={<InboxOutlined />} onClick={() => confirmMove('delivered')} data-testid="order-deliver">
                  {t('orders.actions.deliver')}
                </Button>
              ) : null}
              {allowed.has('completed') ? (
                <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => confirmMove('completed')} data-testid="order-complete">
                  {t('orders.actions.complete')}
                </Button>
              ) : null}
              {allowed.has('cancelled') ? (
                <Button danger icon={<CloseCircleOutlined />} onClick={() => setAction('cancel')} data-testid="order-cancel">
                  {t('orders.actions.cancel')}
                </Button>
              ) : null}
              {order.status === 'created' && can('order:delete') ? (
                <Button danger icon={<DeleteOutlined />} onClick={confirmDelete} data-testid="order-delete">
                  {t('common.delete')}
                </Button>
              ) : null}
            </>
          ) : null
        }
      >
        <Flex vertical gap={16}>
          <Card>
            <StatusStepper order={order} />
          </Card>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={info} />
          </Card>
          <Card size="small" title={t('orders.items.title')}>
            <Items order={order} />
          </Card>
          <Card size="small" title={t('orders.payments.title')}>
            <Payments order={order} />
          </Card>
          <Card size="small" title={t('orders.history.title')}>
            <History order={order} />
          </Card>
        </Flex>
      </PageContainer>
      <OrderActionModal order={order} action={action} onClose={() => setAction(null)} />
      <OrderFormDrawer open={editing} order={order} onClose={() => setEditing(false)} />
    </div>
  );
}
