import { Navigate } from 'react-router';
import { Card, Tabs } from 'antd';
import { FieldNumberOutlined, PaperClipOutlined, GlobalOutlined, MessageOutlined, ShareAltOutlined, ShopOutlined, TagsOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { AttachmentSettingsCard } from '../../attachments/components/AttachmentSettingsCard.tsx';
import { FollowUpSettingsTab } from '../../followups/components/FollowUpSettingsTab.tsx';
import { IndustriesTab } from '../components/IndustriesTab.tsx';
import { SourceChannelsTab } from '../components/SourceChannelsTab.tsx';
import { NumberingTab } from '../components/NumberingTab.tsx';
import { PoolRulesTab } from '../components/PoolRulesTab.tsx';
import { TagsTab } from '../components/TagsTab.tsx';

const TABS = ['industries', 'channels', 'tags', 'pool', 'numbering', 'followUp', 'attachments'] as const;
type TabKey = (typeof TABS)[number];
const TAB_KEYS = ['tab'] as const;
/** Tabs that moved to pages of their own; old links and bookmarks land there. */
const MOVED_TABS: Record<string, string> = { pipeline: '/admin/sales-settings', company: '/admin/company' };

/** 客户设置: the shared lists and rules behind customer records, for admins. */
export function CustomerSettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.customerSettings'));
  const { values, setFilters } = useUrlFilters(TAB_KEYS);
  const moved = MOVED_TABS[values.tab ?? ''];
  const tab: TabKey = (TABS as readonly string[]).includes(values.tab ?? '') ? (values.tab as TabKey) : 'industries';

  if (moved) return <Navigate to={moved} replace />;
  return (
    <PageContainer title={t('nav.customerSettings')} description={t('customerSettings.pageHint')}>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setFilters({ tab: key === 'industries' ? null : key }, { replace: true })}
          destroyOnHidden
          items={[
            {
              key: 'industries',
              label: <span data-testid="settings-tab-industries"><ShopOutlined /> {t('customerSettings.tabs.industries')}</span>,
              children: <IndustriesTab />,
            },
            {
              key: 'channels',
              label: <span data-testid="settings-tab-channels"><ShareAltOutlined /> {t('customerSettings.tabs.channels')}</span>,
              children: <SourceChannelsTab />,
            },
            {
              key: 'tags',
              label: <span data-testid="settings-tab-tags"><TagsOutlined /> {t('customerSettings.tabs.tags')}</span>,
              children: <TagsTab />,
            },
            {
              key: 'pool',
              label: <span data-testid="settings-tab-pool"><GlobalOutlined /> {t('customerSettings.tabs.pool')}</span>,
              children: <PoolRulesTab />,
            },
            {
              key: 'numbering',
              label: <span data-testid="settings-tab-numbering"><FieldNumberOutlined /> {t('customerSettings.tabs.numbering')}</span>,
              children: <NumberingTab />,
            },
            {
              key: 'followUp',
              label: <span data-testid="settings-tab-followUp"><MessageOutlined /> {t('cadence.tab')}</span>,
              children: <FollowUpSettingsTab />,
            },
            {
              key: 'attachments',
              label: <span data-testid="settings-tab-attachments"><PaperClipOutlined /> {t('customerSettings.tabs.attachments')}</span>,
              children: <AttachmentSettingsCard />,
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
