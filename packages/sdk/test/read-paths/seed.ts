import { sql, type Database, type SQL } from '@rapport/db';

/** The signed-up users the seeded rows are about; everyone else is a seeded stranger. */
export interface Actors {
  /** 2,000 followers. */
  hub: string;
  /** 40 friends, each with 40 friends of their own, and 200 followers. */
  popular: string;
  /** 300 conversations, one of 5,000 messages, and a group of 100. */
  chatter: string;
  /** 500 session requests received; 1,000 other tutors to discover. */
  tutor: string;
}

export const SEEDED_USERS = 4000;
export const FRIENDS = 40;
export const CONVERSATIONS = 300;
export const LONG_HISTORY = 5000;
export const GROUP_SIZE = 100;
export const REQUESTS = 500;
export const TUTORS = 1000;
export const ACTIVITIES = 3000;
export const BIG_ACTIVITY_SEATS = 300;
export const DISCOVER_CIRCLES = 50;
export const DISCOVER_CIRCLE_MEMBERS = 80;
export const DISCOVER_CIRCLES_JOINED = 5;
/** Circles to browse (every tenth archived), the members of the big one, and the circles the chatter belongs to. */
export const BROWSE_CIRCLES = 2000;
export const BIG_CIRCLE_MEMBERS = 3000;
export const CHATTER_CIRCLES = 300;
/** Top-level posts in 'Seeded circle 1' (and as many in circle 2), and replies to its newest post. */
export const FEED_POSTS = 3000;
export const THREAD_REPLIES = 1000;
export const NOTIFICATIONS = 3000;

// Seeded users are numbered by the email they get, seed-<n>@example.test.
const seeded = (n: SQL) => sql`(select id from users where lower(email) = 'seed-' || (${n}) || '@example.test')`;

/**
 * A modest social graph written with SQL, not through the API: thousands of
 * rows, enough for the planner to prefer an index wherever one serves, in
 * seconds. The statements go through drizzle like any other, so callers
 * recording queries should start after this.
 */
export async function seedReadPaths(db: Database, a: Actors): Promise<void> {
  await db.execute(sql`
    insert into users (email, password_hash, name)
    select 'seed-' || n || '@example.test', 'x', 'Seeded ' || n from generate_series(1, ${SEEDED_USERS}) n`);
  // The hub's followers: seeded users 1..2000.
  await db.execute(sql`
    insert into connections (requester_id, addressee_id, type, status)
    select u.id, ${a.hub}::uuid, 'follow', 'accepted' from users u
    where u.email like 'seed-%' and split_part(substr(u.email, 6), '@', 1)::int <= 2000`);
  // popular has followers of their own, seeded users 3601..3800: the
  // connections suggestions must leave out, without comparing every pair.
  await db.execute(sql`
    insert into connections (requester_id, addressee_id, type, status)
    select ${seeded(sql`n`)}, ${a.popular}::uuid, 'follow', 'accepted' from generate_series(3601, 3800) n`);
  // popular's friends are seeded users 1..40; friend i's own friends are 2001 + 40(i-1) .. 2000 + 40i.
  await db.execute(sql`
    insert into connections (requester_id, addressee_id, type, status)
    select ${a.popular}::uuid, ${seeded(sql`i`)}, 'friend', 'accepted' from generate_series(1, ${FRIENDS}) i`);
  await db.execute(sql`
    insert into connections (requester_id, addressee_id, type, status)
    select ${seeded(sql`i`)}, ${seeded(sql`2000 + ${FRIENDS} * (i - 1) + k`)}, 'friend', 'accepted'
    from generate_series(1, ${FRIENDS}) i, generate_series(1, ${FRIENDS}) k`);
  await seedChats(db, a.chatter);
  await seedRequests(db, a.tutor);
  await seedActivities(db, a.hub, a.chatter);
  await seedDiscover(db, a.popular);
  await seedCircles(db, a.chatter);
  await seedFeeds(db);
  await seedNotifications(db, a.hub);
  await db.execute(sql`analyze`);
}

