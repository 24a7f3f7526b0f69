import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

type Props = {
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
};

/** The frame of every page: a title row with the page's main actions, then the content. */
export function PageContainer({ title, description, extra, children }: Props) {
  return (
    <div className="kehu-page">
      <Flex className="kehu-page-header" justify="space-between" align="flex-start" gap={16} wrap>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {description ? (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {description}
            </Typography.Paragraph>
          ) : null}
        </div>
        {extra ? (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        ) : null}
      </Flex>
      {children}
    </div>
  );
}
