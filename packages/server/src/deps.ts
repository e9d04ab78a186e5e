import type { Database } from '@rapport/db';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Realtime } from './realtime/realtime';
import type { SendRateLimiter } from './services/chat/rate-limit';
import type { ActiveDays } from './services/dashboard/active-days';
import type { RecentTyping } from './services/chat/typing';
import type { TokenSigner } from './services/auth/tokens';

/**
 * Everything the server builds once, for routers and transports. Services
 * never see this whole: a router passes each service the parts it names.
 */
export interface Deps {
  db: Database;
  config: Config;
  tokens: TokenSigner;
  log: Logger;
  realtime: Realtime;
  sendLimiter: SendRateLimiter;
  /** Circle posts and replies, at the same rate as chat messages but counted apart. */
  postLimiter: SendRateLimiter;
  typingSignals: RecentTyping;
  /** Whose active day (the streak) this instance has recorded. */
  activeDays: ActiveDays;
}
