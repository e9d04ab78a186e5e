import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectFieldErrors } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { circleOf, post, type Post } from './helpers';

let t: TestServer;
let ada: TestUser;
let circleId: string;
let written: Post;
beforeAll(async () => {
  t = await startTestServer();
  ada = await t.user('Ada');
  circleId = (await circleOf(ada)).id;
  written = await post(ada, circleId, 'Hello');
});
afterAll(() => t.close());

describe('bad input to the feed', () => {
  it('is a BAD_REQUEST naming the field, never a 500', async () => {
    const posts = ada.api.community.circles.posts;
    const create = (fields: Record<string, unknown>) =>
      posts.create.mutate({ circleId, clientKey: randomUUID(), body: 'ok', ...fields } as Parameters<typeof posts.create.mutate>[0]);
    await expectFieldErrors(posts.create.mutate({ circleId, clientKey: randomUUID() }), ['body']);
    await expectFieldErrors(create({ body: '   ' }), ['body']);
    await expectFieldErrors(create({ body: 'x'.repeat(4001) }), ['body']);
    await expectFieldErrors(create({ body: 'nul \u0000 here' }), ['body']);
    await expectFieldErrors(create({ clientKey: 'short' }), ['clientKey']);
    await expectFieldErrors(create({ circleId: 'not-a-circle' }), ['circleId']);
    await expectFieldErrors(create({ parentId: 'nope' }), ['parentId']);
    await expectFieldErrors(create({ mentions: Array.from({ length: 21 }, () => randomUUID()) }), ['mentions']);
    await expectFieldErrors(create({ mentions: ['someone'] }), ['mentions.0']);
    await expectFieldErrors(create({ attachments: [{ url: 'http://insecure.example/a.png', name: 'a.png', size: 1, mimeType: 'image/png' }] }), ['attachments.0.url']);
    await expectFieldErrors(posts.list.query({ circleId, limit: 101 }), ['limit']);
    await expectFieldErrors(posts.list.query({ circleId, cursor: 'not a cursor' }), ['cursor']);
    await expectFieldErrors(posts.replies.query({ postId: written.id, cursor: Buffer.from('["9999-99-99", "x"]').toString('base64url') }), ['cursor']);
    await expectFieldErrors(posts.edit.mutate({ postId: written.id, body: '' }), ['body']);
    await expectFieldErrors(posts.react.mutate({ postId: written.id, emoji: 'thumbs up' }), ['emoji']);
    await expectFieldErrors(posts.unreact.mutate({ postId: written.id, emoji: '👍👍' }), ['emoji']);
    await expectFieldErrors(posts.delete.mutate({ postId: '' }), ['postId']);
  });
});
