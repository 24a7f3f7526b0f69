import { useNavigate } from 'react-router';
import { App, Button, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ME_KEY, signOut, useCurrentUser } from '../../../app/session.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { AuthShell } from '../components/AuthShell.tsx';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';

/** Shown instead of the app while the account must get a new password (first sign-in, reset). */
export function ForcedPasswordChangePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('password.forcedTitle'));
  const user = useCurrentUser();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();

  const onSuccess = async () => {
    void message.success(t('password.changed'));
    // The server clears the flag; ask again so the session and CSRF token are current.
    await client.refetchQueries({ queryKey: ME_KEY });
    void navigate('/', { replace: true });
  };

  return (
    <AuthShell>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('password.forcedTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
        {t('password.forcedHint', { name: user.displayName })}
      </Typography.Paragraph>
      <ChangePasswordForm username={user.username} onSuccess={() => void onSuccess()} submitText={t('password.submitAndContinue')} />
      <Button
        type="link"
        block
        style={{ marginTop: 8 }}
        data-testid="change-password-logout"
        onClick={() => {
          void signOut(client).finally(() => void navigate('/login', { replace: true }));
        }}
      >
        {t('password.signOutInstead')}
      </Button>
    </AuthShell>
  );
}
