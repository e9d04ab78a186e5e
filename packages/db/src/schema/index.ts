export * from './auth';
export * from './connections';
export * from './users';
export * from './chat';
export * from './events';
export * from './session-requests';
export * from './activities';
export * from './community';
