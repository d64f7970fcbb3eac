/** Small role icons drawn inline (no icon font, no network). */
import type { Role } from '../../model/types';

export function Glyph({ role }: { role: Role | undefined }) {
  const c = 'currentColor';
  switch (role) {
    case 'spine':
    case 'super-spine':
      return (
        <svg className="glyph" viewBox="0 0 16 16" aria-hidden="true">
          <rect
            x="1.5"
            y="4"
            width="13"
            height="8"
            rx="1.5"
            fill="none"
            stroke={c}
            strokeWidth="1.3"
          />
          <path d="M4 8h8M6 6l-2 2 2 2M10 6l2 2-2 2" fill="none" stroke={c} strokeWidth="1.1" />
        </svg>
      );
    case 'leaf':
      return (
        <svg className="glyph" viewBox="0 0 16 16" aria-hidden="true">
          <rect
            x="1.5"
            y="4"
            width="13"
            height="8"
            rx="1.5"
            fill="none"
            stroke={c}
            strokeWidth="1.3"
          />
          <path
            d="M4 7h1.5M7 7h1.5M10 7h1.5M4 9.5h1.5M7 9.5h1.5M10 9.5h1.5"
            stroke={c}
            strokeWidth="1.1"
          />
        </svg>
      );
    case 'route-reflector':
      return (
        <svg className="glyph" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="8" cy="8" r="6.3" fill="none" stroke={c} strokeWidth="1.3" />
          <path d="M4.5 10.5L8 5l3.5 5.5" fill="none" stroke={c} strokeWidth="1.2" />
        </svg>
      );
    case 'node':
      return (
        <svg className="glyph" viewBox="0 0 16 16" aria-hidden="true">
          <path
            d="M8 1.5l5.8 3.2v6.6L8 14.5l-5.8-3.2V4.7z"
            fill="none"
            stroke={c}
            strokeWidth="1.3"
          />
          <circle cx="8" cy="8" r="2" fill={c} />
        </svg>
      );
    case 'client':
      return (
        <svg className="glyph" viewBox="0 0 16 16" aria-hidden="true">
          <rect
            x="2"
            y="2.5"
            width="12"
            height="8"
            rx="1"
            fill="none"
            stroke={c}
            strokeWidth="1.3"
          />
          <path d="M5.5 13.5h5M8 10.5v3" stroke={c} strokeWidth="1.3" />
        </svg>
      );
    case 'bridge':
      return (
        <svg className="glyph" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M1.5 8h13M4 8V5M8 8V5M12 8V5M4 8v3M8 8v3M12 8v3" stroke={c} strokeWidth="1.3" />
        </svg>
      );
    default:
      return (
        <svg className="glyph" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="8" cy="8" r="6.3" fill="none" stroke={c} strokeWidth="1.3" />
          <path
            d="M3 8h10M8 3v10M5 5.5L3 8l2 2.5M11 5.5L13 8l-2 2.5"
            fill="none"
            stroke={c}
            strokeWidth="1"
          />
        </svg>
      );
  }
}
