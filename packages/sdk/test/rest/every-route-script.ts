import type { Outcome, Transport } from './transports';

/**
 * One walk through every query and mutation, written once and run over each
 * transport: sign-up to sign-out, the social graph, direct and group chat,
 * tutoring. Each step's outcome is recorded in order; `tag` keeps the users
 * of one run apart from another's (names, emails), so the runs can share a
 * server.
 */

export interface Step {
  path: string;
  as: string;
  input: Record<string, unknown> | undefined;
  outcome: Outcome;
}

const data = (outcome: Outcome): Record<string, unknown> => {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.status}: ${JSON.stringify(outcome.message)}`);
  if (typeof outcome.data !== 'object' || outcome.data === null) throw new Error('expected an object');
  return { ...outcome.data };
};
const text = (record: Record<string, unknown>, key: string): string => {
  const value = record[key];
  if (typeof value !== 'string') throw new Error(`expected ${key} to be a string, got ${JSON.stringify(value)}`);
  return value;
};
const first = (record: Record<string, unknown>): Record<string, unknown> => {
  const items = record.items;
  const item: unknown = Array.isArray(items) ? items[0] : undefined;
  if (typeof item !== 'object' || item === null) throw new Error('expected a first item');
  return { ...item };
};

export async function walkEveryRoute(transport: Transport, tag: string, endActivity: (activityId: string) => Promise<void>): Promise<Step[]> {
  const steps: Step[] = [];
  const tokens = new Map<string, string>();
  const call = async (as: string, path: string, input?: Record<string, unknown>): Promise<Outcome> => {
    const outcome = await transport(path, input, tokens.get(as) ?? null);
    steps.push({ path, as, input, outcome });
    return outcome;
  };
  const ok = async (as: string, path: string, input?: Record<string, unknown>) => {
    const outcome = await call(as, path, input);
    try {
      return data(outcome);
    } catch (error) {
      throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };

  // Accounts and sessions.
  const ids = new Map<string, string>();
  for (const name of ['ada', 'bob', 'cy', 'dan']) {
    const signedUp = await ok(name, 'auth.signUp', { email: `${name}.${tag}@example.test`, password: 'correct horse battery', name: `${name} ${tag}` });
    tokens.set(name, text(signedUp, 'accessToken'));
    ids.set(name, text(signedUp, 'userId'));
  }
  const id = (name: string) => ids.get(name) ?? '';
  const second = await ok('ada', 'auth.signIn', { email: `ada.${tag}@example.test`, password: 'correct horse battery' });
  const refreshed = await ok('ada', 'auth.refresh', { refreshToken: text(second, 'refreshToken') });
  await ok('ada', 'auth.me');
  await ok('ada', 'auth.sessions.list', { limit: 10 });
  await ok('ada', 'auth.sessions.revoke', { sessionId: text(refreshed, 'sessionId') });

  // Profiles.
  // Interests of no circle category: one in a circle's category would suggest
  // a circle in the second run (the first run's circles are there) and not the first.
  await ok('ada', 'users.updateMe', { bio: 'Maths and languages', city: 'Lyon', interests: ['Languages', 'Public Speaking'], identityBadge: 'Explorer', age: 30, timeZone: 'Europe/Paris' });
  await ok('ada', 'users.interests');
  await ok('ada', 'users.get', { userId: id('bob') });
  await ok('ada', 'users.search', { query: `bob ${tag}`, limit: 5 });

  // The social graph.
  const request = await ok('ada', 'connections.create', { targetUserId: id('bob'), type: 'friend', message: 'Climb on Sunday?' });
  await ok('bob', 'connections.list', { type: 'friend', status: 'pending', direction: 'incoming' });
  await ok('bob', 'connections.respond', { connectionId: text(request, 'id'), status: 'accepted' });
  await ok('bob', 'connections.create', { targetUserId: id('cy'), type: 'friend' }).then((r) => ok('cy', 'connections.respond', { connectionId: text(r, 'id'), status: 'accepted' }));
  const follow = await ok('ada', 'connections.create', { targetUserId: id('dan'), type: 'follow' });
  await ok('ada', 'connections.stats', {});
  await ok('ada', 'connections.check', { targetUserId: id('bob') });
  await ok('ada', 'connections.checkMany', { targetUserIds: [id('bob'), id('cy'), id('dan')] });
  await ok('ada', 'connections.ofUser', { userId: id('bob'), type: 'friends' });
  await ok('ada', 'connections.suggestions', { limit: 5 });
  await ok('ada', 'connections.remove', { connectionId: text(follow, 'id') });

  // Direct chat.
  const direct = await ok('ada', 'chat.openDirect', { userId: id('bob') });
  const conversationId = text(direct, 'id');
  const hello = await ok('ada', 'chat.send', { conversationId, clientKey: `hello-${tag}`, content: { kind: 'text', body: 'hello Bob' } });
  const oops = await ok('ada', 'chat.send', { conversationId, clientKey: `oops-${tag}`, content: { kind: 'text', body: 'wrong chat' } });
  const reply = await ok('bob', 'chat.send', { conversationId, clientKey: `reply-${tag}`, content: { kind: 'text', body: 'hello Ada' }, replyToId: text(hello, 'id') });
  await ok('bob', 'chat.typing', { conversationId });
  await ok('bob', 'chat.markRead', { conversationId, seq: 2 });
  await ok('ada', 'chat.readers', { conversationId });
  await ok('ada', 'chat.get', { conversationId });
  await ok('ada', 'chat.list', { archived: false, limit: 10 });
  await ok('ada', 'chat.history', { conversationId, limit: 10 });
  await ok('ada', 'chat.history', { conversationId, after: 1, limit: 10 });
  await ok('ada', 'chat.message', { messageId: text(reply, 'id') });
  await ok('ada', 'chat.edit', { messageId: text(hello, 'id'), body: 'hello, Bob' });
  await ok('bob', 'chat.react', { messageId: text(hello, 'id'), emoji: '👍' });
  await ok('bob', 'chat.unreact', { messageId: text(hello, 'id'), emoji: '👍' });
  await ok('ada', 'chat.delete', { messageId: text(oops, 'id') });
  await ok('ada', 'chat.search', { query: 'hello', conversationId });
  await ok('ada', 'chat.report', { messageId: text(reply, 'id'), reason: 'spam', details: 'testing the route' });
  await ok('ada', 'chat.mute', { conversationId });
  await ok('ada', 'chat.unmute', { conversationId });
  await ok('ada', 'chat.archive', { conversationId });
  await ok('ada', 'chat.list', { archived: true });
  await ok('ada', 'chat.unarchive', { conversationId });

  // A group.
  const group = await ok('bob', 'chat.createGroup', { title: `Climbers ${tag}`, memberIds: [id('ada')], clientKey: `group-${tag}` });
  const groupId = text(group, 'id');
  await ok('bob', 'chat.updateGroup', { conversationId: groupId, title: `Climbers ${tag}`, description: 'Sundays at the wall' });
  await ok('bob', 'chat.addMembers', { conversationId: groupId, userIds: [id('cy')] });
  await ok('bob', 'chat.members', { conversationId: groupId, limit: 10 });
  await ok('bob', 'chat.setRole', { conversationId: groupId, userId: id('ada'), role: 'admin' });
  await ok('ada', 'chat.removeMember', { conversationId: groupId, userId: id('cy') });
  await ok('bob', 'chat.transferOwnership', { conversationId: groupId, userId: id('ada') });
  await ok('bob', 'chat.leave', { conversationId: groupId });

  // Tutoring.
  await ok('bob', 'sessionRequests.profiles.setTutor', { bio: 'Maths tutor', subjects: ['Maths', `Topology ${tag}`], languages: ['English'], hourlyRate: 40, currency: 'EUR' });
  await ok('ada', 'sessionRequests.profiles.setStudent', { gradeLevel: 'Year 11', subjects: ['Maths'] });
  await ok('dan', 'sessionRequests.profiles.setParent');
  await ok('ada', 'sessionRequests.profiles.mine');
  await ok('ada', 'sessionRequests.profiles.tutor', { userId: id('bob') });
  await ok('ada', 'sessionRequests.profiles.tutors', { subject: `topology ${tag}`, language: 'English' });
  await ok('dan', 'sessionRequests.family.link', { userId: id('ada'), relation: 'child' });
  await ok('ada', 'sessionRequests.family.accept', { userId: id('dan') });
  await ok('ada', 'sessionRequests.family.list');
  await ok('dan', 'sessionRequests.profiles.student', { userId: id('ada') });
  const offer = await ok('bob', 'sessionRequests.packages.create', {
    name: 'Algebra',
    sessionCount: 4,
    minutesPerSession: 60,
    price: 30,
    currency: 'EUR',
    scheduleType: 'one_time',
    clientKey: `package-${tag}`,
  });
  const packageId = text(offer, 'id');
  await ok('bob', 'sessionRequests.packages.update', { packageId, description: 'Four hours of algebra' });
  await ok('bob', 'sessionRequests.packages.archive', { packageId });
  await ok('bob', 'sessionRequests.packages.mine', { includeArchived: true });
  await ok('bob', 'sessionRequests.packages.unarchive', { packageId });
  await ok('ada', 'sessionRequests.packages.ofTutor', { tutorId: id('bob') });
  await ok('ada', 'sessionRequests.packages.get', { packageId });
  const when = { scheduleType: 'one_time', startTime: '09:00', endTime: '10:00', startDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), timeZone: 'Europe/Paris' };
  for (const [key, answer] of [['accept', 'sessionRequests.accept'], ['reject', 'sessionRequests.reject'], ['cancel', 'sessionRequests.cancel']] as const) {
    const made = await ok('ada', 'sessionRequests.create', { requesterRole: 'student', tutorId: id('bob'), packageId, message: `please ${key}`, ...when, clientKey: `request-${key}-${tag}` });
    const requestId = text(made, 'id');
    await ok(key === 'cancel' ? 'ada' : 'bob', answer, key === 'reject' ? { requestId, reason: 'fully booked' } : { requestId });
  }
  const mine = await ok('ada', 'sessionRequests.list', { box: 'sent' });
  await ok('bob', 'sessionRequests.get', { requestId: text(first(mine), 'id') });
  await ok('dan', 'sessionRequests.family.remove', { userId: id('ada') });

  // An activity: made, changed, found, joined, left, a member removed, called off.
  const soon = Date.now() + 86_400_000;
  const run = await ok('ada', 'invitations.activities.create', {
    title: `Run ${tag}`,
    locationLabel: 'Riverside park',
    place: { latitude: 48.85, longitude: 2.35 },
    startsAt: new Date(soon).toISOString(),
    endsAt: new Date(soon + 3_600_000).toISOString(),
    capacity: 2,
    tags: [`run-${tag}`],
    clientKey: `run-${tag}`,
  });
  const activityId = text(run, 'id');
  await ok('ada', 'invitations.activities.update', { activityId, description: 'Eight easy kilometres' });
  await ok('bob', 'invitations.activities.search', { tags: [`run-${tag}`], latitude: 48.86, longitude: 2.36, radiusKm: 10 });
  await ok('bob', 'invitations.activities.join', { activityId });
  const invited = await ok('ada', 'invitations.send', { activityId, recipientId: id('cy'), message: 'Come along', question: 'Road or trail?' });
  await ok('cy', 'invitations.list', { box: 'received' });
  await ok('cy', 'invitations.get', { invitationId: text(invited, 'id') });
  await ok('cy', 'invitations.accept', { invitationId: text(invited, 'id') });
  const declined = await ok('bob', 'invitations.send', { activityId, recipientId: id('dan') });
  await ok('dan', 'invitations.decline', { invitationId: text(declined, 'id'), reason: 'Away that weekend' });
  const withdrawn = await ok('ada', 'invitations.send', { activityId, recipientId: id('dan') });
  await ok('ada', 'invitations.cancel', { invitationId: text(withdrawn, 'id') });
  await ok('cy', 'invitations.activities.get', { activityId });
  await ok('bob', 'invitations.activities.participants', { activityId });
  await ok('bob', 'invitations.activities.mine', { role: 'joined', when: 'upcoming' });
  await ok('bob', 'invitations.activities.leave', { activityId });
  await ok('ada', 'invitations.activities.removeParticipant', { activityId, userId: id('cy') });
  await ok('ada', 'invitations.activities.cancel', { activityId, reason: 'Storm warning' });

  // Another that took place, rated afterwards.
  const walk = await ok('ada', 'invitations.activities.create', {
    title: `Walk ${tag}`,
    locationLabel: 'Old town',
    startsAt: new Date(soon).toISOString(),
    endsAt: new Date(soon + 3_600_000).toISOString(),
    capacity: 3,
  });
  const walkId = text(walk, 'id');
  await ok('bob', 'invitations.activities.join', { activityId: walkId });
  await endActivity(walkId);
  await ok('bob', 'invitations.ratings.rate', { activityId: walkId, userId: id('ada'), score: 5, comment: 'A great guide' });
  await ok('bob', 'invitations.ratings.given', { activityId: walkId });
  await ok('ada', 'invitations.ratings.received', {});
  await ok('cy', 'invitations.ratings.summary', { userId: id('ada') });
  await ok('ada', 'invitations.cards.updateMine', { phone: '+33 6 12 34 56 78', instagram: '@ada_runs' });
  await ok('ada', 'invitations.cards.mine');
  await ok('bob', 'invitations.cards.collect', { userId: id('ada'), activityId: walkId });
  await ok('bob', 'invitations.cards.list', {});
  await ok('bob', 'invitations.cards.remove', { userId: id('ada') });
  await ok('bob', 'invitations.location.update', { latitude: 48.8606, longitude: 2.3376 });
  await ok('bob', 'invitations.nearby', { radiusKm: 5 });
  await ok('bob', 'invitations.location.clear');

  // Notifications: what the walk so far told bob (ada's friend request among them).
  // Before the circle's feed, whose reply and mention share a time and are
  // ordered by their random ids, which differ between the two runs.
  await ok('bob', 'community.notifications.unreadCount');
  const notes = await ok('bob', 'community.notifications.list', { unreadOnly: true, limit: 5 });
  const noteId = text(first(notes), 'id');
  await ok('bob', 'community.notifications.markRead', { notificationId: noteId });
  await call('cy', 'community.notifications.markRead', { notificationId: noteId });
  await ok('bob', 'community.notifications.list', { limit: 5 });
  await ok('bob', 'community.notifications.markAllRead');
  await ok('bob', 'community.notifications.setPreference', { type: 'circle_suggestion', muted: true });
  await ok('bob', 'community.notifications.preferences');

  // A circle: made, found, joined, moderated, handed over, archived and restored.
  const circle = await ok('ada', 'community.circles.create', {
    name: `Climbers ${tag}`,
    category: 'Fitness',
    description: 'Sundays at the wall',
    color: '#39CCB7',
    clientKey: `circle-${tag}`,
  });
  const circleId = text(circle, 'id');
  await ok('ada', 'community.circles.update', { circleId, imageUrl: 'https://img.example/wall.png' });
  await ok('bob', 'community.circles.list', { category: 'Fitness', query: tag, limit: 5 });
  for (const name of ['bob', 'cy', 'dan']) await ok(name, 'community.circles.join', { circleId });
  await ok('bob', 'community.circles.get', { circleId });
  await ok('bob', 'community.circles.mine', { limit: 5 });
  await ok('ada', 'community.circles.setRole', { circleId, userId: id('bob'), role: 'moderator' });
  await ok('bob', 'community.circles.members', { circleId, limit: 10 });
  await ok('bob', 'community.circles.removeMember', { circleId, userId: id('dan') });
  await ok('cy', 'community.circles.leave', { circleId });
  await ok('ada', 'community.circles.transferOwnership', { circleId, userId: id('bob') });
  await ok('bob', 'community.circles.archive', { circleId });
  await call('dan', 'community.circles.get', { circleId });
  await ok('bob', 'community.circles.restore', { circleId });

  // Its feed: a post, a reply that mentions, reactions, an edit, a moderator's delete.
  const circlePost = await ok('bob', 'community.circles.posts.create', { circleId, clientKey: `post-${tag}`, body: 'Who climbs on Sunday?' });
  const circlePostId = text(circlePost, 'id');
  const circleReply = await ok('ada', 'community.circles.posts.create', { circleId, clientKey: `reply-${tag}`, body: 'Me!', parentId: circlePostId, mentions: [id('bob')] });
  const replyId = text(circleReply, 'id');
  await ok('ada', 'community.circles.posts.list', { circleId, limit: 5 });
  await ok('bob', 'community.circles.posts.replies', { postId: circlePostId, limit: 5 });
  await ok('ada', 'community.circles.posts.edit', { postId: replyId, body: 'Me, at ten' });
  await ok('bob', 'community.circles.posts.react', { postId: replyId, emoji: '🧗' });
  await ok('bob', 'community.circles.posts.unreact', { postId: replyId, emoji: '🧗' });
  await call('cy', 'community.circles.posts.react', { postId: replyId, emoji: '🧗' });
  await ok('ada', 'community.circles.posts.delete', { postId: circlePostId });

  // Discover: dan, with no interests and no friends, meets cy through a city
  // of this run's own (interests are shared across runs); and the dashboard.
  await ok('cy', 'users.updateMe', { city: `Dijon ${tag}` });
  await ok('dan', 'users.updateMe', { city: `Dijon ${tag}` });
  await ok('dan', 'community.discover', { limit: 5 });
  await ok('ada', 'community.dashboard');

  await ok('ada', 'events.presence', { userIds: [id('bob'), id('cy')] });

  // Mistakes a client makes, answered alike.
  await call('ada', 'connections.create', { targetUserId: 'not-an-id', type: 'friend' });
  await call('ada', 'chat.history', { conversationId, limit: 500 });
  await call('cy', 'chat.get', { conversationId });
  await call('nobody', 'connections.stats', {});

  await ok('dan', 'auth.signOut');
  await ok('cy', 'auth.signOutAll');
  await call('cy', 'auth.me');
  return steps;
}