async function seedChats(db: Database, chatter: string): Promise<void> {
  // Groups of two (a direct conversation would need its pair ordered), each
  // with its own latest activity, plus the long history and the big group.
  await db.execute(sql`
    insert into conversations (kind, title, created_by, member_count, last_seq, last_activity_at)
    select 'group', 'Chat ' || n, ${chatter}::uuid, case when n = 2 then ${GROUP_SIZE} else 2 end,
      case when n = 1 then ${LONG_HISTORY} else 0 end, now() - n * interval '1 minute'
    from generate_series(1, ${CONVERSATIONS}) n`);
  await db.execute(sql`
    insert into conversation_members (conversation_id, user_id, role, last_activity_at)
    select c.id, ${chatter}::uuid, 'owner', c.last_activity_at from conversations c where c.created_by = ${chatter}::uuid`);
  await db.execute(sql`
    insert into conversation_members (conversation_id, user_id, role, last_activity_at, last_read_seq)
    select c.id, ${seeded(sql`k`)}, 'member', c.last_activity_at, 0
    from conversations c, generate_series(1, ${GROUP_SIZE - 1}) k
    where c.created_by = ${chatter}::uuid and (c.title = 'Chat 2' or k = split_part(c.title, ' ', 2)::int % ${GROUP_SIZE - 1} + 1)`);
  await db.execute(sql`
    insert into messages (conversation_id, seq, sender_id, kind, body)
    select c.id, s, ${chatter}::uuid, 'text', 'message ' || s
    from conversations c, generate_series(1, ${LONG_HISTORY}) s
    where c.created_by = ${chatter}::uuid and c.title = 'Chat 1'`);
}

async function seedRequests(db: Database, tutor: string): Promise<void> {
  await db.execute(sql`insert into tutor_profiles (user_id, hourly_rate, currency) values (${tutor}::uuid, 40, 'EUR')`);
  // Other tutors to discover: seeded users 1..TUTORS, nearly all teaching
  // Maths, one Latin (a subject filter that matches almost nobody).
  await db.execute(sql`
    insert into tutor_profiles (user_id, hourly_rate, currency, subjects, languages, created_at)
    select u.id, 30, 'EUR', case when n = 7 then '{Latin}'::text[] else '{Maths}'::text[] end, '{English}', now() - n * interval '1 minute'
    from generate_series(1, ${TUTORS}) n join users u on lower(u.email) = 'seed-' || n || '@example.test'`);
  await db.execute(sql`
    insert into tutor_packages (tutor_id, name, session_count, minutes_per_session, price, currency, schedule_type)
    values (${tutor}::uuid, 'Algebra', 4, 60, 150, 'EUR', 'recurring')`);
  // One request per seeded student, each with its direct conversation and card message.
  await db.execute(sql`
    insert into conversations (kind, direct_low_id, direct_high_id, member_count, last_seq)
    select 'direct', least(u.id, ${tutor}::uuid), greatest(u.id, ${tutor}::uuid), 2, 1
    from users u where u.email like 'seed-%' and split_part(substr(u.email, 6), '@', 1)::int <= ${REQUESTS}`);
  await db.execute(sql`
    insert into messages (conversation_id, seq, sender_id, kind, body)
    select c.id, 1, case when c.direct_low_id = ${tutor}::uuid then c.direct_high_id else c.direct_low_id end, 'session_request', 'request'
    from conversations c where c.kind = 'direct' and ${tutor}::uuid in (c.direct_low_id, c.direct_high_id)`);
  await db.execute(sql`
    insert into session_requests
      (requester_id, requester_role, student_id, tutor_id, package_id, package, conversation_id, message_id,
       schedule_type, days, start_time, end_time)
    select m.sender_id, 'student', m.sender_id, ${tutor}::uuid, p.id,
      jsonb_build_object('id', p.id, 'name', p.name, 'description', p.description, 'sessionCount', p.session_count,
        'minutesPerSession', p.minutes_per_session, 'price', p.price, 'currency', p.currency, 'scheduleType', p.schedule_type),
      m.conversation_id, m.id,
      'recurring', '{monday}', '14:00', '15:00'
    from messages m join conversations c on c.id = m.conversation_id, tutor_packages p
    where m.kind = 'session_request' and p.tutor_id = ${tutor}::uuid and ${tutor}::uuid in (c.direct_low_id, c.direct_high_id)`);
}

