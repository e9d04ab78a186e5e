import type { RapportClient } from '@rapport/sdk';
import { el } from '../dom';
import { describeError } from '../errors';

/**
 * Sign up or sign in. The SDK keeps the tokens the server returns (in the
 * storage the client was made with), so all this view hands on is the user id.
 */
export function authView(client: RapportClient, onSignedIn: (userId: string) => void, notice: string | null): HTMLElement {
  const name = el('input', { id: 'auth-name', name: 'name', autocomplete: 'name' });
  const email = el('input', { id: 'auth-email', name: 'email', type: 'email', autocomplete: 'email', required: true });
  const password = el('input', { id: 'auth-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = el('p', { class: 'error', role: 'alert' });
  const signUp = el('button', { type: 'submit', value: 'sign-up' }, 'Sign up');
  const signIn = el('button', { type: 'submit', value: 'sign-in' }, 'Sign in');

  const form = el(
    'form',
    { class: 'auth', 'aria-label': 'Sign up or sign in' },
    el('h1', {}, 'Rapport'),
    notice === null ? null : el('p', { class: 'notice' }, notice),
    el('label', { for: 'auth-name' }, 'Name ', el('small', {}, '(to sign up)')),
    name,
    el('label', { for: 'auth-email' }, 'Email'),
    email,
    el('label', { for: 'auth-password' }, 'Password'),
    password,
    el('div', { class: 'actions' }, signUp, signIn),
    error,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Which button was pressed: Enter in a field counts as the first, sign up.
    const wanted = event.submitter instanceof HTMLButtonElement ? event.submitter.value : 'sign-up';
    error.textContent = '';
    signUp.disabled = signIn.disabled = true;
    const call =
      wanted === 'sign-in'
        ? client.api.auth.signIn.mutate({ email: email.value, password: password.value })
        : client.api.auth.signUp.mutate({ email: email.value, password: password.value, name: name.value });
    call.then(
      (result) => onSignedIn(result.userId),
      (failure: unknown) => {
        error.textContent = describeError(failure);
        signUp.disabled = signIn.disabled = false;
      },
    );
  });
  return form;
}
