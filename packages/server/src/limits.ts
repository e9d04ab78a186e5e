/**
 * Every size, cap and rate the API enforces, in one place, grouped by domain
 * (docs/ARCHITECTURE.md, "Limits"). Inputs are validated against these (a
 * clear BAD_REQUEST naming the field), error messages quote them, and the
 * WebSocket frame and HTTP body limits are derived from them. Only the send
 * rate is an operator setting here (SEND_RATE_* in the environment).
 */
export const LIMITS = {
  messageBodyChars: 4000,
  attachmentsPerMessage: 10,
  attachmentUrlChars: 2048,
  attachmentNameChars: 255,
  attachmentMaxBytes: 2 * 1024 * 1024 * 1024,
  // The width and height an attachment may claim: beyond any real image, so
  // only nonsense is refused.
  attachmentPixelsPerSide: 100_000,
  mimeTypeChars: 127,
  locationLabelChars: 200,
  clientKeyChars: 64,
  reactionChars: 16,
  distinctReactionsPerMessagePerUser: 20,
  reportDetailsChars: 1000,
  groupTitleChars: 100,
  groupDescriptionChars: 1000,
  groupMembers: 256,
  membersPerCall: 50,
  pageSize: 100,
  // Connections and people.
  connectionMessageChars: 500,
  relationshipsPerCheck: 100,
  suggestions: 50,
  mutualNamesShown: 3,
  // Suggestions walk the newest friendships of the newest friends, this many
  // of each: the work per call is bounded (100 × 100 = 10,000 friendships)
  // however many friends everyone has. Counts and names shown are exact.
  suggestionFriendsWalked: 100,
  profileNameChars: 100,
  profileBioChars: 1000,
  avatarUrlChars: 2048,
  cityChars: 100,
  interestChars: 40,
  interestsPerProfile: 20,
  // The stated age a profile may hold: adults only (the check users_adult_age holds the same).
  adultAge: 18,
  maxAge: 120,
  // Users whose active day this instance has recorded, kept so that the
  // streak costs one write per user per day, not one per call.
  activeDaysKept: 100_000,
  // Discover (community.discover) scores a bounded set of candidates, so a
  // call costs the same with 10k users or 10M: the first this many found
  // holding each of my interests (GIN, no order), in my city, ...
  discoverPerInterest: 100,
  discoverSameCity: 100,
  // ... the newest members of my newest circles, this many of each ...
  discoverCirclesWalked: 20,
  discoverMembersWalked: 100,
  // ... and friends of friends, walked as connections.suggestions walks them
  // (suggestionFriendsWalked × suggestionFriendsWalked).
  discoverCommonCirclesShown: 3,
  userSearchQueryChars: 100,
  // Sign-in and sessions. The password bound keeps a megabyte "password" from
  // tying up the hasher; user agents are stored with each session.
  passwordChars: 128,
  userAgentChars: 500,
  // Verified access tokens kept in memory, so that a token is checked once,
  // not on every call (the session is still checked on every call).
  verifiedTokensKept: 50_000,
  searchQueryChars: 200,
  membersPreview: 5,
  // The furthest ahead a mute may end: longer than anyone mutes for a while;
  // beyond it, mute with no end time.
  muteHorizonDays: 366 * 10,
  // A typing indicator shows for this long after the last signal: a client
  // that stops sending them stops showing as typing on its own.
  typingTtlMs: 6000,
  // A repeat typing signal within this long is answered from memory, not
  // broadcast again: a client calling on every keystroke costs one broadcast a second.
  typingResendMs: 1000,
  // Typing signals remembered before the expired ones are swept out.
  typingSignalsKept: 10_000,
  subscriptionsPerConnection: 4,
  connectionsPerUser: 20,
  // A subscriber that falls this far behind is disconnected and resumes from
  // its last event id, rather than holding unbounded memory on the server.
  subscriberQueue: 5000,
  // Default send rate: a burst of 30, refilled at 5 per second per user.
  sendBurst: 30,
  sendPerSecond: 5,
  // Senders' buckets kept before the refilled ones (which say nothing) are dropped.
  sendBucketsKept: 100_000,
  // Session requests: profiles, tutor packages, family links and the requests.
  activePackagesPerTutor: 50,
  // Enough for a real family; they keep `family.list` a single, unpaged answer.
  childrenPerParent: 20,
  parentsPerChild: 4,
  tutorBioChars: 2000,
  profileLabelChars: 60,
  subjectsPerProfile: 20,
  languagesPerTutor: 10,
  gradeLevelChars: 60,
  packageNameChars: 100,
  packageDescriptionChars: 2000,
  sessionsPerPackage: 500,
  minutesPerSessionMin: 15,
  minutesPerSessionMax: 600,
  // In the currency's major unit.
  priceMax: 1_000_000,
  requestNoteChars: 1000,
  rejectReasonChars: 500,
  timeZoneChars: 64,
  // How far ahead a request's start date may be: a year, leap day included.
  requestStartDaysAhead: 366,
  // Activities (invitations router).
  activityTitleChars: 120,
  activityDescriptionChars: 4000,
  activityLocationChars: 200,
  activityCancelReasonChars: 500,
  activityTagChars: 30,
  tagsPerActivity: 5,
  /** Seats, the host's included; each change is one event per member at most, so a few hundred. */
  activityCapacity: 500,
  /** How far ahead an activity may start. */
  activityDaysAhead: 365,
  activityMaxHours: 72,
  activitySearchRadiusKm: 200,
  activityDefaultRadiusKm: 25,
  /** People waiting for a seat at one activity. */
  activityWaitlist: 1000,
  invitationMessageChars: 1000,
  invitationQuestionChars: 300,
  invitationReasonChars: 500,
  /** Invitations one person may send in 24 hours. */
  invitationsPerDay: 100,
  ratingCommentChars: 1000,
  /** How long a rating may be changed after it is given. */
  ratingEditableDays: 7,
  cardFieldChars: 300,
  nearbyRadiusKm: 50,
  nearbyDefaultRadiusKm: 10,
  nearbyPeople: 50,
  /** Stored positions are rounded to this many decimal places of a degree: about 1.1 km of latitude. */
  locationDecimals: 2,
  // Circles (community router).
  circleNameChars: 80,
  circleDescriptionChars: 1000,
  circleImageUrlChars: 2048,
  circleSearchQueryChars: 100,
  /**
   * Live circles one person may own at once, those they created and those
   * handed to them: archiving one frees its place. Counted under the owner's
   * circles lock, so racing creates cannot pass it.
   */
  circlesOwnedPerUser: 10,
  /**
   * Circles one person may belong to. The realtime hub keeps every connected
   * user's circles in memory to route the feeds, so this bounds that memory.
   */
  circlesJoinedPerUser: 500,
  /** The newest posts a circle's details carry. */
  circleRecentPosts: 5,
  // A circle post's text: as long as a chat message, so the WebSocket frame
  // bound below (sized by the longest send) covers a post at its longest too.
  circlePostBodyChars: 4000,
  // Attachments per post, as per message, for the same reason.
  circlePostAttachments: 10,
  // People one post may mention (each mentioned member is notified once).
  circlePostMentions: 20,
  // Different emojis one person may put on one post (a chat message allows as many).
  circlePostReactionsPerUser: 20,
  // Notifications. A grouped notification keeps this many of its newest
  // actors (to show their faces and dedupe a repeat); actorCount counts them all.
  notificationActorsKept: 5,
} as const;

