import type { Role } from '@roundtable/contracts';
import { reviewStep } from './bulletin-review';

const author = 'member-author';
const other = 'member-other';
const as = (memberId: string, ...roles: Role[]) => ({ memberId, roles });

describe('four eyes', () => {
  it('lets an author submit and a second liaison publish', () => {
    expect(reviewStep('submit', 'draft', as(author, 'bulletin-editor'), author)).toEqual({ ok: true, to: 'in_review' });
    expect(reviewStep('publish', 'in_review', as(other, 'abh-liaison'), author)).toEqual({ ok: true, to: 'published' });
  });

  it('never lets the author publish, even holding both roles', () => {
    expect(reviewStep('publish', 'in_review', as(author, 'abh-liaison', 'bulletin-editor'), author)).toEqual({ ok: false, problem: 'four_eyes' });
    expect(reviewStep('return', 'in_review', as(author, 'abh-liaison'), author)).toEqual({ ok: false, problem: 'four_eyes' });
  });

  it('does not let an editor publish or anyone without an authoring role submit', () => {
    expect(reviewStep('publish', 'in_review', as(other, 'bulletin-editor'), author)).toEqual({ ok: false, problem: 'role' });
    for (const role of ['integration-manager', 'caseworker', 'volunteer', 'network-admin'] as Role[]) {
      expect(reviewStep('submit', 'draft', as(author, role), author)).toEqual({ ok: false, problem: 'role' });
    }
  });

  it('publishes only what is in review, withdraws only what is published', () => {
    expect(reviewStep('publish', 'draft', as(other, 'abh-liaison'), author)).toEqual({ ok: false, problem: 'state', allowedFrom: ['in_review'] });
    expect(reviewStep('withdraw', 'in_review', as(other, 'abh-liaison'), author)).toEqual({ ok: false, problem: 'state', allowedFrom: ['published'] });
    expect(reviewStep('withdraw', 'published', as(author, 'abh-liaison'), author)).toEqual({ ok: true, to: 'withdrawn' });
    expect(reviewStep('return', 'in_review', as(other, 'abh-liaison'), author)).toEqual({ ok: true, to: 'draft' });
  });
});
