/** The kickoff wizard's steps, and where each readiness item is fixed. */
import type { WizardStep } from '$lib/api';

export const STEPS: { value: Exclude<WizardStep, 'done'>; label: string; about: string }[] = [
  {
    value: 'partner',
    label: 'Partner',
    about: 'The two companies, the archetype, the launch date',
  },
  { value: 'people', label: 'People', about: 'A named owner and an escalation contact each side' },
  {
    value: 'scope',
    label: 'Scope',
    about: 'Stories, workflow, criteria with the cut line, boundaries',
  },
  { value: 'contract', label: 'Contract', about: 'What is exchanged, who owns each field, auth' },
  { value: 'raci', label: 'RACI', about: 'Who does what on each side' },
  { value: 'tracks', label: 'Tracks', about: 'Legal and build milestones, in parallel' },
  { value: 'cadence', label: 'Cadence', about: 'Shared channel, weekly sync day, shared folder' },
  { value: 'review', label: 'Review', about: 'The new-engineer test' },
];

export function stepIndex(step: WizardStep | null | undefined): number {
  const i = STEPS.findIndex((s) => s.value === step);
  return i < 0 ? 0 : i;
}

export function setupHref(projectId: string, step: WizardStep): string {
  return `/projects/${projectId}/setup?step=${step}`;
}

/** The screen of a project where a readiness item (by its `place`) is fixed. */
export function placeHref(projectId: string, place: string): string {
  switch (place) {
    case 'scope':
    case 'raci':
    case 'tracks':
      return `/projects/${projectId}/${place}`;
    case 'people':
      return `/projects/${projectId}`;
    default:
      return setupHref(projectId, place as WizardStep);
  }
}
