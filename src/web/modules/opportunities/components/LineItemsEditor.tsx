import { Button, Col, Descriptions, Flex, Form, Input, InputNumber, Row, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, ShoppingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatFen, parseYuan } from '../../../../contracts/money.ts';
import { ProductSelect } from '../../products/components/ProductSelect.tsx';
import { emptyLine, lineFigures, lineFromProduct, previewTotals, type LineValues, type OpportunityValues } from '../opportunityForm.ts';

/**
 * 产品明细: lines from the catalogue (or free lines) with quantity, unit price in yuan, discount
 * and tax; each line's total and the document totals follow as you type (contracts/money.ts).
 * The server computes the stored figures again on save.
 */
export function LineItemsEditor({ form, currency }: { form: FormInstance<OpportunityValues>; currency: string }) {
  const { t } = useTranslation();
  const lines = (Form.useWatch('items', form) as LineValues[] | undefined) ?? [];
  const totals = previewTotals(lines);
  const yuanRule = {
    validator: async (_r: unknown, value: string | undefined) => {
      if (value === undefined || value.trim() === '') throw new Error(t('validation.required'));
      if (parseYuan(value) === null) throw new Error(t('opportunities.form.yuanInvalid'));
    },
  };

  return (
    <Form.List name="items">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8} data-testid="line-items">
          {fields.length > 0 ? (
            <Row gutter={8} className="kehu-muted" style={{ fontSize: 12 }}>
              <Col span={7}>{t('opportunities.lines.product')}</Col>
              <Col span={3}>{t('opportunities.lines.quantity')}</Col>
              <Col span={4}>{t('opportunities.lines.unitPrice')}</Col>
              <Col span={2}>{t('opportunities.lines.discount')}</Col>
              <Col span={2}>{t('opportunities.lines.tax')}</Col>
              <Col span={5} style={{ textAlign: 'right' }}>
                {t('opportunities.lines.total')}
              </Col>
            </Row>
          ) : null}
          {fields.map((field) => {
            const line = lines[field.name];
            const amounts = lineFigures(line);
            return (
              <Row key={field.key} gutter={8} align="top" data-testid={`line-${field.name}`}>
                <Col span={7}>
                  <Form.Item name={[field.name, 'productId']} style={{ marginBottom: 4 }}>
                    <ProductSelect
                      fallbackLabel={line?.name}
                      onChange={(_id, product) => {
                        if (product) form.setFieldValue(['items', field.name], { ...lineFromProduct(product, line?.quantity ?? 1), discountPercent: line?.discountPercent ?? 0 });
                      }}
                      placeholder={t('opportunities.lines.freeLine')}
                      data-testid={`line-${field.name}-product`}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('opportunities.lines.nameRequired') }, { max: 200 }]} style={{ marginBottom: 8 }}>
                    <Input size="small" placeholder={t('opportunities.lines.name')} maxLength={200} data-testid={`line-${field.name}-name`} />
                  </Form.Item>
                </Col>
                <Col span={3}>
                  <Form.Item name={[field.name, 'quantity']} rules={[{ required: true, message: t('validation.required') }]} style={{ marginBottom: 4 }}>
                    <InputNumber min={0.001} max={1_000_000_000} precision={3} step={1} style={{ width: '100%' }} data-testid={`line-${field.name}-quantity`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} style={{ marginBottom: 8 }}>
                    <Input size="small" placeholder={t('opportunities.lines.unit')} maxLength={20} />
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Form.Item name={[field.name, 'unitPrice']} rules={[yuanRule]} style={{ marginBottom: 8 }}>
                    <Input prefix={formatFen(0, currency).replace(/[\d.,]+$/, '')} inputMode="decimal" data-testid={`line-${field.name}-unitPrice`} />
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Form.Item name={[field.name, 'discountPercent']} style={{ marginBottom: 8 }}>
                    <InputNumber min={0} max={100} precision={2} controls={false} style={{ width: '100%' }} data-testid={`line-${field.name}-discount`} />
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Form.Item name={[field.name, 'taxRatePercent']} style={{ marginBottom: 8 }}>
                    <InputNumber min={0} max={100} precision={2} controls={false} style={{ width: '100%' }} data-testid={`line-${field.name}-tax`} />
                  </Form.Item>
                </Col>
                <Col span={5} style={{ textAlign: 'right', paddingTop: 5 }}>
                  <Flex justify="flex-end" align="center" gap={4}>
                    <Typography.Text strong data-testid={`line-${field.name}-total`} style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {amounts ? formatFen(amounts.totalFen, currency) : '—'}
                    </Typography.Text>
                    <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} data-testid={`line-${field.name}-remove`} />
                  </Flex>
                  {amounts && (amounts.discountFen > 0 || amounts.taxFen > 0) ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('opportunities.lines.netTax', { net: formatFen(amounts.netFen), tax: formatFen(amounts.taxFen) })}
                    </Typography.Text>
                  ) : null}
                </Col>
              </Row>
            );
          })}
          <Flex gap={8}>
            <Button icon={<ShoppingOutlined />} onClick={() => add({ ...emptyLine(), name: '' })} data-testid="line-add">
              {t('opportunities.lines.add')}
            </Button>
            {fields.length === 0 ? (
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
                {t('opportunities.lines.noneHint')}
              </Typography.Text>
            ) : null}
          </Flex>
          {fields.length > 0 ? (
            <Descriptions
              size="small"
              column={4}
              bordered
              data-testid="line-totals"
              items={[
                { key: 'subtotal', label: t('opportunities.lines.subtotal'), children: formatFen(totals.subtotalFen, currency) },
                { key: 'discount', label: t('opportunities.lines.discountTotal'), children: formatFen(totals.discountFen, currency) },
                { key: 'tax', label: t('opportunities.lines.taxTotal'), children: formatFen(totals.taxFen, currency) },
                { key: 'total', label: t('opportunities.lines.grandTotal'), children: <strong data-testid="line-grand-total">{formatFen(totals.totalFen, currency)}</strong> },
              ]}
            />
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fields.length > 0 ? t('opportunities.lines.serverWins') : null}
          </Typography.Text>
        </Flex>
      )}
    </Form.List>
  );
}
