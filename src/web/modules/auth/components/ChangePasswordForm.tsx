import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { changePasswordBody } from '../../../../contracts/auth.ts';
import { ApiError } from '../../../app/http.ts';
import { describeError } from '../../../app/errors.ts';
import { applyFieldErrors } from '../../../ui/fieldErrors.ts';
import { zodRule } from '../../../app/validation.ts';
import { changePassword } from '../auth.api.ts';
import { passwordAcceptable } from '../passwordPolicy.ts';
import { PasswordPolicyHint } from './PasswordPolicyHint.tsx';

type Values = { currentPassword: string; newPassword: string; confirmPassword: string };

/** Current + new + confirm, with the policy checklist; server errors land on the fields. */
export function ChangePasswordForm({ username, onSuccess, submitText }: { username?: string; onSuccess: () => void; submitText?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [formError, setFormError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (values: Values) =>
      changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    onSuccess,
    onError: (err) => {
      if (err instanceof ApiError && err.details.length > 0) {
        const rest = applyFieldErrors(form, err.details);
        setFormError(rest.length > 0 ? rest.map((d) => d.message).join('; ') : null);
        return;
      }
      if (err instanceof ApiError && (err.status === 401 || err.status === 422 || err.status === 400)) {
        // Typically a wrong current password or a policy rule the server enforces.
        const field = err.code.toLowerCase().includes('current') || err.status === 401 ? 'currentPassword' : 'newPassword';
        form.setFields([{ name: field, errors: [describeError(err, t)] }]);
        setFormError(null);
        return;
      }
      setFormError(describeError(err, t));
    },
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => {
        setFormError(null);
        mutation.mutate(values);
      }}
      onValuesChange={() => setFormError(null)}
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="change-password-error" /> : null}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[zodRule(changePasswordBody.shape.currentPassword, t)]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="change-password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        rules={[
          zodRule(changePasswordBody.shape.newPassword, t),
          {
            validator: async (_rule, value: string | undefined) => {
              if (!value) return;
              if (!passwordAcceptable(value, username)) throw new Error(t('password.policyFailed'));
              if (value === form.getFieldValue('currentPassword')) throw new Error(t('password.sameAsCurrent'));
            },
          },
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="change-password-new" />
      </Form.Item>
      <PasswordPolicyHint password={newPassword} username={username} />
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="change-password-confirm" />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" block size="large" loading={mutation.isPending} data-testid="change-password-submit">
          {submitText ?? t('password.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
