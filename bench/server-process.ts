import { loadConfig, startServer } from '@rapport/server';
import { answerParent } from './child-side';

// The Rapport server under test, in a process of its own so that the
// benchmark's clients do not share its event loop. Configured from env.
const server = await startServer(loadConfig(process.env));
answerParent(server.url, () => server.close());
