// Placeholder until the circles procedures land (issue 14, in progress).
export const circleProcedures = {};
