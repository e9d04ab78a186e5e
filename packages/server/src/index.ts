export { appRouter, type AppRouter } from './routers/index';
export type { RapportErrorData } from './error-shape';
export type { Config } from './config';
export { loadConfig, ConfigError } from './config';
export { startServer, TRPC_PATH, type RunningServer, type StartOptions } from './http/server';
export { createLogger, type Logger } from './logger';
