import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../contracts/access.ts';
import { ErrorState, LoadingState } from '../ui/StateViews.tsx';
import { safeNext } from './next-path.ts';
import { CurrentUserContext, useCan, useSession } from './session.tsx';

function FullPageLoading() {
  return <LoadingState height={window.innerHeight} />;
}

/** Signed-in pages: send the anonymous to sign in and the flagged to the password change. */
export function RequireSession() {
  const { data: user, isPending, error, refetch } = useSession();
  const location = useLocation();
  if (isPending) return <FullPageLoading />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!user) {
    const here = location.pathname + location.search;
    return <Navigate to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />;
  }
  if (user.mustChangePassword) return <Navigate to="/change-password" replace />;
  return (
    <CurrentUserContext value={user}>
      <Outlet />
    </CurrentUserContext>
  );
}

/** The forced password change page: only while the flag is set. */
export function RequirePasswordChange() {
  const { data: user, isPending, error, refetch } = useSession();
  if (isPending) return <FullPageLoading />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!user) return <Navigate to="/login" replace />;
  if (!user.mustChangePassword) return <Navigate to="/" replace />;
  return (
    <CurrentUserContext value={user}>
      <Outlet />
    </CurrentUserContext>
  );
}

/** The sign-in page: someone already signed in goes on to the app. */
export function RedirectIfSignedIn() {
  const { data: user, isPending } = useSession();
  const location = useLocation();
  if (isPending) return <FullPageLoading />;
  if (user) {
    if (user.mustChangePassword) return <Navigate to="/change-password" replace />;
    return <Navigate to={safeNext(new URLSearchParams(location.search).get('next'))} replace />;
  }
  return <Outlet />;
}

export function Forbidden() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={t('errors.forbiddenPage')}
      data-testid="forbidden"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

export function RequirePermission({ permission }: { permission: Permission }) {
  const can = useCan();
  if (!can(permission)) return <Forbidden />;
  return <Outlet />;
}
