/**
 * A queue that runs `work` one at a time, in call order: each call starts after the previous one
 * settles (fulfilled or rejected), and resolves or rejects as its own work does.
 */
export function createSerialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  };
}
