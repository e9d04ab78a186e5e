/**
 * `.ci/run` runs the whole suite twice at once, on PGlite and on PostgreSQL, and tells each
 * run its share (`RAPPORT_TEST_SHARE=pglite` or `postgres`): work whose outcome does not depend
 * on the database (typechecking the README, packing the SDK, the browser, the REST half of the
 * fuzz test) is done by one of the two only, so CI stays inside its time. Unset, as in a plain
 * `pnpm test`, a run does everything.
 */
export const testShare = process.env.RAPPORT_TEST_SHARE;

/** True when the other run of the pair does the database-independent work. */
export const databaseIndependentElsewhere = testShare === 'pglite';
