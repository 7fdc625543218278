import { DATA_CATEGORIES, PURPOSES, ROLES, type DataCategory, type Purpose, type Role } from '@roundtable/contracts';
import { allowedCategories, basisStatus, decide, type SharingBasis, type Viewer } from './consent-decision';

const OWNER = 'org-caritas';
const GRANTEE = 'org-jobcenter';
const OTHER = 'org-diakonie';
const client = { id: 'client-1', ownerOrganisationId: OWNER };
const now = new Date('2026-11-21T10:00:00Z');
const day = 24 * 3600 * 1000;
const at = (offsetDays: number) => new Date(now.getTime() + offsetDays * day);

function basis(overrides: Partial<SharingBasis> = {}): SharingBasis {
  return {
    id: 'consent-1',
    kind: 'consent',
    clientId: client.id,
    granteeOrganisationIds: [GRANTEE],
    purposes: ['referral'],
    categories: ['identity', 'residence', 'employment'],
    validFrom: at(-10),
    validUntil: at(+10),
    withdrawnAt: null,
    ...overrides,
  };
}

const viewer = (organisationId: string | null, ...roles: Role[]): Viewer => ({ organisationId, roles });
const allowed = (v: Viewer, bases: SharingBasis[], purpose: Purpose = 'referral', categories: readonly DataCategory[] = DATA_CATEGORIES, when = now) =>
  allowedCategories(decide(v, client, purpose, categories, when, bases));

describe('basisStatus', () => {
  it.each([
    ['active', basis(), now],
    ['not_yet_valid', basis({ validFrom: at(+1) }), now],
    ['expired', basis({ validUntil: at(-1) }), now],
    ['expired', basis({ validUntil: now }), now], // the end is exclusive
    ['active', basis({ validUntil: null }), at(+1000)],
    ['withdrawn', basis({ withdrawnAt: at(-1) }), now],
    ['withdrawn', basis({ withdrawnAt: now }), now], // withdrawal takes effect at once
    ['active', basis({ withdrawnAt: at(+1) }), now], // (a later withdrawal, seen from before it)
  ])('%s', (expected, b, when) => {
    expect(basisStatus(b, when)).toBe(expected);
  });
});

