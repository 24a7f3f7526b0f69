import { Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { PipelineStagesTab } from '../../opportunities/components/PipelineStagesTab.tsx';
import { OrderSettingsCard } from '../../orders/components/OrderSettingsCard.tsx';
import { MailingSettingsCard } from '../../mailings/components/MailingSettingsCard.tsx';
import { SmsSettingsCard } from '../../sms/components/SmsSettingsCard.tsx';

/** 销售设置: the pipeline stages, the order rules and the sending rate of mailings, for admins (they once were a tab of 客户设置). */
export function SalesSettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.salesSettings'));
  return (
    <PageContainer title={t('nav.salesSettings')} description={t('salesSettings.pageHint')}>
      <Flex vertical gap={16} data-testid="sales-settings">
        <Card>
          <PipelineStagesTab />
        </Card>
        <OrderSettingsCard />
        <MailingSettingsCard />
        <SmsSettingsCard />
      </Flex>
    </PageContainer>
  );
}
