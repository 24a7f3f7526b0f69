import { useNavigate } from 'react-router';
import { App, Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../app/session.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';

/** Changing one's own password from the user menu. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.changePassword'));
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (
    <PageContainer title={t('nav.changePassword')} description={t('password.pageHint')}>
      <Row>
        <Col xs={24} md={16} lg={12} xl={10}>
          <Card>
            <ChangePasswordForm
              username={user.username}
              onSuccess={() => {
                void message.success(t('password.changed'));
                void navigate('/profile');
              }}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 13 }}>
              {t('password.otherSessionsHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
