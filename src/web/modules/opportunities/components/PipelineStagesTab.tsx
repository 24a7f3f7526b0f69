import { useEffect, useState } from 'react';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createStageBody, type PipelineStage } from '../../../../contracts/opportunities.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { zodRule } from '../../../app/validation.ts';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useStages } from '../hooks.ts';
import { createStage, opportunitiesKeys, stagesKeys, updateStage } from '../opportunities.api.ts';

type Values = { nameZh: string; nameEn: string; probability: number; sortOrder?: number | null };
const shape = createStageBody.shape;

/** 销售阶段: the pipeline in order; admins rename, re-weight, reorder, add open stages and retire them. */
export function PipelineStagesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const editable = can('setting:update');
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const stages = useStages();
  const [target, setTarget] = useState<PipelineStage | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const editing = target && target !== 'new' ? target : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue(target === 'new' ? { nameZh: '', nameEn: '', probability: 50, sortOrder: null } : { nameZh: target.nameZh, nameEn: target.nameEn, probability: target.probability, sortOrder: target.sortOrder });
  }, [target, form]);

  const refresh = () => {
    void client.invalidateQueries({ queryKey: stagesKeys.all });
    void client.invalidateQueries({ queryKey: opportunitiesKeys.all });
  };
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const sortOrder = v.sortOrder ?? undefined;
      if (editing) {
        const body = { version: editing.version, nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), ...(editing.kind === 'open' ? { probability: v.probability, sortOrder } : {}) };
        return updateStage(editing.id, body);
      }
      return createStage({ nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), probability: v.probability, sortOrder });
    },
    onSuccess: () => {
      void message.success(editing ? t('common.saved') : t('pipeline.added'));
      refresh();
      setTarget(null);
    },
    onError: (err) => handleError(err, { form, conflictKeys: [stagesKeys.all] }),
  });
  const setActive = useMutation({
    mutationFn: (m: { s: PipelineStage; active: boolean }) => updateStage(m.s.id, { version: m.s.version, active: m.active }),
    onSuccess: (s) => {
      void message.success(s.active ? t('pipeline.reactivated', { name: stages.nameOf(s) }) : t('pipeline.retired', { name: stages.nameOf(s) }));
      refresh();
    },
    // 422 while open opportunities are in it: the server's message says how many.
    onError: (err) => handleError(err, { conflictKeys: [stagesKeys.all] }),
  });

  if (stages.query.isError) return <ErrorState error={stages.query.error} onRetry={() => void stages.query.refetch()} />;

  const columns: TableColumnsType<PipelineStage> = [
    { key: 'sortOrder', title: t('pipeline.sortOrder'), dataIndex: 'sortOrder', width: 80 },
    { key: 'nameZh', title: t('pipeline.nameZh'), dataIndex: 'nameZh' },
    { key: 'nameEn', title: t('pipeline.nameEn'), dataIndex: 'nameEn' },
    { key: 'kind', title: t('pipeline.kind'), width: 90, render: (_v, s) => <Tag color={s.kind === 'won' ? 'green' : s.kind === 'lost' ? 'default' : 'blue'}>{t(`opportunities.statuses.${s.kind}`)}</Tag> },
    { key: 'probability', title: t('pipeline.probability'), width: 110, align: 'right', render: (_v, s) => `${s.probability}%` },
    { key: 'active', title: t('pipeline.status'), width: 90, render: (_v, s) => (s.active ? <Tag color="green">{t('pipeline.active')}</Tag> : <Tag>{t('pipeline.inactive')}</Tag>) },
    ...(editable
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 190,
            render: (_v: unknown, s: PipelineStage) => (
              <Space size={0} className="kehu-table-actions">
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget(s)} data-testid={`stage-edit-${s.key}`}>
                  {t('common.edit')}
                </Button>
                {s.kind === 'open' ? (
                  s.active ? (
                    <Button type="link" size="small" icon={<StopOutlined />} onClick={() => setActive.mutate({ s, active: false })} data-testid={`stage-retire-${s.key}`}>
                      {t('pipeline.retire')}
                    </Button>
                  ) : (
                    <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => setActive.mutate({ s, active: true })} data-testid={`stage-reactivate-${s.key}`}>
                      {t('pipeline.reactivate')}
                    </Button>
                  )
                ) : null}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={12} data-testid="pipeline-stages">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('pipeline.hint')}</Typography.Text>
        {editable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget('new')} data-testid="stage-add">
            {t('pipeline.add')}
          </Button>
        ) : null}
      </Flex>
      <Table<PipelineStage> rowKey="id" size="small" pagination={false} loading={stages.query.isPending} dataSource={stages.items} columns={columns} onRow={(s) => ({ 'data-testid': `stage-row-${s.key}` }) as React.HTMLAttributes<HTMLElement>} />
      <Modal
        open={!!target}
        title={editing ? t('pipeline.editTitle') : t('pipeline.addTitle')}
        onCancel={() => setTarget(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        okButtonProps={withTestId({}, 'stage-form-submit')}
        destroyOnHidden
      >
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="nameZh" label={t('pipeline.nameZh')} required rules={[zodRule(shape.nameZh, t)]}>
            <Input maxLength={30} data-testid="stage-form-nameZh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('pipeline.nameEn')} required rules={[zodRule(shape.nameEn, t)]}>
            <Input maxLength={60} data-testid="stage-form-nameEn" />
          </Form.Item>
          <Flex gap={16}>
            <Form.Item name="probability" label={t('pipeline.probability')} required extra={editing && editing.kind !== 'open' ? t('pipeline.closedFixed') : undefined}>
              <InputNumber min={0} max={100} precision={0} suffix="%" disabled={!!editing && editing.kind !== 'open'} data-testid="stage-form-probability" />
            </Form.Item>
            <Form.Item name="sortOrder" label={t('pipeline.sortOrder')} extra={t('pipeline.sortOrderHint')}>
              <InputNumber min={0} max={100_000} precision={0} disabled={!!editing && editing.kind !== 'open'} data-testid="stage-form-sortOrder" />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>
    </Flex>
  );
}
