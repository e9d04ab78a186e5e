import { randomUUID } from 'node:crypto';
import type { Notifier } from '@rapport/db';
import { z } from 'zod';
import type { Logger } from '../logger';
import { rapportEvent, type RapportEvent } from '../schemas/events';

const DOORBELL = 'rapport_events';
const EPHEMERAL = 'rapport_ephemeral';
// NOTIFY payloads are limited to 8000 bytes: recipients go in chunks.
const RECIPIENTS_PER_MESSAGE = 120;
// At most one doorbell per this many ms: NOTIFY takes a cluster-wide lock at
// commit, so ringing once per write would throttle every writer (docs/ARCHITECTURE.md, "Event log").
const DOORBELL_MIN_INTERVAL_MS = 5;

export interface EphemeralMessage {
  recipients: string[];
  actorId: string;
  event: RapportEvent;
}

export interface PresenceBeat {
  origin: string;
  online: string[];
}

const wire = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), origin: z.string(), recipients: z.array(z.string()), actorId: z.string(), event: rapportEvent }),
  z.object({ kind: z.literal('beat'), origin: z.string(), online: z.array(z.string()) }),
]);

// A peer not heard from for this long (it beats every few seconds) is gone.
const PEER_TTL_MS = 15_000;

export interface BusHandlers {
  /** An instance not heard from before: tell it who is online here. */
  onNewPeer(): void;
  /** Another instance wrote events: read the log now. */
  onDoorbell(): void;
  onEphemeral(message: EphemeralMessage & { origin: string }): void;
  onBeat(beat: PresenceBeat): void;
}

/**
 * How instances talk: PostgreSQL LISTEN/NOTIFY when the database is shared,
 * nothing at all with the embedded database (one process owns it). The event
 * log itself never travels here, only the doorbell that says "read the log"
 * and the ephemeral typing and presence signals.
 */
export class Bus {
  readonly instanceId = randomUUID();
  private stops: (() => Promise<void>)[] = [];
  private ringing = false;
  private ringAgain = false;
  private readonly peers = new Map<string, number>();

  constructor(
    private readonly notifier: Notifier | null,
    private readonly log: Logger,
  ) {}

  async start(handlers: BusHandlers): Promise<void> {
    if (!this.notifier) return;
    const seen = (origin: string) => {
      const known = this.peers.has(origin);
      this.peers.set(origin, Date.now());
      if (!known) handlers.onNewPeer();
    };
    const doorbell = await this.notifier.listen(DOORBELL, (origin) => {
      if (origin === this.instanceId) return;
      seen(origin);
      handlers.onDoorbell();
    });
    const ephemeral = await this.notifier.listen(EPHEMERAL, (payload) => {
      const message = parse(payload);
      if (!message || message.origin === this.instanceId) return;
      seen(message.origin);
      if (message.kind === 'beat') handlers.onBeat(message);
      else handlers.onEphemeral(message);
    });
    this.stops = [doorbell.stop, ephemeral.stop];
    // Say hello: the others learn of this instance now, not at its first beat.
    this.beat([]);
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.stops.map((stop) => stop()));
    this.stops = [];
  }

  /**
   * Tells the other instances that events were committed. Coalesced, and
   * skipped while no other instance is around: a NOTIFY takes a cluster-wide
   * lock at commit, which a lone instance need not pay for.
   */
  ring(): void {
    if (!this.notifier || !this.hasPeers()) return;
    if (this.ringing) {
      this.ringAgain = true;
      return;
    }
    this.ringing = true;
    const notifier = this.notifier;
    void (async () => {
      do {
        this.ringAgain = false;
        try {
          await notifier.notify(DOORBELL, this.instanceId);
        } catch (error) {
          this.log.warn('event doorbell failed; other instances will poll', { error });
        }
        await new Promise((resolve) => setTimeout(resolve, DOORBELL_MIN_INTERVAL_MS));
      } while (this.ringAgain);
      this.ringing = false;
    })();
  }

  private hasPeers(): boolean {
    const now = Date.now();
    for (const [origin, at] of this.peers) {
      if (now - at < PEER_TTL_MS) return true;
      this.peers.delete(origin);
    }
    return false;
  }

  /** Sends typing or presence to the other instances; the caller delivers locally. */
  publish(message: EphemeralMessage): void {
    // At least one message even with no recipients: other instances also
    // learn presence changes from it.
    for (let i = 0; i === 0 || i < message.recipients.length; i += RECIPIENTS_PER_MESSAGE) {
      const recipients = message.recipients.slice(i, i + RECIPIENTS_PER_MESSAGE);
      this.send({ kind: 'event', origin: this.instanceId, recipients, actorId: message.actorId, event: message.event });
    }
  }

  beat(online: string[]): void {
    for (let i = 0; i === 0 || i < online.length; i += RECIPIENTS_PER_MESSAGE) {
      this.send({ kind: 'beat', origin: this.instanceId, online: online.slice(i, i + RECIPIENTS_PER_MESSAGE) });
    }
  }

  private send(message: z.infer<typeof wire>): void {
    if (!this.notifier) return;
    this.notifier.notify(EPHEMERAL, JSON.stringify(message)).catch((error: unknown) => {
      this.log.warn('ephemeral signal failed', { error });
    });
  }
}

function parse(payload: string): z.infer<typeof wire> | null {
  try {
    const parsed = wire.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
