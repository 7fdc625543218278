import { ReferralLinks } from './referral-links';

describe('referral mail links', () => {
  const links = new ReferralLinks('a-secret-of-at-least-thirty-two-chars!', 7);

  it('round-trips its claims', () => {
    const check = links.check(links.sign('ref-1', 'member-1', 'accept'));
    expect(check).toMatchObject({ ok: true, claims: { r: 'ref-1', m: 'member-1', a: 'accept' } });
  });

  it('refuses a changed payload, another secret, garbage and expiry', () => {
    const token = links.sign('ref-1', 'member-1', 'decline');
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), a: 'accept' })).toString('base64url');
    expect(links.check(`${forged}.${mac}`)).toEqual({ ok: false, problem: 'signature' });
    expect(new ReferralLinks('another-secret-of-thirty-two-chars-long', 7).check(token)).toEqual({ ok: false, problem: 'signature' });
    expect(links.check('nonsense')).toEqual({ ok: false, problem: 'malformed' });
    expect(links.check(token, Date.now() + 8 * 86_400_000)).toEqual({ ok: false, problem: 'expired' });
  });
});
