import { useEffect } from 'react';
import { App, Button, Card, Checkbox, Col, Flex, Form, InputNumber, Row, Space, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PoolRules } from '../../../../contracts/pool.ts';
import { LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES, type LifecycleStage } from '../../../../contracts/vocabulary.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { useLabel } from '../../customers/hooks.ts';
import { getPoolRules, setPoolRules, settingsKeys } from '../settings.api.ts';

/** "Never" and "no limit" are nulls in the API; the form keeps a checkbox beside each number. */
type Values = {
  reclaimDays: Record<LifecycleStage, number | null>;
  reclaimNever: Record<LifecycleStage, boolean>;
  warnDaysBefore: number;
  claimsPerDay: number;
  maxOwned: number | null;
  noOwnedLimit: boolean;
};

function toValues(r: PoolRules): Values {
  const never = {} as Record<LifecycleStage, boolean>;
  for (const s of LIFECYCLE_STAGES) never[s] = r.reclaimDays[s] === null;
  return { reclaimDays: { ...r.reclaimDays }, reclaimNever: never, warnDaysBefore: r.warnDaysBefore, claimsPerDay: r.claimsPerDay, maxOwned: r.maxOwned, noOwnedLimit: r.maxOwned === null };
}

function toRules(v: Values): PoolRules {
  const days = {} as PoolRules['reclaimDays'];
  for (const s of LIFECYCLE_STAGES) days[s] = v.reclaimNever[s] ? null : v.reclaimDays[s];
  return { reclaimDays: days, warnDaysBefore: v.warnDaysBefore, claimsPerDay: v.claimsPerDay, maxOwned: v.noOwnedLimit ? null : v.maxOwned };
}

export function PoolRulesTab() {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const query = useQuery({ queryKey: settingsKeys.poolRules, queryFn: ({ signal }) => getPoolRules(signal) });
  const never = Form.useWatch('reclaimNever', form);
  const noOwnedLimit = Form.useWatch('noOwnedLimit', form);

  useEffect(() => {
    if (query.data) form.setFieldsValue(toValues(query.data));
  }, [query.data, form]);

  const save = useMutation({
    mutationFn: (v: Values) => setPoolRules(toRules(v)),
    onSuccess: (rules) => {
      client.setQueryData(settingsKeys.poolRules, rules);
      void message.success(t('common.saved'));
    },
    // The API names nested fields (reclaimDays.potential); the form's are the same paths.
    onError: (err) => handleError(err, { form }),
  });

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;

  const requiredNumber = [{ required: true, message: t('validation.required') }];
  return (
    <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={toValues(query.data)} data-testid="settings-pool">
      <Flex vertical gap={16}>
        <Card size="small" title={t('customerSettings.pool.reclaimTitle')}>
          <Typography.Paragraph type="secondary">{t('customerSettings.pool.reclaimHint')}</Typography.Paragraph>
          <Row gutter={[24, 8]}>
            {LIFECYCLE_STAGES.map((s) => (
              <Col key={s} xs={24} sm={12} lg={6}>
                <Form.Item label={label(LIFECYCLE_STAGE_LABELS[s])} required={!never?.[s]}>
                  <Space>
                    <Form.Item name={['reclaimDays', s]} noStyle rules={never?.[s] ? [] : requiredNumber}>
                      <InputNumber min={1} max={3650} precision={0} disabled={!!never?.[s]} suffix={t('customerSettings.pool.days')} style={{ width: 150 }} data-testid={`pool-days-${s}`} />
                    </Form.Item>
                    <Form.Item name={['reclaimNever', s]} valuePropName="checked" noStyle>
                      <Checkbox data-testid={`pool-never-${s}`}>{t('customerSettings.pool.never')}</Checkbox>
                    </Form.Item>
                  </Space>
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>
        <Card size="small" title={t('customerSettings.pool.limitsTitle')}>
          <Row gutter={[24, 8]}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="warnDaysBefore" label={t('customerSettings.pool.warnDaysBefore')} extra={t('customerSettings.pool.warnHint')} rules={requiredNumber}>
                <InputNumber min={0} max={60} precision={0} suffix={t('customerSettings.pool.days')} data-testid="pool-warn" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="claimsPerDay" label={t('customerSettings.pool.claimsPerDay')} extra={t('customerSettings.pool.claimsHint')} rules={requiredNumber}>
                <InputNumber min={0} max={1000} precision={0} data-testid="pool-claims" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item label={t('customerSettings.pool.maxOwned')} extra={t('customerSettings.pool.maxOwnedHint')} required={!noOwnedLimit}>
                <Space>
                  <Form.Item name="maxOwned" noStyle rules={noOwnedLimit ? [] : requiredNumber}>
                    <InputNumber min={1} max={100000} precision={0} disabled={!!noOwnedLimit} data-testid="pool-max-owned" />
                  </Form.Item>
                  <Form.Item name="noOwnedLimit" valuePropName="checked" noStyle>
                    <Checkbox data-testid="pool-no-limit">{t('customerSettings.pool.noLimit')}</Checkbox>
                  </Form.Item>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <div>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="pool-save">
            {t('common.save')}
          </Button>
        </div>
      </Flex>
    </Form>
  );
}
