import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Breadcrumb, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Modal, Space, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, DollarOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ContractDetail, ContractPayment } from '../../../../contracts/sales-contracts.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { AttachmentPanel } from '../../attachments/components/AttachmentPanel.tsx';
import { changeContractStatus, contractsKeys, deleteContract, deletePayment, getContract } from '../sales-contracts.api.ts';
import { ContractFormDrawer } from '../components/ContractFormDrawer.tsx';
import { ContractStatusTag, Money } from '../components/contractBits.tsx';
import { PaymentPlanEditor } from '../components/PaymentPlanEditor.tsx';
import { RecordPaymentModal } from '../components/RecordPaymentModal.tsx';

type StatusDialog = { to: 'active'; signedOn: Dayjs | null } | { to: 'terminated'; reason: string } | null;

/** 合同详情: the contract, its status actions, payment plan, payments and the scanned copy. */
export function ContractDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [editing, setEditing] = useState(false);
  const [paying, setPaying] = useState(false);
  const [dialog, setDialog] = useState<StatusDialog>(null);

  const query = useQuery({ queryKey: contractsKeys.detail(id), queryFn: ({ signal }) => getContract(id, signal) });
  const c = query.data;
  useDocumentTitle(c ? `${c.number} ${c.title}` : t('contracts.title'));

  const onUpdated = (updated: ContractDetail) => {
    client.setQueryData(contractsKeys.detail(id), updated);
    void client.invalidateQueries({ queryKey: contractsKeys.all });
  };
  const status = useMutation({
    mutationFn: (d: NonNullable<StatusDialog>) =>
      changeContractStatus(id, d.to === 'active' ? { version: c?.version ?? 0, status: 'active', signedOn: d.signedOn?.format('YYYY-MM-DD') } : { version: c?.version ?? 0, status: 'terminated', reason: d.reason }),
    onSuccess: (updated) => {
      onUpdated(updated);
      void message.success(updated.status === 'active' ? t('contracts.activated') : t('contracts.terminated'));
      setDialog(null);
    },
    onError: (err) => handleError(err, { conflictKeys: [contractsKeys.detail(id)], onConflict: () => setDialog(null) }),
  });
  const remove = useMutation({
    mutationFn: () => deleteContract(id),
    onSuccess: () => {
      void message.success(t('contracts.deleted'));
      void client.invalidateQueries({ queryKey: contractsKeys.all });
      void navigate('/contracts', { replace: true });
    },
    onError: (err) => handleError(err),
  });
  const takeBack = useMutation({
    mutationFn: (p: ContractPayment) => deletePayment(id, p.id),
    onSuccess: (updated) => {
      onUpdated(updated);
      void message.success(t('contracts.payments.removed'));
    },
    onError: (err) => handleError(err),
  });

  const breadcrumb = <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/contracts">{t('contracts.title')}</Link> }, { title: c?.number ?? '…' }]} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError || !c) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }

  const mayUpdate = can('contract:update');
  const editable = mayUpdate && (c.status === 'draft' || c.status === 'active');
  const mayPay = mayUpdate && (c.status === 'active' || c.status === 'expired') && c.outstandingFen > 0;
  const installmentDue = new Map(c.installments.map((i) => [i.id, i.dueOn]));
  const paymentColumns: TableColumnsType<ContractPayment> = [
    { key: 'paidOn', title: t('contracts.payments.paidOn'), width: 110, render: (_v, p) => p.paidOn },
    { key: 'amount', title: t('contracts.payments.amount'), align: 'right', width: 150, render: (_v, p) => <Money fen={p.amountFen} currency={c.currency} /> },
    { key: 'method', title: t('contracts.payments.method'), width: 110, render: (_v, p) => t(`contracts.methods.${p.method}`) },
    { key: 'reference', title: t('contracts.payments.reference'), ellipsis: true, render: (_v, p) => p.reference ?? '' },
    {
      key: 'matched',
      title: t('contracts.payments.matched'),
      render: (_v, p) => p.allocations.map((a) => `${installmentDue.get(a.installmentId) ?? '?'}: ${formatFen(a.amountFen, c.currency)}`).join('; ') || '—',
    },
    { key: 'recordedBy', title: t('contracts.payments.recordedBy'), width: 160, render: (_v, p) => <>{p.recordedByName ?? '—'} · <DateTime value={p.recordedAt} /></> },
    {
      key: 'actions',
      width: 90,
      render: (_v, p) =>
        mayUpdate ? (
          <Button
            type="link"
            size="small"
            danger
            onClick={() =>
              modal.confirm({
                title: t('contracts.payments.removeConfirmTitle', { amount: formatFen(p.amountFen, c.currency) }),
                content: t('contracts.payments.removeConfirmBody'),
                okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                onOk: () => takeBack.mutateAsync(p).catch(() => undefined),
              })
            }
            data-testid="payment-remove"
          >
            {t('contracts.payments.remove')}
          </Button>
        ) : null,
    },
  ];

  return (
    <div className="kehu-page" data-testid="contract-detail">
      {breadcrumb}
      <Flex vertical gap={16}>
        <Card
          title={
            <Space>
              <Typography.Text strong data-testid="contract-number">{c.number}</Typography.Text>
              <span>{c.title}</span>
              <ContractStatusTag status={c.status} />
            </Space>
          }
          extra={
            <Space wrap>
              {editable ? (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="contract-edit">
                  {t('common.edit')}
                </Button>
              ) : null}
              {mayUpdate && c.status === 'draft' ? (
                <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDialog({ to: 'active', signedOn: c.signedOn ? dayjs(c.signedOn) : dayjs() })} data-testid="contract-activate">
                  {t('contracts.actions.activate')}
                </Button>
              ) : null}
              {mayPay ? (
                <Button type="primary" icon={<DollarOutlined />} onClick={() => setPaying(true)} data-testid="contract-record-payment">
                  {t('contracts.payments.record')}
                </Button>
              ) : null}
              {mayUpdate && c.status === 'active' ? (
                <Button danger icon={<StopOutlined />} onClick={() => setDialog({ to: 'terminated', reason: '' })} data-testid="contract-terminate">
                  {t('contracts.actions.terminate')}
                </Button>
              ) : null}
              {can('contract:delete') && c.status === 'draft' ? (
                <Button
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() =>
                    modal.confirm({
                      title: t('contracts.deleteConfirmTitle', { number: c.number }),
                      content: t('contracts.deleteConfirmBody'),
                      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                      onOk: () => remove.mutateAsync().catch(() => undefined),
                    })
                  }
                  data-testid="contract-delete"
                >
                  {t('contracts.actions.delete')}
                </Button>
              ) : null}
            </Space>
          }
        >
          <Flex gap={32} wrap style={{ marginBottom: 16 }}>
            <Statistic title={t('contracts.fields.amount')} value={formatFen(c.amountFen, c.currency)} />
            <Statistic title={t('contracts.fields.received')} value={formatFen(c.receivedFen, c.currency)} valueStyle={{ color: '#389e0d' }} data-testid="contract-received" />
            <Statistic title={t('contracts.fields.outstanding')} value={formatFen(c.outstandingFen, c.currency)} data-testid="contract-outstanding" />
            <Statistic title={t('contracts.fields.overdue')} value={formatFen(c.overdueFen, c.currency)} valueStyle={c.overdueFen > 0 ? { color: '#cf1322' } : undefined} />
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'customer', label: t('contracts.fields.customer'), children: <Link to={`/customers/${c.customerId}?tab=contracts`}>{c.customerName}</Link> },
              { key: 'contact', label: t('contracts.fields.contact'), children: c.contactName ?? '—' },
              { key: 'owner', label: t('contracts.fields.owner'), children: c.ownerName ?? '—' },
              { key: 'signedOn', label: t('contracts.fields.signedOn'), children: c.signedOn ?? '—' },
              { key: 'period', label: t('contracts.fields.period'), children: c.startsOn || c.endsOn ? `${c.startsOn ?? '…'} ~ ${c.endsOn ?? '…'}` : '—' },
              ...(c.opportunityId && c.opportunityName
                ? [{ key: 'opportunity', label: t('contracts.fields.opportunity'), children: <Link to={`/opportunities/${c.opportunityId}`} data-testid="contract-opportunity">{c.opportunityName}</Link> }]
                : []),
              ...(c.orderId && c.orderNumber ? [{ key: 'order', label: t('contracts.fields.order'), children: <Link to={`/orders/${c.orderId}`} data-testid="contract-order">{c.orderNumber}</Link> }] : []),
              ...(c.terminationReason ? [{ key: 'reason', label: t('contracts.fields.terminationReason'), children: c.terminationReason }] : []),
              ...(c.terms ? [{ key: 'terms', label: t('contracts.fields.terms'), span: 3, children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.terms}</Typography.Paragraph> }] : []),
              ...(c.notes ? [{ key: 'notes', label: t('contracts.fields.notes'), span: 3, children: c.notes }] : []),
            ]}
          />
        </Card>
        <Card title={t('contracts.plan.title')}>
          <PaymentPlanEditor contract={c} canEdit={editable} />
        </Card>
        <Card title={t('contracts.payments.title')}>
          <Table<ContractPayment>
            rowKey="id"
            size="small"
            pagination={false}
            columns={paymentColumns}
            dataSource={c.payments}
            scroll={{ x: 900 }}
            data-testid="contract-payments"
            locale={{ emptyText: <EmptyState description={t('contracts.payments.empty')} /> }}
          />
        </Card>
        <Card title={t('contracts.attachments')}>
          <AttachmentPanel ownerType="contract" ownerId={c.id} canUpload={mayUpdate} />
        </Card>
      </Flex>
      <ContractFormDrawer target={editing ? { mode: 'edit', contract: c } : null} onClose={() => setEditing(false)} />
      <RecordPaymentModal contract={c} open={paying} onClose={() => setPaying(false)} />
      <Modal
        open={!!dialog}
        title={dialog?.to === 'active' ? t('contracts.activateTitle') : t('contracts.terminateTitle')}
        onCancel={() => setDialog(null)}
        onOk={() => dialog && status.mutate(dialog)}
        okButtonProps={withTestId({ loading: status.isPending, danger: dialog?.to === 'terminated', disabled: dialog?.to === 'active' ? !dialog.signedOn : !dialog?.reason.trim() }, 'contract-status-submit')}
        destroyOnHidden
      >
        {dialog?.to === 'active' ? (
          <Form layout="vertical">
            <Form.Item label={t('contracts.fields.signedOn')} required>
              <DatePicker value={dialog.signedOn} onChange={(d) => setDialog({ to: 'active', signedOn: d })} style={{ width: '100%' }} data-testid="contract-signedOn" />
            </Form.Item>
          </Form>
        ) : dialog?.to === 'terminated' ? (
          <Form layout="vertical">
            <Form.Item label={t('contracts.terminateReason')} required>
              <Input.TextArea value={dialog.reason} maxLength={1000} autoSize={{ minRows: 2, maxRows: 6 }} onChange={(e) => setDialog({ to: 'terminated', reason: e.target.value })} data-testid="contract-terminate-reason" />
            </Form.Item>
          </Form>
        ) : null}
      </Modal>
    </div>
  );
}
