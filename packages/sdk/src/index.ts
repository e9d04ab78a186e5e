import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './router';

export { createRapportClient, type RapportClient, type RapportClientOptions, type WebSocketImpl, type WebSocketLike } from './client';
export { errorReason, isRapportError, type RapportError, type RapportErrorShape } from './errors';
export { memoryStorage, type StoredSession, type TokenStorage } from './storage';
export type { BackoffOptions } from './backoff';
export type { EventSourceImpl, EventSourceLike, EventsTransport } from './events-transport';
export { newClientKey } from './client-key';
export type {
  EventStreamStatus,
  EventSubscription,
  EventSubscriptionOptions,
  RapportEvent,
  RapportEventOf,
  RapportEventType,
  RapportEvents,
} from './events';
export type { Outbox, OutboxInput, OutboxListener } from './outbox';
export { memoryOutboxStorage, type OutboxError, type OutboxItem, type OutboxItemStatus, type OutboxStorage } from './outbox-storage';
export type { MessageContent, MessageView, RapportChat, SendMessageInput, SendMessageOptions } from './send';
export {
  isSessionRequestMessage,
  type FamilyLink,
  type SessionRequest,
  type SessionRequestCard,
  type SessionRequestCreateInput,
  type SessionRequestMessage,
  type SessionRequestStatus,
  type StudentProfile,
  type TutorPackage,
  type TutorProfile,
} from './session-requests';

export {
  isInvitationMessage,
  type Activity,
  type ActivityCreateInput,
  type ActivityJoinResult,
  type ActivityMyStatus,
  type ActivityParticipant,
  type ActivitySearchInput,
  type ActivityUpdateInput,
  type CollectedCard,
  type Invitation,
  type InvitationAcceptResult,
  type InvitationCard,
  type InvitationMessage,
  type InvitationSendInput,
  type InvitationStatus,
  type NameCard,
  type Nearby,
  type Rating,
  type RatingSummary,
} from './activities';

export type {
  Circle,
  CircleCategory,
  CircleCreateInput,
  CircleDetails,
  CircleListInput,
  CircleMember,
  CircleRole,
  CircleUpdateInput,
} from './circles';

export type {
  CirclePost,
  CirclePostCreateInput,
  CirclePostDeleted,
  CirclePostListInput,
  CirclePostPage,
  CirclePostRepliesInput,
} from './circle-posts';

export type {
  NotificationListInput,
  NotificationPreference,
  NotificationPriority,
  NotificationsMarked,
  NotificationType,
  NotificationView,
} from './notifications';

export type {
  Dashboard,
  DiscoveredPerson,
  DiscoverInput,
  IdentityBadge,
  InterestCatalogue,
  PrivateProfile,
  ProfileUpdateInput,
  PublicProfile,
  Streak,
} from './people';

/** Input types of every procedure: `RouterInputs['connections']['create']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Output types of every procedure: `RouterOutputs['users']['get']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { AppRouter };
