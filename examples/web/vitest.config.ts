import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-web',
    include: ['test/**/*.test.ts'],
    // The browser test walks one story (two people meet, talk, reload, go
    // offline) in steps that build on each other; each step waits on the
    // page, never on a fixed sleep, so it takes as long as the app does.
    testTimeout: 30_000,
    // As in the other projects: one process, no module reloading per file.
    isolate: false,
    // Building the app, starting a server and a browser.
    hookTimeout: 60_000,
  },
});
