import { Badge } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useCan } from '../../../app/session.tsx';
import { taskCountsOfMine, tasksKeys } from '../tasks.api.ts';

/** My overdue tasks beside the menu's 任务 item (refreshed every minute). */
export function OverdueTasksBadge() {
  const can = useCan();
  const counts = useQuery({ queryKey: tasksKeys.counts, queryFn: ({ signal }) => taskCountsOfMine(signal), enabled: can('task:read'), refetchInterval: 60_000 });
  const overdue = counts.data?.overdue ?? 0;
  if (overdue === 0) return null;
  return <Badge count={overdue} size="small" overflowCount={99} style={{ marginInlineStart: 8 }} data-testid="nav-tasks-overdue" />;
}