describe('the consent decision', () => {
  describe('the owning organisation', () => {
    it('sees every category of its own client, on the basis of ownership, for any purpose', () => {
      for (const purpose of PURPOSES) {
        const d = decide(viewer(OWNER, 'integration-manager'), client, purpose, DATA_CATEGORIES, now, []);
        for (const c of DATA_CATEGORIES) expect(d[c]).toEqual({ allowed: true, basis: { kind: 'ownership' } });
      }
    });

    it('still applies role limits: a volunteer of the owner sees no health data', () => {
      expect(allowed(viewer(OWNER, 'volunteer'), [])).toEqual(DATA_CATEGORIES.filter((c) => c !== 'health'));
    });
  });

  describe('a grantee organisation', () => {
    const v = viewer(GRANTEE, 'caseworker');

    it('sees exactly the consented categories under an active consent, naming it', () => {
      const d = decide(v, client, 'referral', DATA_CATEGORIES, now, [basis()]);
      expect(allowedCategories(d)).toEqual(['identity', 'residence', 'employment']);
      expect(d.identity).toEqual({ allowed: true, basis: { kind: 'consent', id: 'consent-1' } });
      expect(d.health).toEqual({ allowed: false, reason: 'no_basis' });
    });

    it.each([
      ['expired', basis({ validUntil: at(-1) })],
      ['withdrawn', basis({ withdrawnAt: at(-1) })],
      ['withdrawn this very moment', basis({ withdrawnAt: now })],
      ['not yet valid', basis({ validFrom: at(+1) })],
    ])('sees nothing under a consent that is %s', (_label, b) => {
      expect(allowed(v, [b])).toEqual([]);
    });

    it('sees nothing for another purpose than the consented one', () => {
      for (const purpose of PURPOSES.filter((p) => p !== 'referral')) expect(allowed(v, [basis()], purpose)).toEqual([]);
    });

    it('sees nothing under a consent of another client', () => {
      expect(allowed(v, [basis({ clientId: 'client-2' })])).toEqual([]);
    });

    it('follows the validity window over time', () => {
      const b = basis({ validFrom: at(+1), validUntil: at(+3) });
      expect(allowed(v, [b], 'referral', ['identity'], at(0))).toEqual([]);
      expect(allowed(v, [b], 'referral', ['identity'], at(+1))).toEqual(['identity']);
      expect(allowed(v, [b], 'referral', ['identity'], at(+2.9))).toEqual(['identity']);
      expect(allowed(v, [b], 'referral', ['identity'], at(+3))).toEqual([]);
    });
  });

  it('gives another organisation nothing, whatever its role, when no basis names it', () => {
    for (const role of ROLES) expect(allowed(viewer(OTHER, role), [basis()])).toEqual([]);
  });

  describe('statutory disclosures', () => {
    const statutory = basis({ id: 'statutory-1', kind: 'statutory', categories: ['residence', 'identity'] });

    it('count like a consent and are named as statutory', () => {
      const d = decide(viewer(GRANTEE, 'caseworker'), client, 'referral', ['residence', 'health'], now, [statutory]);
      expect(d.residence).toEqual({ allowed: true, basis: { kind: 'statutory', id: 'statutory-1' } });
      expect(d.health).toEqual({ allowed: false, reason: 'no_basis' });
    });

    it('end like a consent', () => {
      expect(allowed(viewer(GRANTEE, 'caseworker'), [{ ...statutory, validUntil: at(-1) }])).toEqual([]);
    });
  });

  describe('several overlapping bases', () => {
    const older = basis({ id: 'older', validFrom: at(-30), categories: ['identity'] });
    const newer = basis({ id: 'newer', validFrom: at(-5), categories: ['identity', 'contact'] });
    const v = viewer(GRANTEE, 'integration-manager');

    it('allow the union of their categories, naming the longest-standing basis per category', () => {
      const d = decide(v, client, 'referral', DATA_CATEGORIES, now, [newer, older]);
      expect(allowedCategories(d)).toEqual(['identity', 'contact']);
      expect(d.identity).toEqual({ allowed: true, basis: { kind: 'consent', id: 'older' } });
      expect(d.contact).toEqual({ allowed: true, basis: { kind: 'consent', id: 'newer' } });
    });

    it('fall back to the remaining basis when one is withdrawn', () => {
      const d = decide(v, client, 'referral', ['identity'], now, [newer, { ...older, withdrawnAt: at(-1) }]);
      expect(d.identity).toEqual({ allowed: true, basis: { kind: 'consent', id: 'newer' } });
    });

    it('mix consent and statutory bases', () => {
      const statutory = basis({ id: 'statutory-1', kind: 'statutory', validFrom: at(-50), categories: ['residence'] });
      const d = decide(v, client, 'referral', ['identity', 'residence'], now, [newer, statutory]);
      expect(d.identity).toEqual({ allowed: true, basis: { kind: 'consent', id: 'newer' } });
      expect(d.residence).toEqual({ allowed: true, basis: { kind: 'statutory', id: 'statutory-1' } });
    });
  });

  describe('roles', () => {
    const everything = basis({ categories: DATA_CATEGORIES, purposes: PURPOSES });

    it.each<[Role[], DataCategory[]]>([
      [['abh-liaison'], [...DATA_CATEGORIES]],
      [['integration-manager'], [...DATA_CATEGORIES]],
      [['caseworker'], [...DATA_CATEGORIES]],
      [['volunteer'], DATA_CATEGORIES.filter((c) => c !== 'health')],
      [['network-admin'], []],
      [['bulletin-editor'], []],
      [[], []],
      [['network-admin', 'integration-manager'], [...DATA_CATEGORIES]],
      [['volunteer', 'integration-manager'], [...DATA_CATEGORIES]],
    ])('%j at a grantee sees %j', (roles, expected) => {
      expect(allowed(viewer(GRANTEE, ...roles), [everything])).toEqual(expected);
    });

    it('give network-admin nothing by role alone, even at the owning organisation', () => {
      const d = decide(viewer(OWNER, 'network-admin'), client, 'counselling', ['identity'], now, []);
      expect(d.identity).toEqual({ allowed: false, reason: 'role' });
    });

    it('give a member without organisation nothing', () => {
      const d = decide(viewer(null, 'integration-manager'), client, 'counselling', ['identity'], now, [everything]);
      expect(d.identity).toEqual({ allowed: false, reason: 'no_organisation' });
    });
  });

  it('decides each category on its own, for every category', () => {
    for (const category of DATA_CATEGORIES) {
      const only = basis({ categories: [category] });
      expect(allowed(viewer(GRANTEE, 'integration-manager'), [only])).toEqual([category]);
    }
  });
});