/**
 * Activities hosted by seeded users over the two years around now and across
 * a few hundred kilometres, half of them with a place; the hub hosts 400 of
 * them (half past), the chatter has joined 300, and one activity has 300
 * seats taken and 200 people in line.
 */
async function seedActivities(db: Database, hub: string, chatter: string): Promise<void> {
  await db.execute(sql`
    insert into activities (host_id, title, location_label, latitude, longitude, starts_at, ends_at, capacity, participant_count, tags, visibility)
    select case when n <= 400 then ${hub}::uuid else ${seeded(sql`1 + n % ${SEEDED_USERS}`)} end,
      'Seeded activity ' || n, 'Somewhere ' || n,
      case when n % 2 = 0 then 45 + (n % 100) * 0.05 end, case when n % 2 = 0 then 2 + (n % 97) * 0.05 end,
      now() + ((n - ${ACTIVITIES} / 2) || ' hours')::interval * 6,
      now() + ((n - ${ACTIVITIES} / 2) || ' hours')::interval * 6 + interval '2 hours',
      ${BIG_ACTIVITY_SEATS + 10}, 1, array['tag-' || (n % 50)], case when n % 10 = 0 then 'invite_only'::activity_visibility else 'public' end
    from generate_series(1, ${ACTIVITIES}) n`);
  await db.execute(sql`
    insert into activity_members (activity_id, user_id, status, starts_at, joined_at)
    select id, host_id, 'participant', starts_at, now() from activities`);
  // The chatter has joined 300 of them, past and upcoming.
  await db.execute(sql`
    insert into activity_members (activity_id, user_id, status, starts_at, joined_at)
    select id, ${chatter}::uuid, 'participant', starts_at, now() from activities
    where host_id <> ${chatter}::uuid and title like 'Seeded activity %' and split_part(title, ' ', 3)::int % 10 = 1`);
  await db.execute(sql`update activities set participant_count = participant_count + 1 where split_part(title, ' ', 3)::int % 10 = 1`);
  // The big one: the first upcoming public activity, with seeded users 1..300 seated and 301..500 waiting.
  await db.execute(sql`
    with big as (select id, starts_at from activities where title = 'Seeded activity ' || (${ACTIVITIES} / 2 + 11))
    insert into activity_members (activity_id, user_id, status, starts_at, queued_at, joined_at)
    select big.id, ${seeded(sql`n`)}, case when n <= ${BIG_ACTIVITY_SEATS} then 'participant'::activity_member_status else 'waitlisted' end,
      big.starts_at, now() + (n || ' milliseconds')::interval, case when n <= ${BIG_ACTIVITY_SEATS} then now() end
    from big, generate_series(1, 500) n`);
  await db.execute(sql`
    update activities set participant_count = participant_count + ${BIG_ACTIVITY_SEATS}, waitlist_count = 200
    where title = 'Seeded activity ' || (${ACTIVITIES} / 2 + 11)`);
  // The hub has invited seeded users to its activities, 1,200 invitations of
  // every status, and the chatter has been invited to 1,500, half lapsed.
  await db.execute(sql`
    insert into invitations (activity_id, sender_id, recipient_id, status, expires_at, responded_at)
    select a.id, ${hub}::uuid, ${seeded(sql`2000 + n`)},
      (array['pending', 'accepted', 'declined', 'cancelled'])[1 + n % 4]::invitation_status, a.starts_at,
      case when n % 4 = 0 then null else now() end
    from generate_series(1, 1200) n
    join activities a on a.title = 'Seeded activity ' || (1 + n % 400)`);
  await db.execute(sql`
    insert into invitations (activity_id, sender_id, recipient_id, expires_at)
    select a.id, a.host_id, ${chatter}::uuid, a.starts_at
    from activities a
    where a.host_id <> ${chatter}::uuid and split_part(a.title, ' ', 3)::int % 10 in (2, 3, 4, 5, 6)`);
  // Every seeded user shares a location, across about 200 km by 300 km.
  await db.execute(sql`
    insert into user_locations (user_id, latitude, longitude, expires_at)
    select id, 45 + (abs(hashtext(id::text)) % 200) * 0.01, 2 + (abs(hashtext(reverse(id::text))) % 400) * 0.01, now() + interval '1 hour'
    from users where email like 'seed-%'`);
  // The hub keeps the cards of 1,000 seeded users it met.
  await db.execute(sql`
    insert into collected_cards (owner_id, card_user_id, activity_id, collected_at)
    select ${hub}::uuid, ${seeded(sql`n`)}, a.id, now() - (n || ' minutes')::interval
    from generate_series(1, 1000) n
    join activities a on a.title = 'Seeded activity ' || (1 + n % 400)`);
  // 1,000 ratings of the hub, from seeded users across its activities.
  await db.execute(sql`
    insert into ratings (activity_id, rater_id, rated_id, score)
    select a.id, ${seeded(sql`n`)}, ${hub}::uuid, 1 + n % 5
    from generate_series(1, 1000) n
    join activities a on a.title = 'Seeded activity ' || (1 + n % 400)`);
}


