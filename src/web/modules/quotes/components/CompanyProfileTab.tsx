import { useEffect } from 'react';
import { App, Button, Col, Form, Input, Row, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { companyProfile, type CompanyProfile } from '../../../../contracts/quotes.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { getCompanyProfile, quotesKeys, setCompanyProfile } from '../quotes.api.ts';

const shape = companyProfile.shape;

/** 公司信息: the name, address and phone printed at the head of every quote PDF. */
export function CompanyProfileTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CompanyProfile>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const query = useQuery({ queryKey: quotesKeys.company, queryFn: ({ signal }) => getCompanyProfile(signal) });

  useEffect(() => {
    if (query.data) form.setFieldsValue(query.data);
  }, [query.data, form]);

  const save = useMutation({
    mutationFn: (v: CompanyProfile) => setCompanyProfile(v),
    onSuccess: (saved) => {
      client.setQueryData(quotesKeys.company, saved);
      void message.success(t('common.saved'));
    },
    onError: (err) => handleError(err, { form }),
  });

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Form<CompanyProfile> form={form} layout="vertical" initialValues={query.data} onFinish={(v) => save.mutate(v)} data-testid="settings-company">
      <Typography.Paragraph type="secondary">{t('quotes.company.hint')}</Typography.Paragraph>
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('quotes.company.name')} required rules={[zodRule(shape.name, t)]}>
            <Input maxLength={100} data-testid="company-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="phone" label={t('quotes.company.phone')} rules={[zodRule(shape.phone, t)]}>
            <Input maxLength={40} data-testid="company-phone" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="address" label={t('quotes.company.address')} rules={[zodRule(shape.address, t)]}>
            <Input maxLength={200} data-testid="company-address" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="email" label={t('quotes.company.email')} rules={[zodRule(shape.email, t)]}>
            <Input maxLength={100} data-testid="company-email" />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="company-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
