import { replaceChildren } from './dom';
import { createBrowserClient } from './rapport-client';
import { startSignedIn } from './signed-in';
import { authView } from './views/auth-view';

/** Shows sign-in or the signed-in page, and switches between them as the session starts and ends. */
export async function startApp(root: HTMLElement): Promise<void> {
  let stopSignedIn: (() => void) | null = null;
  const client = createBrowserClient(() => showAuth('Your session has ended. Please sign in again.'));

  function showAuth(notice: string | null): void {
    stopSignedIn?.();
    stopSignedIn = null;
    replaceChildren(root, authView(client, showSignedIn, notice));
  }

  function showSignedIn(userId: string): void {
    stopSignedIn?.();
    stopSignedIn = startSignedIn(root, client, userId, () => showAuth(null));
  }

  // A session kept in localStorage by an earlier visit: carry on with it.
  const session = await client.session();
  if (session === null) showAuth(null);
  else showSignedIn(session.userId);
}
