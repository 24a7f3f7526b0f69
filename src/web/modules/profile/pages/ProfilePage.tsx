import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { App, Button, Card, Col, Descriptions, Flex, Form, Input, Row, Select, Tag, Typography } from 'antd';
import { KeyOutlined, SafetyCertificateOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LOCALES, updateProfileBody, type Locale } from '../../../../contracts/auth.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { currentLocale } from '../../../app/i18n.ts';
import { setSessionUser, useCurrentUser } from '../../../app/session.tsx';
import { zodRule } from '../../../app/validation.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { updateProfile } from '../../auth/auth.api.ts';
import { ApiTokensCard } from '../components/ApiTokensCard.tsx';
import { CalendarFeedCard } from '../components/CalendarFeedCard.tsx';
import { MyAccess } from '../components/MyAccess.tsx';

type Values = { displayName: string; locale: Locale };

const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('nav.profile'));
  const user = useCurrentUser();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<Values>();
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(() => {
    form.setFieldsValue({ displayName: user.displayName, locale: user.locale ?? currentLocale() });
  }, [user, form]);

  useEffect(() => {
    if (location.hash === '#tokens' || location.hash === '#calendar-feed') document.getElementById(location.hash.slice(1))?.scrollIntoView({ behavior: 'smooth' });
  }, [location.hash]);

  const mutation = useMutation({
    mutationFn: (v: Values) => {
      const body: { displayName?: string; locale?: Locale } = {};
      if (v.displayName.trim() !== user.displayName) body.displayName = v.displayName.trim();
      if (v.locale !== user.locale) body.locale = v.locale;
      return Object.keys(body).length > 0 ? updateProfile(body) : Promise.resolve(null);
    },
    onSuccess: (updated, v) => {
      if (!updated) {
        void message.info(t('common.noChanges'));
        return;
      }
      setSessionUser(client, updated);
      if (v.locale !== i18n.language) void i18n.changeLanguage(v.locale);
      void message.success(t('common.saved'));
    },
    onError: (err) => handleError(err, { form }),
  });

  return (
    <PageContainer title={t('nav.profile')} description={t('profile.pageHint')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            title={
              <span>
                <UserOutlined /> {t('profile.basics')}
              </span>
            }
            style={{ height: '100%' }}
          >
            <Descriptions
              column={1}
              size="small"
              style={{ marginBottom: 16 }}
              items={[
                { key: 'username', label: t('users.fields.username'), children: user.username },
                { key: 'email', label: t('users.fields.email'), children: user.email ?? '—' },
                {
                  key: 'role',
                  label: t('users.fields.role'),
                  children: (
                    <span>
                      {user.role.name} <Tag>{t(`roles.scope.${user.role.dataScope}`)}</Tag>
                    </span>
                  ),
                },
                { key: 'department', label: t('users.fields.department'), children: user.department?.name ?? t('users.noDepartment') },
              ]}
            />
            <Form<Values> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)}>
              <Form.Item name="displayName" label={t('users.fields.displayName')} required rules={[zodRule(updateProfileBody.shape.displayName.unwrap(), t)]}>
                <Input maxLength={100} data-testid="profile-displayName" />
              </Form.Item>
              <Form.Item name="locale" label={t('profile.language')} extra={t('profile.languageHint')}>
                <Select
                  data-testid="profile-locale"
                  options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
                  style={{ maxWidth: 240 }}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="profile-save">
                {t('common.save')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Flex vertical gap={16} style={{ height: '100%' }}>
            <Card
              title={
                <span>
                  <SafetyOutlined /> {t('profile.security')}
                </span>
              }
            >
              <Flex justify="space-between" align="center" gap={16} wrap>
                <div style={{ flex: 1, minWidth: 200 }}>
                  <Typography.Text strong>{t('auth.password')}</Typography.Text>
                  <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
                    {t('profile.passwordHint')}
                  </Typography.Paragraph>
                </div>
                <Button icon={<KeyOutlined />} onClick={() => void navigate('/account/password')} data-testid="profile-change-password">
                  {t('nav.changePassword')}
                </Button>
              </Flex>
            </Card>
            <Card
              title={
                <span>
                  <SafetyCertificateOutlined /> {t('profile.myAccess')}
                </span>
              }
              style={{ flex: 1 }}
            >
              <MyAccess />
            </Card>
          </Flex>
        </Col>
        <Col span={24}>
          <CalendarFeedCard />
        </Col>
        <Col span={24}>
          <ApiTokensCard />
        </Col>
      </Row>
    </PageContainer>
  );
}
