import { LiveRoom, moderatorRequest, RoomError, type RoomActor, type RoomConference, type RoomRequest } from './live-room';

const ITEM = '11111111-1111-4111-8111-111111111111';
const OTHER_ITEM = '22222222-2222-4222-8222-222222222222';
const anna: RoomActor = { memberId: 'anna', displayName: 'Anna', organisationId: 'abh' };
const ben: RoomActor = { memberId: 'ben', displayName: 'Ben', organisationId: 'caritas' };
const clara: RoomActor = { memberId: 'clara', displayName: 'Clara', organisationId: 'diakonie' };
const david: RoomActor = { memberId: 'david', displayName: 'David', organisationId: null };
const t0 = new Date('2026-11-21T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function room(overrides: Partial<RoomConference> = {}): LiveRoom {
  let n = 0;
  return new LiveRoom(
    {
      conferenceId: 'c1', epoch: 3, revision: 10, state: 'live', currentItemId: ITEM, startedAt: t0, endedAt: null,
      moderator: { id: 'anna', displayName: 'Anna' }, speakingSeconds: {}, ...overrides,
    },
    [],
    new Map([['abh', 'ABH'], ['caritas', 'Caritas'], ['diakonie', 'Diakonie']]),
    () => `entry-${++n}`,
  );
}

const raise = (r: LiveRoom, who: RoomActor, pointOfOrder = false, now = t0) => r.apply(who, { action: 'raise', pointOfOrder }, {}, now);
const moderate = (r: LiveRoom, request: RoomRequest, now = t0, facts = {}) => r.apply(anna, request, facts, now);
const names = (r: LiveRoom) => r.view(t0).speakers.map((s) => `${s.member.displayName}:${s.state}`);

