import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { cadenceSettings, createFollowUpMethodBody, type CadenceSettings, type FollowUpMethod } from '../../../../contracts/followups.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { ErrorState, EmptyState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { cadenceKey, createFollowUpMethod, followUpMethodsKey, getCadence, setCadence, updateFollowUpMethod } from '../followups.api.ts';
import { useFollowUpMethods } from '../hooks.ts';
import { moveMethod } from '../methodOrder.ts';

const GRADES = ['A', 'B', 'C', 'ungraded'] as const;

/** 跟进策略: days per grade before a customer or lead needs a follow-up. */
function CadenceCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<CadenceSettings>();
  const query = useQuery({ queryKey: cadenceKey, queryFn: ({ signal }) => getCadence(signal) });

  useEffect(() => {
    if (query.data) form.setFieldsValue(query.data);
  }, [query.data, form]);

  const save = useMutation({
    mutationFn: (v: CadenceSettings) => setCadence(v),
    onSuccess: (saved) => {
      client.setQueryData(cadenceKey, saved);
      void message.success(t('cadence.saved'));
      void client.invalidateQueries({ queryKey: ['me', 'follow-up-summary'] });
    },
    onError: (err) => handleError(err, { form }),
  });

  return (
    <Card size="small" title={t('cadence.title')} data-testid="settings-cadence">
      <Typography.Paragraph type="secondary">{t('cadence.hint')}</Typography.Paragraph>
      {query.isPending ? (
        <LoadingState height={120} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Form<CadenceSettings> form={form} layout="inline" onFinish={(v) => save.mutate(v)}>
          {GRADES.map((g) => (
            <Form.Item key={g} name={g} label={t(`cadence.grades.${g}`)} required rules={[zodRule(cadenceSettings.shape[g], t)]}>
              <InputNumber<number> min={1} max={365} precision={0} suffix={t('cadence.days')} style={{ width: 120 }} data-testid={`cadence-${g}`} />
            </Form.Item>
          ))}
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="cadence-save">
              {t('common.save')}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}

type MethodTarget = { mode: 'create'; sortOrder: number } | { mode: 'edit'; method: FollowUpMethod };
type MethodValues = { code: string; nameZh: string; nameEn: string };
const methodSchema = createFollowUpMethodBody.shape;

function MethodFormModal({ target, onClose }: { target: MethodTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<MethodValues>();
  const editing = target?.mode === 'edit' ? target.method : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue(editing ? { code: editing.code, nameZh: editing.nameZh, nameEn: editing.nameEn } : { code: '', nameZh: '', nameEn: '' });
  }, [target, editing, form]);

  const save = useMutation({
    mutationFn: async (v: MethodValues) => {
      if (!target) return 'unchanged' as const;
      if (target.mode === 'create') {
        await createFollowUpMethod({ code: v.code.trim(), nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), sortOrder: target.sortOrder });
        return 'created' as const;
      }
      const m = target.method;
      const body: { version: number; nameZh?: string; nameEn?: string } = { version: m.version };
      if (v.nameZh.trim() !== m.nameZh) body.nameZh = v.nameZh.trim();
      if (v.nameEn.trim() !== m.nameEn) body.nameEn = v.nameEn.trim();
      if (!body.nameZh && !body.nameEn) return 'unchanged' as const;
      await updateFollowUpMethod(m.code, body);
      return 'updated' as const;
    },
    onSuccess: (result) => {
      if (result === 'created') void message.success(t('cadence.methods.created'));
      else if (result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      void client.invalidateQueries({ queryKey: followUpMethodsKey });
      onClose();
    },
    onError: (err) => handleError(err, { form, conflictKeys: [followUpMethodsKey], onConflict: onClose }),
  });

  return (
    <Modal
      open={!!target}
      onCancel={onClose}
      title={editing ? t('cadence.methods.editTitle', { code: editing.code }) : t('cadence.methods.createTitle')}
      destroyOnHidden
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={withTestId({ loading: save.isPending }, 'method-form-submit')}
      data-testid="method-form"
    >
      <Form<MethodValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="code"
          label={t('cadence.methods.code')}
          required={!editing}
          extra={editing ? t('cadence.methods.codePermanent') : t('cadence.methods.codeHint')}
          rules={editing ? [] : [zodRule(methodSchema.code, t, { regex: t('cadence.methods.codeFormat'), custom: t('cadence.methods.codeFormat') })]}
        >
          <Input maxLength={30} disabled={!!editing} autoComplete="off" data-testid="method-form-code" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('cadence.methods.nameZh')} required rules={[zodRule(methodSchema.nameZh, t)]}>
          <Input maxLength={30} data-testid="method-form-nameZh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('cadence.methods.nameEn')} required rules={[zodRule(methodSchema.nameEn, t)]}>
          <Input maxLength={60} data-testid="method-form-nameEn" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 跟进方式: add, rename, reorder and retire (never delete: follow-ups keep their method's code). */
function MethodsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { query, items } = useFollowUpMethods();
  const [target, setTarget] = useState<MethodTarget | null>(null);

  const toggle = useMutation({
    mutationFn: (m: FollowUpMethod) => updateFollowUpMethod(m.code, { version: m.version, active: !m.active }),
    onSuccess: (m) => {
      void message.success(m.active ? t('cadence.methods.restored') : t('cadence.methods.retired'));
      void client.invalidateQueries({ queryKey: followUpMethodsKey });
    },
    onError: (err) => handleError(err, { conflictKeys: [followUpMethodsKey] }),
  });

  const move = useMutation({
    mutationFn: async ({ code, delta }: { code: string; delta: -1 | 1 }) => {
      // One at a time, each with the version it was read at.
      for (const { item, sortOrder } of moveMethod(items, code, delta)) await updateFollowUpMethod(item.code, { version: item.version, sortOrder });
    },
    onSettled: () => void client.invalidateQueries({ queryKey: followUpMethodsKey }),
    onError: (err) => handleError(err, { conflictKeys: [followUpMethodsKey] }),
  });

  const columns: TableColumnsType<FollowUpMethod> = [
    {
      key: 'order',
      width: 80,
      // The arrows depend on the row's place, which changes without the row changing.
      shouldCellUpdate: () => true,
      render: (_v, m, i) => (
        <Space size={0}>
          <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0 || move.isPending} onClick={() => move.mutate({ code: m.code, delta: -1 })} aria-label={t('cadence.methods.moveUp')} data-testid={`method-up-${m.code}`} />
          <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === items.length - 1 || move.isPending} onClick={() => move.mutate({ code: m.code, delta: 1 })} aria-label={t('cadence.methods.moveDown')} data-testid={`method-down-${m.code}`} />
        </Space>
      ),
    },
    { key: 'code', dataIndex: 'code', title: t('cadence.methods.code'), width: 150, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { key: 'nameZh', dataIndex: 'nameZh', title: t('cadence.methods.nameZh') },
    { key: 'nameEn', dataIndex: 'nameEn', title: t('cadence.methods.nameEn') },
    {
      key: 'active',
      title: t('cadence.methods.status'),
      width: 100,
      render: (_v, m) => (m.active ? <Tag color="success">{t('cadence.methods.active')}</Tag> : <Tag>{t('cadence.methods.retiredTag')}</Tag>),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 170,
      render: (_v, m) => (
        <Space size={0} className="kehu-table-actions">
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', method: m })} data-testid={`method-edit-${m.code}`}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" icon={m.active ? <StopOutlined /> : <UndoOutlined />} loading={toggle.isPending && toggle.variables.code === m.code} onClick={() => toggle.mutate(m)} data-testid={`method-toggle-${m.code}`}>
            {m.active ? t('cadence.methods.retire') : t('cadence.methods.restore')}
          </Button>
        </Space>
      ),
    },
  ];

  const nextOrder = (items.at(-1)?.sortOrder ?? 0) + 10;
  return (
    <Card
      size="small"
      title={t('cadence.methods.title')}
      data-testid="settings-follow-up-methods"
      extra={
        <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', sortOrder: nextOrder })} data-testid="method-create">
          {t('cadence.methods.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('cadence.methods.hint')}</Typography.Paragraph>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<FollowUpMethod>
          rowKey="code"
          size="small"
          columns={columns}
          dataSource={items}
          loading={query.isFetching || move.isPending}
          pagination={false}
          scroll={{ x: 800 }}
          onRow={(m) => ({ 'data-testid': `method-row-${m.code}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: query.isPending ? <div style={{ height: 120 }} /> : <EmptyState description={t('cadence.methods.empty')} /> }}
        />
      )}
      <MethodFormModal target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}

/** The follow-up tab of the settings page. */
export function FollowUpSettingsTab() {
  return (
    <Flex vertical gap={16} data-testid="settings-follow-up">
      <CadenceCard />
      <MethodsCard />
    </Flex>
  );
}
