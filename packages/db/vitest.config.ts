import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'db',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // One process runs the files one after another, without reloading the
    // modules for each: the tests share no module state (no mocks, fake
    // timers or env changes; each starts its own server), and re-importing
    // the server per file was 40 % of the suite's CPU.
    isolate: false,
    hookTimeout: 60_000,
  },
});
