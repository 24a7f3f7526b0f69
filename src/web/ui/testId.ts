/**
 * Add a `data-testid` to a props object passed to antd (okButtonProps and the like), where
 * TypeScript's excess-property check would refuse a `data-*` key that JSX accepts.
 */
export function withTestId<T extends object>(props: T, testId: string): T {
  return { ...props, 'data-testid': testId };
}
