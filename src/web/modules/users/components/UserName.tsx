import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { getUser, usersKeys } from '../users.api.ts';

/** A user's display name from their id (cached per id). */
export function UserName({ id }: { id: string }) {
  const { data, isPending, isError } = useQuery({
    queryKey: usersKeys.detail(id),
    queryFn: ({ signal }) => getUser(id, signal),
    staleTime: 5 * 60_000,
  });
  if (isPending) return <Typography.Text type="secondary">…</Typography.Text>;
  if (isError) return <Typography.Text type="secondary">—</Typography.Text>;
  return <span>{data.displayName}</span>;
}