/**
 * The largest legal frame a client sends over the WebSocket: a message at its
 * longest (every character a 6-byte JSON escape), with every attachment at its
 * longest, in the tRPC envelope, batched as the client batches calls made in
 * one tick (up to 16 calls; about 1 MiB). Anything larger is refused by `ws` before it is parsed.
 */
const largestSend =
  LIMITS.messageBodyChars * 6 +
  LIMITS.attachmentsPerMessage * (LIMITS.attachmentUrlChars + LIMITS.attachmentNameChars * 6 + LIMITS.mimeTypeChars + 200) +
  LIMITS.locationLabelChars * 6 +
  1024;
const CALLS_PER_FRAME = 16;
export const WS_MAX_PAYLOAD_BYTES = largestSend * CALLS_PER_FRAME;

/**
 * Node's own default for a request's URL and headers together, stated so the
 * error that refuses a larger one can quote it. The SDK sends every input in
 * a POST body, so only a hand-built URL or a header bloated by the network
 * (cookies, proxies) comes near it.
 */
export const HTTP_MAX_HEADER_BYTES = 16 * 1024;

/**
 * Calls in one batch, over HTTP and in one WebSocket frame alike: the SDK
 * splits what an app calls in one tick into batches of this many, so a
 * larger batch comes only from a client not built on it.
 */
export const CALLS_PER_BATCH = 50;

/**
 * The largest HTTP body: a full batch of the largest legal call (a send at
 * its longest, about 65 KiB), about 3.2 MiB. The SDK's HTTP link splits
 * batches by count, not by size, so anything smaller would refuse fifty long
 * sends made in one tick, each of them legal. A larger body is refused
 * (PAYLOAD_TOO_LARGE) before it is parsed.
 */
export const HTTP_MAX_BODY_BYTES = largestSend * CALLS_PER_BATCH;

/**
 * Calls one WebSocket may have running at once. A few more than the default
 * database pool (10), so a socket alone on a server still uses all of it,
 * and small enough that calls on other sockets interleave with a busy one's
 * instead of waiting behind thousands of them.
 */
export const WS_CALLS_IN_FLIGHT = 16;

/**
 * Calls a socket may have waiting behind those running, and their size.
 * Twenty full batches: an app that fires hundreds of calls in one tick over
 * the socket still gets every answer, in turn, as it would over HTTP; the
 * bytes bound what the wait can hold in memory. A socket past either bound is
 * refused per call (TOO_MANY_REQUESTS); one that sends as many again while
 * refused is flooding and is closed (1008).
 */
export const WS_CALLS_QUEUED = CALLS_PER_BATCH * 20;
export const WS_QUEUED_BYTES = 4 * WS_MAX_PAYLOAD_BYTES;

/**
 * What the server may hold unsent for one socket. Above two of the largest
 * legal replies (a history page of 100 messages at their longest is about
 * 4 MiB), so a client reading at any real speed never reaches it; a client
 * that stops reading is closed (1013) there, instead of the server buffering
 * everything for it until keepalive notices. It resumes from its last event id.
 */
export const WS_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * Sockets from one address that have not authenticated yet. A signed-in
 * socket counts against its user's cap instead (connectionsPerUser). Every
 * socket is counted here from the moment it opens until its token is
 * checked, so the cap must hold a burst of honest clients handshaking at
 * once: a deploy makes every client behind one office NAT (or one load
 * balancer, whose address all its clients share) reconnect within a second,
 * and a load test opens sockets fifty at a time. What it stops is one address
 * holding thousands of idle sockets; the sign-in deadline below bounds how
 * long each of these may stay.
 */
export const WS_UNAUTHENTICATED_PER_ADDRESS = 256;

/**
 * How long a socket may stay open without authenticating while nothing of its
 * is in flight. The SDK authenticates in its first frame and closes an idle
 * socket by itself, so only a client that opened a socket to hold it stays
 * past this.
 */
export const WS_AUTHENTICATE_WITHIN_MS = 10_000;
