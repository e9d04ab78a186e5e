// The single list of test projects, one per package and one per example.
// Vitest 4 no longer reads this file by itself; vitest.config.ts passes it on
// as `test.projects`.
export default ['packages/db', 'packages/server', 'packages/sdk', 'examples/web'];
