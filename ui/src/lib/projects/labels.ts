/** How the domain's vocabularies read on screen. The spellings come from Rust. */
import type { Archetype, Side } from '$lib/api';

export const ARCHETYPES: { value: Archetype; label: string; hint: string }[] = [
  { value: 'data-sync', label: 'Data sync', hint: 'Records kept in step, one-way or two-way' },
  {
    value: 'event-automation',
    label: 'Event automation',
    hint: 'Triggers and actions, immediate',
  },
  { value: 'embedded-ui', label: 'Embedded UI', hint: 'Widgets and deep links' },
  { value: 'identity', label: 'Identity (SSO/SCIM)', hint: 'Sign-on, provisioning, roles' },
  {
    value: 'marketplace-connector',
    label: 'Marketplace connector',
    hint: 'OAuth install, admin consent, review',
  },
];

export function archetypeLabel(a: Archetype): string {
  return ARCHETYPES.find((x) => x.value === a)?.label ?? a;
}

export const SIDES: Side[] = ['ours', 'partner'];

/** Formats a `YYYY-MM-DD` date in the user's locale, without shifting it across time zones. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}
