import { useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Descriptions, Flex, Form, InputNumber, Radio, Table, Typography } from 'antd';
import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import type { EChartsCoreOption } from 'echarts/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RFM_CLASS_LABELS, RFM_CLASSES, type RfmSummary } from '../../../../contracts/customer-value.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { EChart } from '../../../ui/EChart.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useLabel } from '../../customers/hooks.ts';
import { RFM_CLASS_COLORS, RfmClassTag } from '../components/rfmBits.tsx';
import { customerValueKeys, requestRfmRun, setRfmSettings, useRfmSettings, useRfmSummary } from '../customerValue.api.ts';
import { rfmFormValues, toRfmSettings, type RfmFormValues } from '../rfmSettingsForm.ts';

type ClassRow = RfmSummary['classes'][number];

/** The RFM settings (admins): the window, the means or fixed thresholds (money in 元), and a run now. */
function RfmSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<RfmFormValues>();
  const settings = useRfmSettings();
  const mode = Form.useWatch('mode', form);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(rfmFormValues(settings.data));
  }, [form, settings.data]);

  const save = useMutation({
    mutationFn: (body: NonNullable<ReturnType<typeof toRfmSettings>>) => setRfmSettings(body),
    onSuccess: (saved) => {
      client.setQueryData(customerValueKeys.settings, saved);
      void message.success(t('customerValue.settings.saved'));
    },
    onError: (err) =>
      handleError(err, {
        form,
        fieldMap: (path: string) => {
          if (/windowMonths/.test(path)) return 'windowMonths';
          if (/recencyDays/.test(path)) return 'recencyDays';
          if (/frequency/.test(path)) return 'frequency';
          if (/monetaryFen/.test(path)) return 'monetary';
          return null;
        },
      }),
  });
  const run = useMutation({
    mutationFn: requestRfmRun,
    onSuccess: () => {
      void message.success(t('customerValue.runQueued'));
      window.setTimeout(() => void client.invalidateQueries({ queryKey: customerValueKeys.all }), 3000);
    },
    onError: (err) => handleError(err),
  });

  const submit = () =>
    void form.validateFields().then((values) => {
      const body = toRfmSettings(values);
      if (body) save.mutate(body);
    }, () => undefined);

  return (
    <Card
      title={t('customerValue.settings.title')}
      data-testid="rfm-settings"
      extra={
        <Button icon={<ReloadOutlined />} loading={run.isPending} onClick={() => run.mutate()} data-testid="rfm-run">
          {t('customerValue.runNow')}
        </Button>
      }
    >
      {settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <Form form={form} layout="vertical" disabled={settings.isPending} style={{ maxWidth: 640 }}>
          <Form.Item name="windowMonths" label={t('customerValue.settings.windowMonths')} extra={t('customerValue.settings.windowHint')} rules={[{ required: true, type: 'integer', min: 1, max: 60, message: t('customerValue.settings.windowInvalid') }]}>
            <InputNumber<number> min={1} max={60} precision={0} suffix={t('customerValue.settings.months')} style={{ width: 160 }} data-testid="rfm-settings-window" />
          </Form.Item>
          <Form.Item name="mode" label={t('customerValue.settings.thresholds')}>
            <Radio.Group
              options={[
                { value: 'mean', label: t('customerValue.settings.mean') },
                { value: 'fixed', label: t('customerValue.settings.fixed') },
              ]}
              data-testid="rfm-settings-mode"
            />
          </Form.Item>
          {mode === 'fixed' ? (
            <Flex gap={16} wrap>
              <Form.Item name="recencyDays" label={t('customerValue.settings.recencyDays')} rules={[{ required: true, message: t('validation.required') }]}>
                <InputNumber<number> min={1} max={3650} precision={0} suffix={t('segments.editor.days')} style={{ width: 150 }} data-testid="rfm-settings-recency" />
              </Form.Item>
              <Form.Item name="frequency" label={t('customerValue.settings.frequency')} rules={[{ required: true, message: t('validation.required') }]}>
                <InputNumber<number> min={1} max={100000} precision={0} style={{ width: 150 }} data-testid="rfm-settings-frequency" />
              </Form.Item>
              <Form.Item name="monetary" label={t('customerValue.settings.monetary')} rules={[{ required: true, message: t('validation.required') }]}>
                <InputNumber<string> stringMode min="0.01" precision={2} suffix={t('segments.editor.yuan')} style={{ width: 180 }} data-testid="rfm-settings-monetary" />
              </Form.Item>
            </Flex>
          ) : (
            <Typography.Paragraph type="secondary">{t('customerValue.settings.meanHint')}</Typography.Paragraph>
          )}
          <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={submit} data-testid="rfm-settings-save">
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** 客户价值分层: the customers I see in each of the nine RFM classes, their lifetime value, and the last run. */
export function CustomerValuePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('customerValue.title'));
  const label = useLabel();
  const can = useCan();
  const summary = useRfmSummary();
  const rows = useMemo(() => {
    const byClass = new Map((summary.data?.classes ?? []).map((c) => [c.rfmClass, c]));
    return RFM_CLASSES.map((k): ClassRow => byClass.get(k) ?? { rfmClass: k, customers: 0, lifetimeValueFen: 0 });
  }, [summary.data]);
  const total = rows.reduce((n, r) => n + r.customers, 0);

  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => label(RFM_CLASS_LABELS[r.rfmClass])), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: [
        { type: 'value', name: t('customerValue.fields.customers'), minInterval: 1 },
        { type: 'value', name: t('customerValue.fields.lifetimeValueYuan'), splitLine: { show: false } },
      ],
      series: [
        {
          name: t('customerValue.fields.customers'),
          type: 'bar',
          data: rows.map((r) => ({ value: r.customers, itemStyle: { color: RFM_CLASS_COLORS[r.rfmClass] } })),
        },
        {
          name: t('customerValue.fields.lifetimeValueYuan'),
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((r) => Math.round(r.lifetimeValueFen / 100)),
        },
      ],
    }),
    [rows, label, t],
  );

  const run = summary.data?.lastRun ?? null;
  return (
    <PageContainer title={t('customerValue.title')} description={t('customerValue.pageHint')}>
      {summary.isPending ? (
        <LoadingState />
      ) : summary.isError ? (
        <Card>
          <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
        </Card>
      ) : (
        <Flex vertical gap={16} data-testid="customer-value">
          <Card title={t('customerValue.distribution')}>
            <EChart option={option} height={340} data-testid="rfm-chart" />
            <Table<ClassRow>
              rowKey="rfmClass"
              size="small"
              pagination={false}
              dataSource={rows}
              data-testid="rfm-classes"
              onRow={(r) => ({ 'data-testid': `rfm-class-${r.rfmClass}` }) as React.HTMLAttributes<HTMLElement>}
              scroll={{ x: 560 }}
              columns={[
                {
                  key: 'class',
                  title: t('customerValue.fields.class'),
                  render: (_v, r) => (
                    <Link to={`/customers?rfmClass=${r.rfmClass}`} data-testid={`rfm-class-link-${r.rfmClass}`}>
                      <RfmClassTag rfmClass={r.rfmClass} testId="rfm-class-name" />
                    </Link>
                  ),
                },
                { key: 'hint', title: t('customerValue.fields.meaning'), render: (_v, r) => <Typography.Text type="secondary">{t(`customerValue.meanings.${r.rfmClass}`)}</Typography.Text> },
                { key: 'customers', title: t('customerValue.fields.customers'), align: 'right', width: 110, render: (_v, r) => <span data-testid="rfm-class-customers">{r.customers}</span> },
                { key: 'share', title: t('customerValue.fields.share'), align: 'right', width: 90, render: (_v, r) => (total ? `${((r.customers / total) * 100).toFixed(1)}%` : '—') },
                { key: 'value', title: t('customerValue.fields.lifetimeValue'), align: 'right', width: 160, render: (_v, r) => formatFen(r.lifetimeValueFen, 'CNY') },
              ]}
            />
          </Card>
          <Card title={t('customerValue.lastRun.title')} data-testid="rfm-last-run">
            {run ? (
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 3 }}
                items={[
                  { key: 'finishedAt', label: t('customerValue.lastRun.finishedAt'), children: <DateTime value={run.finishedAt ?? run.startedAt} /> },
                  { key: 'window', label: t('customerValue.lastRun.window'), children: t('customerValue.lastRun.windowMonths', { count: run.windowMonths }) },
                  { key: 'customers', label: t('customerValue.lastRun.customers'), children: t('customerValue.lastRun.classed', { count: run.customers, changed: run.changed }) },
                  { key: 'recency', label: t('customerValue.settings.recencyDays'), children: run.recencyDays === null ? '—' : t('customerValue.lastRun.days', { count: Math.round(run.recencyDays * 10) / 10 }) },
                  { key: 'frequency', label: t('customerValue.settings.frequency'), children: run.frequency === null ? '—' : Math.round(run.frequency * 100) / 100 },
                  { key: 'monetary', label: t('customerValue.settings.monetary'), children: run.monetaryFen === null ? '—' : formatFen(Math.round(run.monetaryFen), 'CNY') },
                ]}
              />
            ) : (
              <Typography.Text type="secondary" data-testid="rfm-no-run">
                {t('customerValue.lastRun.none')}
              </Typography.Text>
            )}
          </Card>
          {can('setting:update') ? <RfmSettingsCard /> : null}
        </Flex>
      )}
    </PageContainer>
  );
}