/**
 * What discover walks: every seeded user has two interests of eight and one
 * city of twenty, and is in one of 50 circles of 80 members; popular shares
 * three of the interests with thousands, the city with hundreds, and is in
 * five of the circles.
 */
async function seedDiscover(db: Database, popular: string): Promise<void> {
  const labels = sql`array['Yoga', 'Hiking', 'Reading', 'Meditation', 'Art', 'Cooking', 'Running', 'Music']`;
  await db.execute(sql`
    update users set interests = array[(${labels})[1 + n % 8], (${labels})[1 + (n / 8) % 8]], city = 'City ' || n % 20
    from (select id, split_part(substr(email, 6), '@', 1)::int as n from users where email like 'seed-%') seeded
    where users.id = seeded.id`);
  await db.execute(sql`update users set interests = '{Yoga,Hiking,Reading}', city = 'City 0' where id = ${popular}::uuid`);
  await db.execute(sql`
    insert into circles (name, category, color)
    select 'Seeded circle ' || k, (array['Wellness', 'Fitness', 'Creative', 'Social'])[1 + k % 4]::circle_category, '#39ccb7'
    from generate_series(1, ${DISCOVER_CIRCLES}) k`);
  await db.execute(sql`
    insert into circle_members (circle_id, user_id, joined_at)
    select c.id, ${seeded(sql`(k - 1) * ${DISCOVER_CIRCLE_MEMBERS} + m`)}, now() - (m || ' minutes')::interval
    from generate_series(1, ${DISCOVER_CIRCLES}) k
    join circles c on c.name = 'Seeded circle ' || k
    cross join generate_series(1, ${DISCOVER_CIRCLE_MEMBERS}) m`);
  await db.execute(sql`
    insert into circle_members (circle_id, user_id)
    select id, ${popular}::uuid from circles where name in (select 'Seeded circle ' || k from generate_series(1, ${DISCOVER_CIRCLES_JOINED}) k)`);
}

/**
 * The hub's notifications: 3,000 from seeded users over the last days, one
 * in three still unread, so a page of all and a page of the unread each
 * have thousands to be read past if no index served them.
 */
async function seedNotifications(db: Database, hub: string): Promise<void> {
  await db.execute(sql`
    insert into notifications (user_id, type, priority, title, description, action_text, link, actor_ids, read_at, created_at, updated_at)
    select ${hub}::uuid, 'friend_request', 'high', 'Seeded ' || n || ' sent you a friend request', '', 'View request', '/connections/requests',
      array[${seeded(sql`1 + n % 1000`)}], case when n % 3 = 0 then null else now() end,
      now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval
    from generate_series(1, ${NOTIFICATIONS}) n`);
}

