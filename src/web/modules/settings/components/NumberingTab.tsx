import { useEffect, useMemo } from 'react';
import { App, Button, Card, Col, Descriptions, Flex, Form, Input, Row, Select, Space, Typography } from 'antd';
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NUMBER_PATTERN_TOKENS, type NumberingPatterns } from '../../../../contracts/numbering.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { ApiError } from '../../../app/http.ts';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { useIndustries } from '../../customers/hooks.ts';
import { getNumbering, previewNumbering, setNumbering, settingsKeys } from '../settings.api.ts';

type Values = NumberingPatterns & { industryCode?: string };
const FIELDS = ['customer', 'lead', 'quote', 'order', 'contract'] as const;
type Field = (typeof FIELDS)[number];

/**
 * 编号规则 with a live preview: the server checks the typed patterns (the same check as saving)
 * and renders the next numbers, so what is shown is exactly what the next create will get.
 */
export function NumberingTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const industries = useIndustries();
  const current = useQuery({ queryKey: settingsKeys.numbering, queryFn: ({ signal }) => getNumbering(signal) });

  const customer = Form.useWatch('customer', form);
  const lead = Form.useWatch('lead', form);
  const quote = Form.useWatch('quote', form);
  const order = Form.useWatch('order', form);
  const contract = Form.useWatch('contract', form);
  const industryCode = Form.useWatch('industryCode', form);
  const typed = useDebounced(
    useMemo(() => ({ customer: customer ?? '', lead: lead ?? '', quote: quote ?? '', order: order ?? '', contract: contract ?? '', industryCode }), [customer, lead, quote, order, contract, industryCode]),
    300,
  );
  const preview = useQuery({
    queryKey: settingsKeys.numberingPreview(typed),
    queryFn: ({ signal }) => previewNumbering(typed, signal),
    // Only once typing has paused: the debounced values have caught up with the inputs.
    enabled: current.isSuccess && customer !== undefined && typed.customer === customer && typed.lead === (lead ?? '') && typed.quote === (quote ?? '') && typed.order === (order ?? '') && typed.contract === (contract ?? ''),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const issues = useMemo(() => {
    const out: Partial<Record<Field, string>> = {};
    if (preview.error instanceof ApiError) for (const d of preview.error.details) if ((FIELDS as readonly string[]).includes(d.path)) out[d.path as Field] = d.message;
    return out;
  }, [preview.error]);

  useEffect(() => {
    if (current.data) {
      const d = current.data;
      form.setFieldsValue({ customer: d.customer, lead: d.lead, quote: d.quote, order: d.order, contract: d.contract, industryCode: d.preview.industryCode });
    }
  }, [current.data, form]);

  const save = useMutation({
    mutationFn: (v: Values) => setNumbering({ customer: v.customer, lead: v.lead, quote: v.quote, order: v.order, contract: v.contract }),
    onSuccess: (saved) => {
      client.setQueryData(settingsKeys.numbering, saved);
      void message.success(t('customerSettings.numbering.saved'));
    },
    onError: (err) => handleError(err, { form }),
  });

  if (current.isPending) return <LoadingState />;
  if (current.isError) return <ErrorState error={current.error} onRetry={() => void current.refetch()} />;
  const defaults = current.data.defaults;
  const shown = preview.isError ? null : (preview.data ?? current.data).preview;

  return (
    <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="settings-numbering">
      <Row gutter={24}>
        <Col xs={24} lg={14}>
          {FIELDS.map((field) => (
            <Form.Item
              key={field}
              name={field}
              label={t(`customerSettings.numbering.${field}`)}
              required
              validateStatus={issues[field] ? 'error' : undefined}
              help={issues[field]}
              extra={
                <Space size={4} wrap>
                  {t('customerSettings.numbering.default', { pattern: defaults[field] })}
                  <Button type="link" size="small" icon={<UndoOutlined />} onClick={() => form.setFieldValue(field, defaults[field])} data-testid={`numbering-default-${field}`}>
                    {t('customerSettings.numbering.useDefault')}
                  </Button>
                </Space>
              }
            >
              <Input maxLength={40} spellCheck={false} autoComplete="off" style={{ fontFamily: 'monospace' }} data-testid={`numbering-${field}`} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="numbering-save">
            {t('common.save')}
          </Button>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('customerSettings.numbering.previewTitle')} loading={preview.isPending && preview.fetchStatus !== 'idle'}>
              <Form.Item name="industryCode" label={t('customerSettings.numbering.previewIndustry')} style={{ marginBottom: 12 }}>
                <Select options={industries.options} showSearch={{ optionFilterProp: 'label' }} style={{ width: '100%' }} data-testid="numbering-preview-industry" />
              </Form.Item>
              <Descriptions
                size="small"
                column={1}
                items={FIELDS.map((field) => ({
                  key: field,
                  label: t(`customerSettings.numbering.next.${field}`),
                  children: shown ? <Typography.Text code data-testid={`numbering-preview-${field}`}>{shown[field]}</Typography.Text> : <span className="kehu-muted">—</span>,
                }))}
              />
              <Typography.Text type="secondary">{t('customerSettings.numbering.previewHint')}</Typography.Text>
            </Card>
            <Card size="small" title={t('customerSettings.numbering.tokensTitle')}>
              <Descriptions
                size="small"
                column={1}
                items={NUMBER_PATTERN_TOKENS.map((token) => ({
                  key: token,
                  label: <Typography.Text code>{token}</Typography.Text>,
                  children: t(`customerSettings.numbering.tokens.${token.replace(/[{}]|:N/g, '') as 'year' | 'yy' | 'month' | 'industryCode' | 'seq'}`),
                }))}
              />
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                {t('customerSettings.numbering.literalsHint')}
              </Typography.Paragraph>
            </Card>
          </Flex>
        </Col>
      </Row>
    </Form>
  );
}
