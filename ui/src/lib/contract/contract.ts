/** Reading a contract and its guide, for the editor's sections. */
import type { Contract, Guide } from '$lib/api';

/** What the archetype's guide asks about a contract field (a placeholder or a hint), or ''. */
export function promptFor(guide: Guide | null, field: string): string {
  return guide?.contract.find((p) => p.field === field)?.prompt ?? '';
}

/** The problem the store found in one cell of the contract (a row and a field), if any. */
export function problemAt(contract: Contract, row: string | null, field: string) {
  return contract.problems.find((p) => p.row === row && p.field === field)?.message;
}
