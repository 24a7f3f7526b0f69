import type { ThemeConfig } from 'antd';

export const BRAND_COLOR = '#1f5fd6';

const fontFamily = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(', ');

export const theme: ThemeConfig = {
  cssVar: { key: 'kehu' },
  token: {
    colorPrimary: BRAND_COLOR,
    colorInfo: BRAND_COLOR,
    colorSuccess: '#1a9c5b',
    colorWarning: '#d98a00',
    colorError: '#d6383a',
    borderRadius: 8,
    fontFamily,
    colorBgLayout: '#f4f6fa',
  },
  components: {
    Layout: {
      headerBg: '#ffffff',
      siderBg: '#ffffff',
      headerHeight: 56,
      headerPadding: '0 20px',
      triggerBg: '#ffffff',
      triggerColor: 'rgba(0,0,0,0.65)',
    },
    Menu: {
      itemBorderRadius: 6,
      itemMarginInline: 8,
      itemSelectedBg: '#eaf1ff',
      subMenuItemBg: 'transparent',
    },
    Table: {
      headerBg: '#f7f8fb',
    },
    Card: {
      headerFontSize: 15,
    },
  },
};
