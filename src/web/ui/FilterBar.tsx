import type { ReactNode } from 'react';
import { Flex } from 'antd';

/** The row of filters above a list; wraps on narrow screens. */
export function FilterBar({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <Flex className="kehu-filter-bar" gap={12} wrap align="center" justify="space-between">
      <Flex gap={12} wrap align="center" style={{ flex: 1, minWidth: 0 }}>
        {children}
      </Flex>
      {extra ? <Flex gap={8}>{extra}</Flex> : null}
    </Flex>
  );
}
