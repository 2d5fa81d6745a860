/**
 * The two companies as this device's user sees them. Everything stored keeps its stored
 * sides (`ours` is the company that created the project); the backend's `Perspective` says
 * which one the user is with, and screens present the project from there: their company
 * first, as "Your side", in the own-side colour.
 */
import type { Perspective, Side, SideView } from '$lib/api';

/** How the reader sees a stored side: its company, "Your side" or the company as a heading,
 *  "you" or the company as who a blocker waits on. */
export function sideView(p: Perspective, side: Side): SideView {
  return p.sides.find((s) => s.side === side) ?? p.sides[0];
}

/** The stored sides, the reader's own first. */
export function sidesInOrder(p: Perspective): Side[] {
  return p.sides.map((s) => s.side);
}

/** The colour a side is drawn in: the reader's own company's, or the other's. While the
 *  reader has not said, the creator's company is drawn as "own". */
export function tone(p: Perspective, side: Side): 'own' | 'other' {
  return side === (p.my_side ?? 'ours') ? 'own' : 'other';
}

/** The company of a stored side. */
export function companyOf(p: Perspective, side: Side): string {
  return sideView(p, side).company;
}

/** The company of a stored side from a project's (or a project summary's) two names, where
 *  no perspective is at hand: `ours` is the company that created the project. */
export function companyNamed(p: { ours: string; partner: string }, side: Side): string {
  return side === 'ours' ? p.ours : p.partner;
}

/** The other stored side. */
export function otherSide(side: Side): Side {
  return side === 'ours' ? 'partner' : 'ours';
}

/** The name of a stored side's own field of a project: `holidays` → `holidays_ours`. */
export function sideKey<K extends string>(field: K, side: Side): `${K}_${Side}` {
  return `${field}_${side}`;
}

/** A stored side's own value of a project's field (`holidays_ours`, `owner_partner`…), or of
 *  any record kept per side (`{ ours, partner }`, as a RACI cell). */
export function ofSide<T extends Record<string, unknown>, K extends string>(
  record: T,
  field: K,
  side: Side,
): T[`${K}_${Side}` & keyof T] {
  return record[sideKey(field, side) as `${K}_${Side}` & keyof T];
}
