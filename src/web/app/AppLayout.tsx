import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Button, Drawer, Dropdown, Flex, Layout, Menu, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../ui/BrandMark.tsx';
import { LoadingState } from '../ui/StateViews.tsx';
import { useIsPhone } from '../ui/useIsPhone.ts';
import { NotificationBell } from '../modules/notifications/components/NotificationBell.tsx';
import { GlobalSearch } from '../modules/search/components/GlobalSearch.tsx';
import { OverdueTasksBadge } from '../modules/tasks/components/OverdueTasksBadge.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { ADMIN_ENTRIES, BUSINESS_ENTRIES, HOME_ENTRY, MARKETING_ENTRIES, visibleAdminEntries, visibleBusinessEntries, visibleMarketingEntries, type NavEntry } from './navigation.tsx';
import { signOut, useCurrentUser } from './session.tsx';

const SIDER_KEY = 'kehu.sider';

function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(SIDER_KEY) === 'collapsed';
  } catch {
    return false;
  }
}

export function AppLayout() {
  const user = useCurrentUser();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [storedCollapsed, setCollapsedState] = useState(readCollapsed);
  // On a phone the menu is a drawer opened from the header (no rail taking a fifth of the width).
  const phone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [drawerPath, setDrawerPath] = useState(location.pathname);
  if (drawerPath !== location.pathname) {
    // Following a link in the drawer closes it.
    setDrawerPath(location.pathname);
    setDrawerOpen(false);
  }
  const collapsed = storedCollapsed && !phone;

  const setCollapsed = (value: boolean) => {
    setCollapsedState(value);
    try {
      window.localStorage.setItem(SIDER_KEY, value ? 'collapsed' : 'expanded');
    } catch {
      // not remembered, no harm
    }
  };

  const business = visibleBusinessEntries(user.permissions);
  const marketing = visibleMarketingEntries(user.permissions);
  const admin = visibleAdminEntries(user.permissions);
  const selectedKey =
    location.pathname === '/'
      ? HOME_ENTRY.key
      : [...BUSINESS_ENTRIES, ...MARKETING_ENTRIES, ...ADMIN_ENTRIES].find((e) => location.pathname === e.path || location.pathname.startsWith(`${e.path}/`))?.key;

  const menuItems: MenuProps['items'] = [
    {
      key: HOME_ENTRY.key,
      icon: HOME_ENTRY.icon,
      label: (
        <Link to={HOME_ENTRY.path} data-testid={HOME_ENTRY.testId}>
          {t(HOME_ENTRY.label)}
        </Link>
      ),
    },
  ];
  const addGroup = (key: string, title: string, entries: NavEntry[]) => {
    if (entries.length === 0) return;
    const items = entries.map((e) => ({
      key: e.key,
      icon: e.icon,
      label: (
        <Link to={e.path} data-testid={e.testId}>
          {t(e.label)}
          {e.badge === 'overdueTasks' && !collapsed ? <OverdueTasksBadge /> : null}
        </Link>
      ),
    }));
    // A collapsed sider has no room for the group title: a divider separates the group instead.
    if (collapsed) menuItems.push({ type: 'divider' }, ...items);
    else menuItems.push({ key, type: 'group', label: title, children: items });
  };
  addGroup('business', t('nav.business'), business);
  addGroup('marketing', t('nav.marketing'), marketing);
  addGroup('admin', t('nav.admin'), admin);

  const onLogout = async () => {
    try {
      await signOut(client);
    } catch {
      void message.warning(t('auth.logoutOffline'));
    }
    void navigate('/login', { replace: true });
  };

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div className="kehu-user-menu-head">
            <div className="kehu-user-menu-name">{user.displayName}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {user.username} · {user.role.name}
            </Typography.Text>
          </div>
        ),
      },
      { type: 'divider' },
      {
        key: 'profile',
        icon: <UserOutlined />,
        label: <span data-testid="user-menu-profile">{t('nav.profile')}</span>,
      },
      {
        key: 'password',
        icon: <KeyOutlined />,
        label: <span data-testid="user-menu-change-password">{t('nav.changePassword')}</span>,
      },
      { type: 'divider' },
      {
        key: 'logout',
        icon: <LogoutOutlined />,
        danger: true,
        label: <span data-testid="user-menu-logout">{t('nav.logout')}</span>,
      },
    ],
    onClick: ({ key }) => {
      if (key === 'profile') void navigate('/profile');
      else if (key === 'password') void navigate('/account/password');
      else if (key === 'logout') void onLogout();
    },
  };

  const logo = (
    <Link to="/" className="kehu-logo" aria-label={t('app.name')}>
      <BrandMark size={30} />
      {collapsed ? null : (
        <span className="kehu-logo-text">
          <span className="kehu-logo-zh">{t('app.nameZh')}</span>
          <span className="kehu-logo-en">Kehu</span>
        </span>
      )}
    </Link>
  );
  const menu = <Menu mode="inline" items={menuItems} selectedKeys={selectedKey ? [selectedKey] : []} className="kehu-menu" />;

  return (
    <Layout className="kehu-shell">
      {phone ? (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={264}
          closable={false}
          className="kehu-menu-drawer"
          styles={{ body: { padding: 0 } }}
          data-testid="sider"
        >
          {logo}
          {menu}
        </Drawer>
      ) : (
      <Layout.Sider
        width={224}
        collapsedWidth={64}
        collapsible
        collapsed={collapsed}
        trigger={null}
        breakpoint="lg"
        onBreakpoint={(broken) => setCollapsed(broken)}
        className="kehu-sider"
        data-testid="sider"
      >
        {logo}
        {menu}
      </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="kehu-header">
          <Flex align="center" justify="space-between" style={{ height: '100%' }}>
            <Flex align="center" gap={phone ? 4 : 12} style={{ minWidth: 0 }}>
              {phone ? (
                <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('nav.expand')} data-testid="sider-toggle" />
              ) : (
                <Button
                  type="text"
                  icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                  onClick={() => setCollapsed(!collapsed)}
                  aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
                  data-testid="sider-toggle"
                />
              )}
              <GlobalSearch />
            </Flex>
            <Flex align="center" gap={phone ? 0 : 8}>
              <NotificationBell />
              <LanguageSwitch compact={phone} />
              <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
                <Button type="text" className="kehu-user-button" data-testid="user-menu">
                  <Avatar size={28} style={{ backgroundColor: '#1f5fd6' }}>
                    {user.displayName.slice(0, 1).toUpperCase()}
                  </Avatar>
                  <span className="kehu-user-name" data-testid="user-menu-name">
                    {user.displayName}
                  </span>
                </Button>
              </Dropdown>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content className="kehu-content">
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
