/**
 * `true` only when two unions hold the same values: a list the API declares
 * and a pg enum the schema declares are one list, and either gaining a value
 * the other lacks fails the typecheck where this is asserted.
 */
export type SameValues<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