/** Expects a refusal with `code` that leaves the room exactly as it was: same state, same revision, nothing to store. */
function refused(r: LiveRoom, code: string, work: () => unknown): void {
  r.takeWrite(); // what earlier changes left to store is not this check's
  const before = JSON.stringify(r.view(t0));
  let error: unknown;
  try {
    work();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(RoomError);
  expect((error as RoomError).code).toBe(code);
  expect(JSON.stringify(r.view(t0))).toBe(before);
  expect(r.takeWrite()).toBeNull();
}

describe('LiveRoom', () => {
  it('queues hands in order; a point of order goes after earlier points of order, before every hand', () => {
    const r = room();
    raise(r, ben);
    raise(r, clara);
    raise(r, david, true);
    raise(r, anna, true);
    expect(names(r)).toEqual(['David:waiting', 'Anna:waiting', 'Ben:waiting', 'Clara:waiting']);
    expect(r.view(t0).speakers[0]).toMatchObject({ kind: 'point_of_order', organisation: null });
    expect(r.view(t0).speakers[2]).toMatchObject({ kind: 'hand', organisation: { id: 'caritas', name: 'Caritas' } });
  });

  it('raises the revision by one per change, and not at all for a refusal', () => {
    const r = room();
    expect(raise(r, ben).revision).toBe(11);
    refused(r, 'already_waiting', () => raise(r, ben));
    expect(raise(r, clara).revision).toBe(12);
    expect(r.view(t0)).toMatchObject({ epoch: 3, revision: 12 });
  });

  it('refuses hands while the conference is not live or has no current item', () => {
    const scheduled = room({ state: 'scheduled' });
    refused(scheduled, 'not_live', () => raise(scheduled, ben));
    const noItem = room({ currentItemId: null });
    refused(noItem, 'not_live', () => raise(noItem, ben));
  });

  it('lets a member withdraw their own waiting hand only', () => {
    const r = room();
    raise(r, ben);
    refused(r, 'not_waiting', () => r.apply(clara, { action: 'withdraw' }, {}, t0));
    r.apply(ben, { action: 'withdraw' }, {}, t0);
    expect(names(r)).toEqual([]);
    expect(r.takeWrite()!.entries.map((e) => e.state)).toEqual(['removed']);
  });

  it('keeps every moderator action to the moderator', () => {
    const r = room();
    raise(r, ben);
    for (const action of ['start', 'end', 'next-speaker', 'unknown'] as const) refused(r, 'not_moderator', () => r.apply(ben, { action }, {}, t0));
    refused(r, 'not_moderator', () => r.apply(ben, { action: 'item', itemId: OTHER_ITEM }, { itemOnAgenda: true }, t0));
  });

  it('starts a scheduled conference on its first item, once', () => {
    const r = room({ state: 'scheduled', currentItemId: null, startedAt: null });
    expect(moderate(r, { action: 'start' }, at(5), { firstItemId: ITEM })).toMatchObject({ state: 'live', currentItemId: ITEM });
    expect(r.takeWrite()!.conference).toMatchObject({ state: 'live', startedAt: at(5), currentItemId: ITEM });
    refused(r, 'state', () => moderate(r, { action: 'start' }, t0, { firstItemId: ITEM }));
  });

  it('calls the next speaker, ends the speech going on and adds it up per organisation', () => {
    const r = room();
    raise(r, ben);
    raise(r, clara);
    moderate(r, { action: 'next-speaker' }, at(0));
    expect(names(r)).toEqual(['Ben:speaking', 'Clara:waiting']);
    // The speech going on counts as it goes.
    expect(r.view(at(30)).speakingTime).toEqual([{ organisation: { id: 'caritas', name: 'Caritas' }, seconds: 30 }]);
    moderate(r, { action: 'next-speaker' }, at(40));
    expect(names(r)).toEqual(['Clara:speaking']);
    moderate(r, { action: 'next-speaker' }, at(50));
    expect(names(r)).toEqual([]);
    expect(r.view(at(50)).speakingTime).toEqual([
      { organisation: { id: 'caritas', name: 'Caritas' }, seconds: 40 },
      { organisation: { id: 'diakonie', name: 'Diakonie' }, seconds: 10 },
    ]);
    expect(r.takeWrite()!.conference.speakingSeconds).toEqual({ caritas: 40, diakonie: 10 });
  });

  it('reorders and removes entries, and refuses unknown entries and indexes', () => {
    const r = room();
    raise(r, ben);
    raise(r, clara);
    raise(r, david);
    const [b, , d] = r.view(t0).speakers;
    moderate(r, { action: 'move-speaker', entryId: d.id, index: 0 });
    expect(names(r)).toEqual(['David:waiting', 'Ben:waiting', 'Clara:waiting']);
    moderate(r, { action: 'move-speaker', entryId: d.id, index: 2 });
    expect(names(r)).toEqual(['Ben:waiting', 'Clara:waiting', 'David:waiting']);
    refused(r, 'bad_index', () => moderate(r, { action: 'move-speaker', entryId: d.id, index: 3 }));
    refused(r, 'bad_index', () => moderate(r, { action: 'move-speaker', entryId: d.id, index: null }));
    refused(r, 'speaker_not_found', () => moderate(r, { action: 'move-speaker', entryId: 'nobody', index: 0 }));
    moderate(r, { action: 'remove-speaker', entryId: b.id });
    expect(names(r)).toEqual(['Clara:waiting', 'David:waiting']);
    refused(r, 'speaker_not_found', () => moderate(r, { action: 'remove-speaker', entryId: b.id }));
  });

  it('removing the speaker ends the speech and counts it', () => {
    const r = room();
    raise(r, ben);
    moderate(r, { action: 'next-speaker' }, at(0));
    moderate(r, { action: 'remove-speaker', entryId: r.view(t0).speakers[0].id }, at(12));
    expect(r.view(at(20)).speakingTime).toEqual([{ organisation: { id: 'caritas', name: 'Caritas' }, seconds: 12 }]);
    expect(r.takeWrite()!.entries.at(-1)).toMatchObject({ state: 'removed', endedAt: at(12) });
  });

  it('moves to an item on the agenda only, ending the speech; hands wait on their own item', () => {
    const r = room();
    raise(r, ben);
    raise(r, clara);
    moderate(r, { action: 'next-speaker' }, at(0));
    refused(r, 'item_not_found', () => moderate(r, { action: 'item', itemId: OTHER_ITEM }, t0, { itemOnAgenda: false }));
    refused(r, 'item_not_found', () => moderate(r, { action: 'item', itemId: null }));
    moderate(r, { action: 'item', itemId: OTHER_ITEM }, at(5), { itemOnAgenda: true });
    expect(names(r)).toEqual([]);
    raise(r, clara); // Clara's hand on the first item does not stop a new one here
    expect(names(r)).toEqual(['Clara:waiting']);
  });

  it('ends the conference, after which only reading is left', () => {
    const r = room();
    raise(r, ben);
    moderate(r, { action: 'next-speaker' }, at(0));
    expect(moderate(r, { action: 'end' }, at(8))).toMatchObject({ state: 'ended', speakers: [] });
    expect(r.takeWrite()!.conference).toMatchObject({ state: 'ended', endedAt: at(8), speakingSeconds: { caritas: 8 } });
    refused(r, 'not_live', () => moderate(r, { action: 'next-speaker' }));
    refused(r, 'not_live', () => raise(r, clara));
  });

  it('hands each changed entry to the store once', () => {
    const r = room();
    raise(r, ben);
    raise(r, clara);
    const first = r.takeWrite()!;
    expect(first.entries.map((e) => [e.displayName, e.state, e.itemId])).toEqual([['Ben', 'waiting', ITEM], ['Clara', 'waiting', ITEM]]);
    expect(first.conference.revision).toBe(12);
    expect(r.takeWrite()).toBeNull(); // nothing new
    moderate(r, { action: 'next-speaker' }, at(1));
    expect(r.takeWrite()!.entries).toEqual([expect.objectContaining({ displayName: 'Ben', state: 'speaking', startedAt: at(1) })]);
  });

  it('turns what a socket sent into a request the rules can judge', () => {
    expect(moderatorRequest({ action: 'item', itemId: ITEM })).toMatchObject({ action: 'item', itemId: ITEM });
    expect(moderatorRequest({ action: 'item', itemId: 'x; DROP TABLE' })).toMatchObject({ action: 'item', itemId: null });
    expect(moderatorRequest({ action: 'raise' })).toMatchObject({ action: 'unknown' });
    expect(moderatorRequest({ action: 42 })).toMatchObject({ action: 'unknown' });
    expect(moderatorRequest({ action: 'move-speaker', index: 1.5 })).toMatchObject({ index: null });
  });
});
