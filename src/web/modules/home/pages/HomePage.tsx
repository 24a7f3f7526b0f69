import { Link } from 'react-router';
import { Avatar, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import { ApiOutlined, KeyOutlined, RightOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { visibleAdminEntries, visibleBusinessEntries, visibleMarketingEntries, type NavEntry } from '../../../app/navigation.tsx';
import { useCurrentUser } from '../../../app/session.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { FollowUpSummaryCards } from '../../followups/components/FollowUpSummaryCards.tsx';
import { TeamOverview } from '../components/TeamOverview.tsx';

function greetingKey(hour: number) {
  if (hour < 6) return 'home.greetingNight' as const;
  if (hour < 12) return 'home.greetingMorning' as const;
  if (hour < 18) return 'home.greetingAfternoon' as const;
  return 'home.greetingEvening' as const;
}

type QuickLink = { to: string; icon: React.ReactNode; title: string; description: string; testId: string };

function QuickLinkCard({ link }: { link: QuickLink }) {
  return (
    <Link to={link.to} data-testid={link.testId} style={{ display: 'block', height: '100%' }}>
      <Card hoverable className="kehu-quick-link" size="small" styles={{ body: { padding: 16 } }}>
        <Flex gap={14} align="center">
          <span className="kehu-quick-icon">{link.icon}</span>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text strong>{link.title}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }} ellipsis={{ rows: 2 }}>
              {link.description}
            </Typography.Paragraph>
          </div>
          <RightOutlined className="kehu-muted" />
        </Flex>
      </Card>
    </Link>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.home'));
  const user = useCurrentUser();
  const toLink = (e: NavEntry): QuickLink => ({
    to: e.path,
    icon: e.icon,
    title: t(e.label),
    description: e.description ? t(e.description) : '',
    testId: `home-link-${e.key}`,
  });
  const businessLinks: QuickLink[] = visibleBusinessEntries(user.permissions).map(toLink);
  const marketingLinks: QuickLink[] = visibleMarketingEntries(user.permissions).map(toLink);
  const adminLinks: QuickLink[] = visibleAdminEntries(user.permissions).map(toLink);
  const accountLinks: QuickLink[] = [
    { to: '/profile', icon: <UserOutlined />, title: t('nav.profile'), description: t('home.links.profile'), testId: 'home-link-profile' },
    { to: '/profile#tokens', icon: <ApiOutlined />, title: t('tokens.title'), description: t('home.links.tokens'), testId: 'home-link-tokens' },
    {
      to: '/account/password',
      icon: <KeyOutlined />,
      title: t('nav.changePassword'),
      description: t('home.links.password'),
      testId: 'home-link-password',
    },
  ];

  return (
    <div className="kehu-page">
      <Card className="kehu-welcome" style={{ marginBottom: 24 }} data-testid="home-welcome">
        <Flex gap={20} align="center" wrap>
          <Avatar size={64} style={{ backgroundColor: '#1f5fd6', fontSize: 28, flex: 'none' }}>
            {user.displayName.slice(0, 1).toUpperCase()}
          </Avatar>
          <div style={{ flex: 1, minWidth: 240 }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="home-greeting">
              {t(greetingKey(new Date().getHours()), { name: user.displayName })}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {t('home.welcomeHint')}
            </Typography.Paragraph>
          </div>
        </Flex>
        <Descriptions
          style={{ marginTop: 20 }}
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'username', label: t('users.fields.username'), children: user.username },
            {
              key: 'role',
              label: t('users.fields.role'),
              children: (
                <span data-testid="home-role">
                  {user.role.name}
                  <Tag style={{ marginInlineStart: 8 }}>{t(`roles.scope.${user.role.dataScope}`)}</Tag>
                </span>
              ),
            },
            {
              key: 'department',
              label: t('users.fields.department'),
              children: <span data-testid="home-department">{user.department?.name ?? t('users.noDepartment')}</span>,
            },
            { key: 'email', label: t('users.fields.email'), children: user.email ?? '—' },
          ]}
        />
      </Card>

      <FollowUpSummaryCards />

      <TeamOverview />

      {businessLinks.length > 0 ? (
        <section style={{ marginBottom: 24 }}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('home.business')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            {businessLinks.map((link) => (
              <Col key={link.to} xs={24} sm={12} xl={6}>
                <QuickLinkCard link={link} />
              </Col>
            ))}
          </Row>
        </section>
      ) : null}

      {marketingLinks.length > 0 ? (
        <section style={{ marginBottom: 24 }}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('nav.marketing')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            {marketingLinks.map((link) => (
              <Col key={link.to} xs={24} sm={12} xl={6}>
                <QuickLinkCard link={link} />
              </Col>
            ))}
          </Row>
        </section>
      ) : null}

      {adminLinks.length > 0 ? (
        <section style={{ marginBottom: 24 }}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('nav.admin')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            {adminLinks.map((link) => (
              <Col key={link.to} xs={24} sm={12} xl={6}>
                <QuickLinkCard link={link} />
              </Col>
            ))}
          </Row>
        </section>
      ) : null}

      <section>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('home.account')}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {accountLinks.map((link) => (
            <Col key={link.testId} xs={24} sm={12} xl={6}>
              <QuickLinkCard link={link} />
            </Col>
          ))}
        </Row>
      </section>
    </div>
  );
}
