// The frame of every signed-in page: header with navigation, the user's name and role, language, sign-out.
import {
  AuditOutlined,
  BranchesOutlined,
  MobileOutlined,
  FundOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { App, Button, Flex, Grid, Layout, Menu, Tag, Typography } from 'antd';
import { BarChartOutlined } from '@ant-design/icons';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, useSession } from '../auth.tsx';
import { canReadFinance } from '../finance/scope.ts';
import { leaveDevice, pendingOnDevice } from '../field/store.ts';
import { useI18n } from '../i18n/index.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Loading } from './States.tsx';

export function AppLayout() {
  const { t, tOr } = useI18n();
  const me = useMe();
  const { signOut } = useSession();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const wide = !!screens.lg;
  // Four menu items and the sign-out label fit side by side only from 1200 px; below, the button keeps its icon.
  const roomy = !!screens.xl;
  // The administration links carry their names only on the widest screens; elsewhere an icon and a tooltip.
  const spacious = !!screens.xxl;
  const section = '/' + (location.pathname.split('/')[1] ?? '');

  // Entries not yet sent stay on the device with the households they concern: said before signing out.
  const confirmAndSignOut = async () => {
    const pending = await pendingOnDevice(me.username);
    if (pending > 0) {
      const confirmed = await modal.confirm({
        title: t('signOut.pendingTitle', { n: pending }),
        content: <div data-testid="sign-out-pending">{t('signOut.pendingText')}</div>,
        okText: t('signOut.anyway'),
        cancelText: t('common.cancel'),
      });
      if (!confirmed) return;
    }
    // Signed out here even when the server cannot be told (no connection): the session's traces go.
    await signOut().catch(() => undefined);
    await leaveDevice(me.username).catch(() => 'kept');
    void navigate('/login');
  };

  const items = [
    {
      key: '/households',
      icon: <HomeOutlined />,
      label: <Link to="/households">{t('nav.households')}</Link>,
    },
    {
      key: '/rounds',
      icon: <ScheduleOutlined />,
      label: <Link to="/rounds">{t('nav.rounds')}</Link>,
    },
    ...(canReadFinance(me)
      ? [{ key: '/finance', icon: <FundOutlined />, label: <Link to="/finance">{t('nav.finance')}</Link> }]
      : []),
    // Figures are of units; a user scoped to villages only (an enumerator) reads none of them.
    ...(villagesOnly(me)
      ? []
      : [
          {
            key: 'stats',
            icon: <BarChartOutlined />,
            label: t('nav.stats'),
            children: [
              { key: '/dashboard', label: <Link to="/dashboard">{t('nav.dashboard')}</Link> },
              { key: '/figures', label: <Link to="/figures">{t('nav.figures')}</Link> },
              { key: '/reports', label: <Link to="/reports">{t('nav.reports')}</Link> },
            ],
          },
        ]),
  ];
  // Users and the audit log are icon links beside the user's name: six work areas would not fit a
  // 1024 px tablet's header, and administration is not the daily work of most roles.
  const adminLinks = [
    ...(me.permissions.manageUsers
      ? [{ to: '/users', icon: <TeamOutlined aria-hidden />, label: t('nav.users') }]
      : []),
    ...(me.permissions.readAudit
      ? [{ to: '/audit', icon: <AuditOutlined aria-hidden />, label: t('nav.audit') }]
      : []),
    // The village's households on this device, for days without a connection (issue #13): a link here from a
    // tablet up; on a phone the household search (the enumerator's landing page) offers it, the header
    // having no room (a fifth menu item pushed the others into the overflow).
    ...(me.permissions.write && screens.md
      ? [{ to: '/field', icon: <MobileOutlined aria-hidden />, label: t('nav.field') }]
      : []),
    ...(me.permissions.resolveConflicts
      ? [{ to: '/conflicts', icon: <BranchesOutlined aria-hidden />, label: t('nav.conflicts') }]
      : []),
    // Everyone's own API tokens for other systems (the administrator's page lists every user's). Not on a
    // phone, where the header has no room to spare and no other system is set up; /tokens still opens there.
    ...(screens.md ? [{ to: '/tokens', icon: <KeyOutlined aria-hidden />, label: t('tokens.nav') }] : []),
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        className="gn-no-print"
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: wide ? 24 : 12,
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        <Link to="/households" style={{ display: 'flex', alignItems: 'center', gap: 8, flex: 'none' }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {roomy && (
            <Typography.Text strong style={{ fontSize: 18 }}>
              {t('app.name')}
            </Typography.Text>
          )}
        </Link>
        <Menu
          className="gn-main-menu"
          mode="horizontal"
          selectedKeys={[section]}
          items={items}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
        />
        <Flex align="center" gap={8} style={{ flex: 'none' }}>
          {adminLinks.map((l) => (
            <Link
              key={l.to}
              to={l.to}
              title={l.label}
              className={`gn-icon-link${section === l.to ? ' gn-icon-link-active' : ''}`}
            >
              {l.icon}
              {/* The name is always there for screen readers; shown only where there is room. */}
              <span className={spacious ? undefined : 'gn-visually-hidden'}>{l.label}</span>
            </Link>
          ))}
          <Flex
            vertical
            align="end"
            style={{ lineHeight: 1.25 }}
            data-testid="current-user"
            title={roomy ? undefined : me.displayName}
          >
            {/* Below 1200 px the name gives its room to the menu (it stays in the tooltip); the role stays. */}
            {roomy && (
              <Typography.Text strong ellipsis style={{ maxWidth: 220 }}>
                {me.displayName}
              </Typography.Text>
            )}
            <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>
              {tOr(`role.${me.role}`, me.role)}
            </Tag>
          </Flex>
          <LanguageSwitch />
          <Button
            icon={<LogoutOutlined />}
            aria-label={t('nav.signOut')}
            onClick={() => void confirmAndSignOut()}
          >
            {roomy ? t('nav.signOut') : null}
          </Button>
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: wide ? 24 : 12, maxWidth: 1400, width: '100%', margin: '0 auto' }}>
        {/* A screen opened for the first time is a chunk still on its way: the frame stays meanwhile. */}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

/** A user whose scope is villages only (no unit): the figures of units are not theirs to read. */
function villagesOnly(me: {
  scopes: { all: boolean; read: readonly unknown[]; villageIds: readonly string[] };
}) {
  return !me.scopes.all && me.scopes.read.length === 0 && me.scopes.villageIds.length > 0;
}
