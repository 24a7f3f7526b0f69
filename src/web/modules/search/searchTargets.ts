import type { SearchHit, SearchKind } from '../../../contracts/search.ts';

/** Where a hit opens: its own page, or — for a contact — its customer's contacts tab. */
export function hitPath(hit: SearchHit): string {
  switch (hit.kind) {
    case 'customer':
      return `/customers/${hit.id}`;
    case 'contact':
      return hit.customerId ? `/customers/${hit.customerId}?tab=contacts` : '/customers';
    case 'lead':
      return `/leads/${hit.id}`;
    case 'opportunity':
      return `/opportunities/${hit.id}`;
    case 'quote':
      return `/quotes/${hit.id}`;
    case 'order':
      return `/orders/${hit.id}`;
    case 'contract':
      return `/contracts/${hit.id}`;
  }
}

/**
 * The list that shows every match of a kind ("查看全部"): the same text in its search box.
 * Contacts have no list of their own; the customer list's search also looks at contacts.
 */
export function moreMatchesPath(kind: SearchKind, q: string): string {
  const list: Record<SearchKind, string> = {
    customer: '/customers',
    contact: '/customers',
    lead: '/leads',
    opportunity: '/opportunities',
    quote: '/quotes',
    order: '/orders',
    contract: '/contracts',
  };
  return `${list[kind]}?q=${encodeURIComponent(q)}`;
}

/** Ctrl+K / ⌘K anywhere, or "/" when not typing in a field, opens the search. */
export function isSearchShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, typingInField: boolean): boolean {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') return true;
  return e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !typingInField;
}
