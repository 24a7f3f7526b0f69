import { Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../../../contracts/sales.ts';
import { customersKeys } from '../../customers/customers.api.ts';
import { useActivityInvalidation } from '../../followups/hooks.ts';
import { ordersKeys } from '../orders.api.ts';

const STATUS_COLORS: Record<OrderStatus, string> = {
  created: 'default',
  confirmed: 'processing',
  paid: 'cyan',
  shipped: 'blue',
  delivered: 'geekblue',
  completed: 'success',
  cancelled: 'error',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="order-status">
      {t(`orders.statuses.${status}`)}
    </Tag>
  );
}

/** After an order changes: its lists and detail, and what it touches (the customer's figures and stage, tasks, timeline). */
export function useOrderInvalidation() {
  const client = useQueryClient();
  const activity = useActivityInvalidation();
  return () => {
    void client.invalidateQueries({ queryKey: ordersKeys.all });
    void client.invalidateQueries({ queryKey: customersKeys.all });
    activity();
  };
}
