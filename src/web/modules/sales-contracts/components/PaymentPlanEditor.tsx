import { useState } from 'react';
import { App, Button, DatePicker, Flex, Input, InputNumber, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ContractDetail, ContractInstallment } from '../../../../contracts/sales-contracts.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { contractsKeys, replaceInstallments } from '../sales-contracts.api.ts';
import { planRows, planSum, toPlanBody, type PlanRow } from '../contractForm.ts';
import { Money } from './contractBits.tsx';

let rowCounter = 0;

/**
 * 回款计划: the installments with what each received and lacks; in edit mode a table of rows to
 * add and remove, with the plan's sum against the contract amount. Installments that received
 * money cannot be removed (the server says so too).
 */
export function PaymentPlanEditor({ contract, canEdit }: { contract: ContractDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [rows, setRows] = useState<PlanRow[] | null>(null);
  const cur = contract.currency;

  const save = useMutation({
    mutationFn: (body: Parameters<typeof replaceInstallments>[1]) => replaceInstallments(contract.id, body),
    onSuccess: (updated) => {
      client.setQueryData(contractsKeys.detail(contract.id), updated);
      void client.invalidateQueries({ queryKey: contractsKeys.all });
      void message.success(t('contracts.plan.saved'));
      setRows(null);
    },
    onError: (err) => handleError(err),
  });

  if (!rows) {
    const columns: TableColumnsType<ContractInstallment> = [
      { key: 'i', title: '#', width: 50, render: (_v, _i, index) => index + 1 },
      { key: 'dueOn', title: t('contracts.plan.dueOn'), width: 130, render: (_v, i) => (
        <Flex gap={4} align="center">
          {i.dueOn}
          {i.overdue ? <Tag color="red">{t('contracts.plan.overdue')}</Tag> : null}
        </Flex>
      ) },
      { key: 'amount', title: t('contracts.fields.amount'), align: 'right', render: (_v, i) => <Money fen={i.amountFen} currency={cur} /> },
      { key: 'received', title: t('contracts.plan.received'), align: 'right', render: (_v, i) => <Money fen={i.receivedFen} currency={cur} testId="installment-received" /> },
      { key: 'outstanding', title: t('contracts.plan.outstanding'), align: 'right', render: (_v, i) => <Money fen={i.outstandingFen} currency={cur} danger={i.overdue} testId="installment-outstanding" /> },
      { key: 'notes', title: t('contracts.plan.notes'), ellipsis: true, render: (_v, i) => i.notes ?? '' },
    ];
    return (
      <Flex vertical gap={12} data-testid="contract-plan">
        {canEdit ? (
          <Flex justify="flex-end">
            <Button icon={<EditOutlined />} onClick={() => setRows(planRows(contract))} data-testid="contract-plan-edit">
              {t('contracts.plan.edit')}
            </Button>
          </Flex>
        ) : null}
        <Table<ContractInstallment>
          rowKey="id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={contract.installments}
          onRow={(i) => ({ 'data-testid': `installment-row-${i.position}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <EmptyState description={t('contracts.plan.empty')} /> }}
        />
      </Flex>
    );
  }

  const sum = planSum(rows);
  const over = sum - contract.amountFen;
  const update = (key: string, change: Partial<PlanRow>) => setRows(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const submit = () => {
    const body = toPlanBody(rows);
    if ('incomplete' in body) {
      void message.error(t('contracts.plan.incomplete', { row: body.incomplete + 1 }));
      return;
    }
    save.mutate(body);
  };
  const columns: TableColumnsType<PlanRow> = [
    { key: 'i', title: '#', width: 50, render: (_v, _r, index) => index + 1 },
    {
      key: 'dueOn',
      title: t('contracts.plan.dueOn'),
      width: 170,
      render: (_v, r, index) => <DatePicker value={r.dueOn} onChange={(d) => update(r.key, { dueOn: d })} style={{ width: '100%' }} data-testid={`plan-dueOn-${index}`} />,
    },
    {
      key: 'amount',
      title: t('contracts.plan.amount'),
      width: 190,
      render: (_v, r, index) => (
        <InputNumber<string> stringMode min="0" precision={2} value={r.amountYuan} onChange={(v) => update(r.key, { amountYuan: v })} style={{ width: '100%' }} data-testid={`plan-amount-${index}`} />
      ),
    },
    { key: 'received', title: t('contracts.plan.received'), width: 130, align: 'right', render: (_v, r) => <Money fen={r.receivedFen} currency={cur} /> },
    { key: 'notes', title: t('contracts.plan.notes'), render: (_v, r, index) => <Input value={r.notes} maxLength={500} onChange={(e) => update(r.key, { notes: e.target.value })} data-testid={`plan-notes-${index}`} /> },
    {
      key: 'remove',
      width: 60,
      render: (_v, r, index) =>
        r.receivedFen > 0 ? (
          <Tooltip title={t('contracts.plan.locked')}>
            <Button type="text" icon={<DeleteOutlined />} disabled />
          </Tooltip>
        ) : (
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('contracts.plan.remove')} onClick={() => setRows(rows.filter((x) => x.key !== r.key))} data-testid={`plan-remove-${index}`} />
        ),
    },
  ];
  return (
    <Flex vertical gap={12} data-testid="contract-plan-editor">
      <Table<PlanRow> rowKey="key" size="small" pagination={false} columns={columns} dataSource={rows} />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Button icon={<PlusOutlined />} onClick={() => setRows([...rows, { key: `new-${++rowCounter}`, dueOn: null, amountYuan: null, notes: '', receivedFen: 0 }])} data-testid="contract-plan-add">
          {t('contracts.plan.add')}
        </Button>
        <Flex gap={12} align="center">
          <Typography.Text data-testid="contract-plan-sum">{t('contracts.plan.sum', { planned: formatFen(sum, cur), amount: formatFen(contract.amountFen, cur) })}</Typography.Text>
          {over > 0 ? <Typography.Text type="danger">{t('contracts.plan.over', { over: formatFen(over, cur) })}</Typography.Text> : null}
          <Button onClick={() => setRows(null)}>{t('contracts.plan.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={over > 0} onClick={submit} data-testid="contract-plan-save">
            {t('contracts.plan.save')}
          </Button>
        </Flex>
      </Flex>
    </Flex>
  );
}
