/** How the domain's vocabularies read on screen. The spellings come from Rust. */
import type { Archetype, BlockerClass, MilestoneKind, SyncDay } from '$lib/api';

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

/** Formats a `YYYY-MM-DD` date in the user's locale, without shifting it across time zones. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}

export const BLOCKER_CLASSES: { value: BlockerClass; label: string; waits: string }[] = [
  { value: 'decision', label: 'Decision', waits: 'a choice nobody has made yet' },
  {
    value: 'dependency',
    label: 'Dependency',
    waits: 'the other side to build or finish something',
  },
  { value: 'access', label: 'Access', waits: 'credentials, sandbox accounts or permissions' },
  { value: 'legal', label: 'Legal', waits: 'an agreement, a review or a questionnaire' },
];

export function classLabel(c: BlockerClass): string {
  return BLOCKER_CLASSES.find((x) => x.value === c)?.label ?? c;
}

export const MILESTONE_KINDS: {
  value: MilestoneKind;
  label: string;
  track: 'legal' | 'build' | null;
}[] = [
  { value: 'nda', label: 'NDA', track: 'legal' },
  { value: 'dpa', label: 'DPA', track: 'legal' },
  { value: 'agreement-redlines', label: 'Agreement redlines', track: 'legal' },
  { value: 'agreement-signed', label: 'Agreement signed', track: 'legal' },
  { value: 'sandbox-access', label: 'Sandbox access', track: 'build' },
  { value: 'first-call', label: 'First API call', track: 'build' },
  { value: 'build-complete', label: 'Build complete', track: 'build' },
  { value: 'test-plan-passed', label: 'Test plan passed', track: 'build' },
  { value: 'app-review-submitted', label: 'App review submitted', track: 'build' },
  { value: 'app-review-approved', label: 'App review approved', track: 'build' },
  { value: 'production-go-live', label: 'Production go-live', track: 'build' },
  { value: 'marketplace-listing', label: 'Marketplace listing', track: 'build' },
  { value: 'custom', label: 'Other', track: null },
];

/** "3 business days", "1 business day". */
export function businessDays(n: number): string {
  return `${n} business ${n === 1 ? 'day' : 'days'}`;
}

export const SYNC_DAYS: { value: SyncDay; label: string }[] = [
  { value: 'monday', label: 'Monday' },
  { value: 'tuesday', label: 'Tuesday' },
  { value: 'wednesday', label: 'Wednesday' },
  { value: 'thursday', label: 'Thursday' },
  { value: 'friday', label: 'Friday' },
];
