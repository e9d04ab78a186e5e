import type { RouterInputs } from '../../src/index';
import type { TestServer, TestUser } from '../harness';

type TutorProfileInput = RouterInputs['sessionRequests']['profiles']['setTutor'];

export const DEFAULT_TUTOR_PROFILE = {
  bio: 'I teach algebra and geometry.',
  subjects: ['Maths'],
  languages: ['English'],
  hourlyRate: 40,
  currency: 'EUR',
} satisfies TutorProfileInput;

/** A new user holding a tutor profile (the defaults above, with `overrides` applied). */
export async function makeTutor(t: TestServer, name?: string, overrides: Partial<TutorProfileInput> = {}): Promise<TestUser> {
  const user = await t.user(name);
  await user.api.sessionRequests.profiles.setTutor.mutate({ ...DEFAULT_TUTOR_PROFILE, ...overrides });
  return user;
}

/** A new user holding a student profile in Grade 9. */
export async function makeStudent(t: TestServer, name?: string): Promise<TestUser> {
  const user = await t.user(name);
  await user.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: 'Grade 9' });
  return user;
}

/** A new user holding a parent profile. */
export async function makeParent(t: TestServer, name?: string): Promise<TestUser> {
  const user = await t.user(name);
  await user.api.sessionRequests.profiles.setParent.mutate();
  return user;
}

/** Links parent and child and confirms it: the parent proposes, the child accepts. */
export async function linkChild(parent: TestUser, child: TestUser) {
  await parent.api.sessionRequests.family.link.mutate({ userId: child.id, relation: 'child' });
  return child.api.sessionRequests.family.accept.mutate({ userId: parent.id });
}
