import { Button, Flex, Form, Input, InputNumber, Table, Typography } from 'antd';
import type { FormInstance, TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import { ProductSelect } from '../../products/components/ProductSelect.tsx';
import { lineFromProduct, previewLine, previewTotals, type LineValues, type QuoteValues } from '../quoteForm.ts';

type Row = { key: number; name: number };

/**
 * The lines of a quote in its form: name, unit, quantity, unit price (yuan, before tax),
 * discount and tax rate, with each line's total and the document's totals previewed as typed.
 * A product picked from the catalogue fills the line (name, unit, price, tax rate); the line
 * keeps its product (and SKU) while its figures are edited.
 */
export function QuoteLinesEditor({ form, currency }: { form: FormInstance<QuoteValues>; currency: string }) {
  const { t } = useTranslation();
  const lines = (Form.useWatch('items', form) ?? []) as (LineValues | undefined)[];
  const totals = previewTotals(lines);
  const required = [{ required: true, message: t('validation.required') }];

  return (
    <Form.List name="items">
      {(fields, { add, remove }) => {
        const columns: TableColumnsType<Row> = [
          {
            key: 'name',
            title: t('quotes.fields.product'),
            width: 240,
            render: (_v, f) => (
              <Flex vertical gap={4}>
                <Form.Item name={[f.name, 'productId']} noStyle>
                  <ProductSelect
                    size="small"
                    placeholder={t('orders.items.selectProduct')}
                    fallbackLabel={[lines[f.name]?.sku, lines[f.name]?.name].filter(Boolean).join(' ')}
                    style={{ width: '100%' }}
                    onChange={(_id, product) => {
                      if (product) form.setFieldValue(['items', f.name], lineFromProduct(product, form.getFieldValue(['items', f.name]) as LineValues | undefined));
                      else form.setFieldValue(['items', f.name, 'sku'], null);
                    }}
                    data-testid={`quote-line-product-${f.name}`}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'name']} rules={required} noStyle>
                  <Input maxLength={200} data-testid={`quote-line-name-${f.name}`} />
                </Form.Item>
              </Flex>
            ),
          },
          {
            key: 'unit',
            title: t('quotes.fields.unit'),
            width: 70,
            render: (_v, f) => (
              <Form.Item name={[f.name, 'unit']} noStyle>
                <Input maxLength={20} />
              </Form.Item>
            ),
          },
          {
            key: 'quantity',
            title: t('quotes.fields.quantity'),
            width: 100,
            render: (_v, f) => (
              <Form.Item name={[f.name, 'quantity']} rules={required} noStyle>
                <InputNumber min={0.001} max={1_000_000_000} precision={3} style={{ width: '100%' }} data-testid={`quote-line-quantity-${f.name}`} />
              </Form.Item>
            ),
          },
          {
            key: 'unitPrice',
            title: t('quotes.fields.unitPrice'),
            width: 130,
            render: (_v, f) => (
              <Form.Item name={[f.name, 'unitPrice']} rules={required} noStyle>
                <InputNumber min={0} max={100_000_000_000} precision={2} style={{ width: '100%' }} data-testid={`quote-line-price-${f.name}`} />
              </Form.Item>
            ),
          },
          {
            key: 'discount',
            title: t('quotes.fields.discountPercent'),
            width: 90,
            render: (_v, f) => (
              <Form.Item name={[f.name, 'discountPercent']} noStyle>
                <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
            ),
          },
          {
            key: 'tax',
            title: t('quotes.fields.taxRatePercent'),
            width: 90,
            render: (_v, f) => (
              <Form.Item name={[f.name, 'taxRatePercent']} noStyle>
                <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
            ),
          },
          {
            key: 'total',
            title: t('quotes.fields.lineTotal'),
            width: 110,
            align: 'right',
            render: (_v, f) => {
              const amounts = previewLine(lines[f.name]);
              return amounts ? formatFen(amounts.totalFen) : <span className="kehu-muted">—</span>;
            },
          },
          {
            key: 'remove',
            width: 44,
            render: (_v, f) => <Button type="text" danger icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(f.name)} aria-label={t('common.delete')} />,
          },
        ];
        return (
          <Flex vertical gap={8}>
            <Table<Row> rowKey="key" size="small" pagination={false} columns={columns} dataSource={fields.map((f) => ({ key: f.key, name: f.name }))} scroll={{ x: 880 }} data-testid="quote-lines" />
            <Flex justify="space-between" align="start" wrap gap={8}>
              <Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1, discountPercent: 0, taxRatePercent: 13 } satisfies LineValues)} data-testid="quote-line-add">
                {t('quotes.addLine')}
              </Button>
              <Typography.Text data-testid="quote-form-total">
                {t('quotes.fields.subtotal')} {formatFen(totals.subtotalFen, currency)} · {t('quotes.fields.discount')} {formatFen(totals.discountFen, currency)} · {t('quotes.fields.tax')} {formatFen(totals.taxFen, currency)} ·{' '}
                <Typography.Text strong>
                  {t('quotes.fields.total')} {formatFen(totals.totalFen, currency)}
                </Typography.Text>
              </Typography.Text>
            </Flex>
          </Flex>
        );
      }}
    </Form.List>
  );
}
