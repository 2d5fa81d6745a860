import { describe, expect, it } from 'vitest';
import { conflictGroups } from './conflicts';

const edit = (heading: string, field: string) => ({ heading, field });

describe('the lost edits under their headings', () => {
  it('groups consecutive edits under one heading, in the order given', () => {
    const mine = 'Your side’s edits that lost to a later one';
    const theirs = 'Globex Payments’ edits that lost to a later one';
    expect(
      conflictGroups([edit(mine, 'title'), edit(mine, 'due_date'), edit(theirs, 'owner')]),
    ).toEqual([
      { heading: mine, conflicts: [edit(mine, 'title'), edit(mine, 'due_date')] },
      { heading: theirs, conflicts: [edit(theirs, 'owner')] },
    ]);
  });

  it('has no groups for no edits', () => {
    expect(conflictGroups([])).toEqual([]);
  });
});
