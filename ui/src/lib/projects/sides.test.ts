import { describe, expect, it } from 'vitest';
import type { Perspective } from '$lib/api';
import { companyOf, ofSide, otherSide, sideKey, sideView, sidesInOrder, tone } from './sides';

// As the backend sends it to a device of each company (core `sides` builds it).
const words = (company: string, mine: boolean) => ({
  possessive: `${company}'s`,
  lost_edits: `${mine ? "Your side's" : `${company}'s`} edits that lost to a later one`,
});
const creator: Perspective = {
  my_side: 'ours',
  my_company: 'Northwind CRM',
  me: 'maya',
  sides: [
    {
      side: 'ours',
      company: 'Northwind CRM',
      mine: true,
      label: 'Your side',
      waits_on: 'you',
      ...words('Northwind CRM', true),
    },
    {
      side: 'partner',
      company: 'Ledgerly',
      mine: false,
      label: 'Ledgerly',
      waits_on: 'Ledgerly',
      ...words('Ledgerly', false),
    },
  ],
};
const partner: Perspective = {
  my_side: 'partner',
  my_company: 'Ledgerly',
  me: null,
  sides: [
    {
      side: 'partner',
      company: 'Ledgerly',
      mine: true,
      label: 'Your side',
      waits_on: 'you',
      ...words('Ledgerly', true),
    },
    {
      side: 'ours',
      company: 'Northwind CRM',
      mine: false,
      label: 'Northwind CRM',
      waits_on: 'Northwind CRM',
      ...words('Northwind CRM', false),
    },
  ],
};

describe('sides from the reader', () => {
  it('puts the reader’s own company first', () => {
    expect(sidesInOrder(creator)).toEqual(['ours', 'partner']);
    expect(sidesInOrder(partner)).toEqual(['partner', 'ours']);
  });

  it('draws the reader’s company in the own colour, whichever stored side it is', () => {
    expect(tone(creator, 'ours')).toBe('own');
    expect(tone(partner, 'ours')).toBe('other');
    expect(tone(partner, 'partner')).toBe('own');
  });

  it('keeps the stored side’s company and says who a blocker waits on', () => {
    expect(companyOf(partner, 'ours')).toBe('Northwind CRM');
    expect(sideView(partner, 'partner').waits_on).toBe('you');
    expect(sideView(partner, 'ours').waits_on).toBe('Northwind CRM');
  });

  it('while the reader has not said, draws the creator’s company as own', () => {
    const unknown: Perspective = { ...creator, my_side: null, my_company: null, me: null };
    expect(tone(unknown, 'ours')).toBe('own');
    expect(tone(unknown, 'partner')).toBe('other');
  });
});

describe('companyNamed', () => {
  it('names the stored side from the project, whoever reads it', async () => {
    const { companyNamed } = await import('./sides');
    const p = { ours: 'Northwind CRM', partner: 'Ledgerly' };
    expect([companyNamed(p, 'ours'), companyNamed(p, 'partner')]).toEqual([
      'Northwind CRM',
      'Ledgerly',
    ]);
  });
});

describe('a side’s own fields', () => {
  // Stored sides: `ours` is the company that created the project, whoever reads it.
  const project = {
    owner_ours: 'maya',
    owner_partner: 'lukas',
    holidays_ours: ['2027-05-27'],
    holidays_partner: [] as string[],
  };

  it('reads the field of the side asked for, never the other’s', () => {
    expect(ofSide(project, 'owner', 'ours')).toBe('maya');
    expect(ofSide(project, 'owner', 'partner')).toBe('lukas');
    expect(ofSide(project, 'holidays', 'ours')).toEqual(['2027-05-27']);
    expect(ofSide(project, 'holidays', otherSide('ours'))).toEqual([]);
  });

  it('names the field a patch sends for a side, and the other side', () => {
    expect(sideKey('work_week', 'partner')).toBe('work_week_partner');
    expect(otherSide('partner')).toBe('ours');
    expect(otherSide(otherSide('ours'))).toBe('ours');
  });
});
