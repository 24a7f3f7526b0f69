import { useEffect } from 'react';
import { App, AutoComplete, Button, Col, Drawer, Flex, Form, Input, InputNumber, Row, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { parseYuan } from '../../../../contracts/money.ts';
import { createProductBody, type Product } from '../../../../contracts/products.ts';
import { CURRENCIES } from '../../../../contracts/sales.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { initialProductValues, productChanges, toCreateProductBody, type ProductValues as Values } from '../productForm.ts';
import { createProduct, productCategories, productsKeys, updateProduct } from '../products.api.ts';

const shape = createProductBody.shape;

/** 新建 / 编辑产品. `target`: null closed, 'new', or the product to edit. */
export function ProductFormDrawer({ target, onClose }: { target: Product | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const handleError = useApiErrorHandler();
  const editing = target && target !== 'new' ? target : null;
  const categories = useQuery({ queryKey: productsKeys.categories, queryFn: ({ signal }) => productCategories(signal), enabled: !!target });

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue(initialProductValues(target === 'new' ? null : target));
  }, [target, form]);

  const mutation = useMutation({
    mutationFn: async (v: Values) => {
      if (editing) {
        const body = productChanges(editing, v);
        if (!body) return 'unchanged' as const;
        await updateProduct(editing.id, body);
        return 'updated' as const;
      }
      await createProduct(toCreateProductBody(v));
      return 'created' as const;
    },
    onSuccess: (r) => {
      void message[r === 'unchanged' ? 'info' : 'success'](r === 'created' ? t('products.created') : r === 'updated' ? t('common.saved') : t('common.noChanges'));
      void client.invalidateQueries({ queryKey: productsKeys.all });
      onClose();
    },
    onError: (err) => handleError(err, { form, fieldMap: { listPriceFen: 'listPrice' }, conflictKeys: [productsKeys.all], onConflict: onClose }),
  });

  return (
    <Drawer
      open={!!target}
      onClose={onClose}
      title={editing ? t('products.editTitle') : t('products.createTitle')}
      size={560}
      destroyOnHidden
      data-testid="product-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid="product-form-submit">
            {editing ? t('common.save') : t('products.create')}
          </Button>
        </Flex>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} scrollToFirstError>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="sku" label={t('products.fields.sku')} required rules={[zodRule(shape.sku, t, { regex: t('products.skuFormat') })]} extra={editing ? t('products.skuHint') : undefined}>
              <Input maxLength={40} data-testid="product-form-sku" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="name" label={t('products.fields.name')} required rules={[zodRule(shape.name, t)]}>
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
        <Form.Item name="description" label={t('products.fields.description')} rules={[zodRule(shape.description, t)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
