/** What the benchmark asks a child process (a Rapport server or the raw `ws` baseline) to do. */
export type ParentMessage =
  | { type: 'memory' }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'heap-snapshot'; file: string }
  | { type: 'stop' };

/** Memory of a child after a forced garbage collection. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
}

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'memory'; sample: MemorySample }
  | { type: 'profile-written'; file: string }
  | { type: 'heap-written'; file: string }
  | { type: 'failed'; message: string };

export function isParentMessage(value: unknown): value is ParentMessage {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'type') === 'string';
}

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'type') === 'string';
}
