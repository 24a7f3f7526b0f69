import { App, AutoComplete, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { parseYuan } from '../../../../contracts/money.ts';
import { createProductBody, type Product } from '../../../../contracts/products.ts';
import { CURRENCIES } from '../../../../contracts/sales.ts';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { initialProductValues, productChanges, toCreateProductBody, type ProductValues as Values } from '../productForm.ts';
import { createProduct, productCategories, productsKeys, updateProduct } from '../products.api.ts';

type Saved = 'created' | 'updated' | 'unchanged';

/** 新建 / 编辑产品. `target`: null closed, 'new', or the product to edit. */
export function ProductFormDrawer({ target, onClose }: { target: Product | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = useZodRules(createProductBody.shape);
  const editing = target && target !== 'new' ? target : null;
  const categories = useQuery({ queryKey: productsKeys.categories, queryFn: ({ signal }) => productCategories(signal), enabled: !!target });

  const save = async (v: Values): Promise<Saved> => {
    if (editing) {
      const body = productChanges(editing, v);
      if (!body) return 'unchanged';
      await updateProduct(editing.id, body);
      return 'updated';
    }
    await createProduct(toCreateProductBody(v));
    return 'created';
  };

  return (
    <FormDrawer<Values, Saved>
      form={form}
      open={!!target}
      onClose={onClose}
      record={target}
      initialValues={() => initialProductValues(editing)}
      title={editing ? t('products.editTitle') : t('products.createTitle')}
      size={560}
      testId="product-form"
      submitText={editing ? t('common.save') : t('products.create')}
      onSubmit={save}
      onSaved={(r) => {
        void message[r === 'unchanged' ? 'info' : 'success'](r === 'created' ? t('products.created') : r === 'updated' ? t('common.saved') : t('common.noChanges'));
        void client.invalidateQueries({ queryKey: productsKeys.all });
      }}
      // The list price is typed in yuan; the API's field is in fen.
      errorOptions={{ fieldMap: { listPriceFen: 'listPrice' }, conflictKeys: [productsKeys.all] }}
    >
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item name="sku" label={t('products.fields.sku')} required rules={rules('sku', { regex: t('products.skuFormat') })} extra={editing ? t('products.skuHint') : undefined}>
            <Input maxLength={40} data-testid="product-form-sku" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="name" label={t('products.fields.name')} required rules={rules('name')}>
            <Input maxLength={200} data-testid="product-form-name" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={14}>
          <Form.Item name="category" label={t('products.fields.category')}>
            <AutoComplete options={(categories.data?.items ?? []).map((c) => ({ value: c }))} maxLength={60} filterOption data-testid="product-form-category" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="unit" label={t('products.fields.unit')} required rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input maxLength={20} data-testid="product-form-unit" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            name="listPrice"
            label={t('products.fields.listPrice')}
            required
            rules={[
              {
                validator: async (_r, value: string | undefined) => {
                  if (!value || value.trim() === '') throw new Error(t('validation.required'));
                  if (parseYuan(value) === null) throw new Error(t('opportunities.form.yuanInvalid'));
                },
              },
            ]}
          >
            <Input inputMode="decimal" placeholder="0.00" data-testid="product-form-price" />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name="currency" label={t('opportunities.fields.currency')}>
            <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} data-testid="product-form-currency" />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name="taxRatePercent" label={t('products.fields.taxRate')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} data-testid="product-form-tax" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('products.fields.description')} rules={rules('description')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
    </FormDrawer>
  );
}
