const queues = new Map<string, Promise<void>>();

/**
 * Runs tasks with the same key one after another in this process. Sign-in
 * counts an attempt against the limit before it checks the password, so
 * concurrent attempts for one account would otherwise count each other as
 * failures: fifty retries of a sign-up whose responses were lost, all with the
 * right password, must all get in. The limit itself is still enforced by the
 * database, across instances.
 */
export function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}
