/** Enough for a real family; the caps keep `family.list` a single, unpaged answer. */
export const MAX_CHILDREN_PER_PARENT = 20;
export const MAX_PARENTS_PER_CHILD = 4;
