import { useId } from 'react';

/** The Kehu mark: a person in a rounded square, in the brand blue. */
export function BrandMark({ size = 32 }: { size?: number }) {
  // Each instance needs its own gradient id: a hidden copy (display: none) would otherwise
  // own the id and leave the visible one without its fill.
  const gradient = `kehu-mark-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#3a7bf0" />
          <stop offset="1" stopColor="#1746b8" />
        </linearGradient>
      </defs>
      <rect x="1" y="1" width="30" height="30" rx="8" fill={`url(#${gradient})`} />
      <circle cx="16" cy="12.5" r="4.2" fill="#fff" />
      <path d="M8.5 24.5c1.3-4 4.2-6 7.5-6s6.2 2 7.5 6" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  );
}
