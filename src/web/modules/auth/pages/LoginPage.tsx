import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { loginBody } from '../../../../contracts/auth.ts';
import { ApiError } from '../../../app/http.ts';
import { describeError } from '../../../app/errors.ts';
import { applyFieldErrors } from '../../../ui/fieldErrors.ts';
import { safeNext } from '../../../app/next-path.ts';
import { setSessionUser } from '../../../app/session.tsx';
import { zodRule } from '../../../app/validation.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { login, type LoginBody } from '../auth.api.ts';
import { AuthShell } from '../components/AuthShell.tsx';

type Failure = { kind: 'error' | 'warning'; text: string };

export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.signIn'));
  const [form] = Form.useForm<LoginBody>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const client = useQueryClient();
  const [failure, setFailure] = useState<Failure | null>(null);

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (res) => {
      setSessionUser(client, { ...res.user, mustChangePassword: res.mustChangePassword || res.user.mustChangePassword });
      if (res.mustChangePassword) void navigate('/change-password', { replace: true });
      else void navigate(safeNext(params.get('next')), { replace: true });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 400 && err.details.length > 0) {
        const rest = applyFieldErrors(form, err.details);
        if (rest.length === 0) return;
      }
      const locked = err instanceof ApiError && (err.status === 423 || err.status === 429 || err.code === 'ACCOUNT_LOCKED');
      setFailure({ kind: locked ? 'warning' : 'error', text: describeError(err, t) });
      form.setFieldValue('password', '');
    },
  });

  return (
    <AuthShell>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('auth.welcomeBack')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 28 }}>
        {t('auth.signInHint')}
      </Typography.Paragraph>
      {failure ? (
        <Alert type={failure.kind} showIcon title={failure.text} style={{ marginBottom: 20 }} data-testid="login-error" />
      ) : null}
      <Form<LoginBody>
        form={form}
        layout="vertical"
        requiredMark={false}
        size="large"
        onFinish={(values) => {
          setFailure(null);
          mutation.mutate(values);
        }}
        data-testid="login-form"
      >
        <Form.Item name="username" label={t('auth.username')} rules={[zodRule(loginBody.shape.username, t)]}>
          <Input
            prefix={<UserOutlined />}
            placeholder={t('auth.usernamePlaceholder')}
            autoComplete="username"
            autoFocus
            data-testid="login-username"
          />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[zodRule(loginBody.shape.password, t)]}>
          <Input.Password
            prefix={<LockOutlined />}
            placeholder={t('auth.passwordPlaceholder')}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </Form.Item>
        <Form.Item style={{ marginBottom: 12 }}>
          <Button type="primary" htmlType="submit" block loading={mutation.isPending} data-testid="login-submit">
            {t('auth.signIn')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: 0 }}>
        {t('auth.forgotHint')}
      </Typography.Paragraph>
    </AuthShell>
  );
}
