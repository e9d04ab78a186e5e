import { readJson, removeKey, userKey, writeJson } from './json-store';

/** Which conversation was open, so a reload puts the user back where they were. */
export interface OpenChatMemory {
  load(): string | null;
  save(conversationId: string): void;
  clear(): void;
}

export function openChatMemory(userId: string): OpenChatMemory {
  const key = userKey(userId, 'openConversation');
  return {
    load: () => {
      const value = readJson(key);
      return typeof value === 'string' ? value : null;
    },
    save: (conversationId) => writeJson(key, conversationId),
    clear: () => removeKey(key),
  };
}
