import { eq, studentProfiles, tutorProfiles, users, type Executor } from '@rapport/db';
import type { ParentProfileView, StudentProfileView, TutorProfileView } from '../../../schemas/session-requests/profiles';

/** Profile columns plus the owner's name and avatar, for a select joined to users. */
export const tutorColumns = {
  userId: tutorProfiles.userId,
  name: users.name,
  avatarUrl: users.avatarUrl,
  bio: tutorProfiles.bio,
  subjects: tutorProfiles.subjects,
  languages: tutorProfiles.languages,
  hourlyRate: tutorProfiles.hourlyRate,
  currency: tutorProfiles.currency,
  createdAt: tutorProfiles.createdAt,
  updatedAt: tutorProfiles.updatedAt,
};

export interface TutorRow {
  userId: string;
  name: string;
  avatarUrl: string | null;
  bio: string;
  subjects: string[];
  languages: string[];
  hourlyRate: number;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
}

export const toTutorView = (row: TutorRow): TutorProfileView => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const studentColumns = {
  userId: studentProfiles.userId,
  name: users.name,
  avatarUrl: users.avatarUrl,
  gradeLevel: studentProfiles.gradeLevel,
  subjects: studentProfiles.subjects,
  createdAt: studentProfiles.createdAt,
  updatedAt: studentProfiles.updatedAt,
};

export interface StudentRow {
  userId: string;
  name: string;
  avatarUrl: string | null;
  gradeLevel: string;
  subjects: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const toStudentView = (row: StudentRow): StudentProfileView => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const toParentView = (row: { userId: string; createdAt: Date }): ParentProfileView => ({
  userId: row.userId,
  createdAt: row.createdAt.toISOString(),
});

/** Selects tutor profiles with their owners; callers add the where clause. */
export const selectTutors = (db: Executor) => db.select(tutorColumns).from(tutorProfiles).innerJoin(users, eq(users.id, tutorProfiles.userId));

/** Selects student profiles with their owners; callers add the where clause. */
export const selectStudents = (db: Executor) =>
  db.select(studentColumns).from(studentProfiles).innerJoin(users, eq(users.id, studentProfiles.userId));
