import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Result } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../../contracts/users.ts';
import { resetPasswordBody } from '../../../../contracts/users.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { SecretReveal } from '../../../ui/SecretReveal.tsx';
import { passwordAcceptable } from '../../auth/passwordPolicy.ts';
import { PasswordPolicyHint } from '../../auth/components/PasswordPolicyHint.tsx';
import { resetUserPassword, usersKeys } from '../users.api.ts';

type Values = { mode: 'generate' | 'manual'; newPassword?: string };

/**
 * Reset another user's password: generated (shown once, with copy) or typed in. Either way
 * the user must pick a new one at next sign-in.
 */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const mode = Form.useWatch('mode', form) ?? 'generate';
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [result, setResult] = useState<{ temporaryPassword: string | null } | null>(null);

  useEffect(() => {
    if (user) {
      setResult(null);
      form.resetFields();
    }
  }, [user, form]);

  const mutation = useMutation({
    mutationFn: (values: Values) =>
      resetUserPassword(user?.id ?? '', values.mode === 'manual' ? { newPassword: values.newPassword ?? '' } : {}),
    onSuccess: (res) => {
      setResult({ temporaryPassword: res.temporaryPassword });
      void client.invalidateQueries({ queryKey: usersKeys.all });
    },
    onError: (err) => handleError(err, { form }),
  });

  return (
    <Modal
      open={!!user}
      title={t('users.resetPasswordTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: !result }}
      data-testid="reset-password-modal"
      footer={
        result
          ? [
              <Button key="done" type="primary" onClick={onClose} data-testid="reset-password-done">
                {t('common.done')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" danger loading={mutation.isPending} onClick={() => form.submit()} data-testid="reset-password-submit">
                {t('users.resetPassword')}
              </Button>,
            ]
      }
    >
      {result ? (
        result.temporaryPassword ? (
          <SecretReveal value={result.temporaryPassword} warning={t('users.temporaryPasswordOnce')} testId="temporary-password" />
        ) : (
          <Result status="success" title={t('users.passwordResetDone')} subTitle={t('users.mustChangeNextLogin')} />
        )
      ) : (
        <Form<Values> form={form} layout="vertical" initialValues={{ mode: 'generate' }} onFinish={(v) => mutation.mutate(v)}>
          <Alert type="info" showIcon title={t('users.mustChangeNextLogin')} style={{ marginBottom: 16 }} />
          <Form.Item name="mode">
            <Radio.Group
              data-testid="reset-password-mode"
              options={[
                { value: 'generate', label: <span data-testid="reset-password-mode-generate">{t('users.resetGenerate')}</span> },
                { value: 'manual', label: <span data-testid="reset-password-mode-manual">{t('users.resetManual')}</span> },
              ]}
            />
          </Form.Item>
          {mode === 'manual' ? (
            <>
              <Form.Item
                name="newPassword"
                label={t('password.new')}
                rules={[
                  zodRule(resetPasswordBody.shape.newPassword.unwrap(), t),
                  {
                    validator: async (_r, value: string | undefined) => {
                      if (value && !passwordAcceptable(value, user?.username)) throw new Error(t('password.policyFailed'));
                    },
                  },
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="reset-password-new" />
              </Form.Item>
              <PasswordPolicyHint password={newPassword} username={user?.username} />
            </>
          ) : null}
        </Form>
      )}
    </Modal>
  );
}
