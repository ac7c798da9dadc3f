/**
 * Answers of a polled read that move on only when the test says so: the
 * current one repeats on every read until `next()`. A state is then on
 * screen until the test has seen it, however fast the component polls
 * (a queue that advances on each read lets a fast poll skip a state).
 */
export function steppedAnswers<T>(...states: T[]) {
  if (states.length === 0) throw new Error('steppedAnswers: no state given');
  let index = 0;
  return {
    /** The current state; pass as the fake API's answer. */
    answer: async (): Promise<T> => states[index],
    /** Moves to the next state (the last one stays). */
    next: () => {
      index = Math.min(index + 1, states.length - 1);
    },
  };
}
