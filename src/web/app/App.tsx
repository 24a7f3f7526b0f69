import { App as AntApp, ConfigProvider } from 'antd';
import type { ConfigProviderProps } from 'antd';
import zhCNModule from 'antd/locale/zh_CN.js';
import enUSModule from 'antd/locale/en_US.js';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AppErrorHandling } from './ErrorHandling.tsx';
import { queryClient } from './queryClient.ts';
import { router } from './router.tsx';
import { SessionEffects } from './session.tsx';
import { theme } from './theme.ts';

type AntLocale = NonNullable<ConfigProviderProps['locale']>;

/** antd's locale files are CommonJS; depending on the bundler's interop the default import is the object or its wrapper. */
function unwrap(mod: unknown): AntLocale {
  const m = mod as { default?: AntLocale } & AntLocale;
  return m.default ?? m;
}

const zhCN = unwrap(zhCNModule);
const enUS = unwrap(enUSModule);

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <SessionEffects />
          <AppErrorHandling>
            <RouterProvider router={router} />
          </AppErrorHandling>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
