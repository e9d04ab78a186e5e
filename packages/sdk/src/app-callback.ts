/**
 * Runs an app's callback so that a throw cannot break the SDK's own state (a
 * stream's cursor, the outbox's queue); the error still surfaces as an
 * uncaught exception, where the app's error reporting sees it.
 */
export function callApp(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