/**
 * Feeds: 3,000 top-level posts in each of seeded circles 1 and 2 by their
 * members, and 1,000 replies to circle 1's newest post, so a page of either
 * has thousands to be read past if no index served it.
 */
async function seedFeeds(db: Database): Promise<void> {
  await db.execute(sql`
    insert into circle_posts (circle_id, author_id, body, created_at)
    select c.id, ${seeded(sql`(k - 1) * ${DISCOVER_CIRCLE_MEMBERS} + 1 + n % ${DISCOVER_CIRCLE_MEMBERS}`)}, 'Seeded post ' || n,
      now() - interval '1 day' - (n || ' seconds')::interval
    from generate_series(1, 2) k
    join circles c on c.name = 'Seeded circle ' || k
    cross join generate_series(1, ${FEED_POSTS}) n`);
  await db.execute(sql`
    insert into circle_posts (circle_id, author_id, parent_id, body, created_at)
    select p.circle_id, ${seeded(sql`1 + n % ${DISCOVER_CIRCLE_MEMBERS}`)}, p.id, 'Seeded reply ' || n, now() - (n || ' seconds')::interval
    from (select p.id, p.circle_id from circle_posts p join circles c on c.id = p.circle_id
      where c.name = 'Seeded circle 1' and p.parent_id is null order by p.created_at desc limit 1) p
    cross join generate_series(1, ${THREAD_REPLIES}) n`);
}

/**
 * Circles to browse: 2,000 across the four categories, every tenth
 * archived; 'Big circle', with 3,000 members of whom the first is its owner
 * and every 150th a moderator; and the chatter in 300 of the others. The big
 * circle's members are users of their own (no interests, city or friends),
 * so discover's candidates are the same with or without them, named to
 * sort after the seeded users so a name search's walk meets those first.
 */
async function seedCircles(db: Database, chatter: string): Promise<void> {
  await db.execute(sql`
    insert into users (email, password_hash, name)
    select 'circle-' || n || '@example.test', 'x', 'Zed member ' || n from generate_series(1, ${BIG_CIRCLE_MEMBERS}) n`);
  const member = (n: SQL) => sql`(select id from users where lower(email) = 'circle-' || (${n}) || '@example.test')`;
  await db.execute(sql`
    insert into circles (name, category, color, archived_at)
    select 'Browse circle ' || k, (array['Wellness', 'Fitness', 'Creative', 'Social'])[1 + k % 4]::circle_category, '#39ccb7',
      case when k % 10 = 0 then now() end
    from generate_series(1, ${BROWSE_CIRCLES}) k`);
  await db.execute(sql`insert into circles (name, category, color, created_by) values ('Big circle', 'Wellness', '#39ccb7', ${member(sql`1`)})`);
  // The count trigger updates the circle's row once per member, and within
  // one statement of thousands each update walks the versions the previous
  // ones left (quadratic), so here it is off and the count set once.
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table circle_members disable trigger circle_members_keep_count`);
    await tx.execute(sql`
      insert into circle_members (circle_id, user_id, role, joined_at)
      select c.id, ${member(sql`m`)},
        case when m = 1 then 'owner'::circle_role when m % 150 = 0 then 'moderator' else 'member' end,
        now() - interval '1 day' + (m || ' seconds')::interval
      from circles c cross join generate_series(1, ${BIG_CIRCLE_MEMBERS}) m
      where c.name = 'Big circle'`);
    await tx.execute(sql`update circles set member_count = ${BIG_CIRCLE_MEMBERS} where name = 'Big circle'`);
    await tx.execute(sql`alter table circle_members enable trigger circle_members_keep_count`);
  });
  await db.execute(sql`
    insert into circle_members (circle_id, user_id, joined_at)
    select c.id, ${chatter}::uuid, now() - (k || ' minutes')::interval
    from circles c join generate_series(1, ${CHATTER_CIRCLES}) k on c.name = 'Browse circle ' || (k * 3)`);
}
