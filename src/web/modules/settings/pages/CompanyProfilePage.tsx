import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { CompanyProfileTab } from '../../quotes/components/CompanyProfileTab.tsx';

/** 公司信息: the letterhead of quotes (name, phone, address, e-mail), for admins. */
export function CompanyProfilePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.companyProfile'));
  return (
    <PageContainer title={t('nav.companyProfile')} description={t('companyProfile.pageHint')}>
      <Card>
        <CompanyProfileTab />
      </Card>
    </PageContainer>
  );
}
