import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/migrate';

/**
 * Every committed migration and the sha256 of its text. A database that has
 * applied a migration never reads it again (drizzle's migrator only runs the
 * ones dated after the last it recorded), so an edit to a committed one
 * reaches fresh databases only: test and production schemas would part
 * silently. A schema change is always a new migration (docs/ARCHITECTURE.md,
 * "Schema and migrations"); this list is what makes that rule fail a test.
 *
 * Adding a migration: append its file and hash here in the same commit (the
 * failure for an unlisted file prints the line to add). Never change a line.
 */
const FROZEN: Readonly<Record<string, string>> = {
  '0000_foundation.sql': 'd6224b2df245b29f986b9f814acf286c170cd17c4aa9c3a244dc538529ee362a',
  '0001_chat_and_events.sql': 'afaa6056ff32515a86130adde5f51cddce5c84c8554c8bd50db340c37b4bb6a4',
  '0002_session_requests.sql': 'ae9240b546cd0a76ae50b506887aa6592f466c098944ddbd62971cb24dfcf638',
  '0003_schema_constraints.sql': 'c5326e3ffd9762d58b3c90325d267d7471fa8f3fc71bcff33103573130bd9600',
  '0004_read_paths.sql': 'e0c3dca833239c6cac8420da6f0d4dcfad63958ab070c15e9d7d313b5dee47b5',
  '0005_label_search.sql': 'd0ad3b308d682f3f6e82a7947db2483d77ade7db40b88722109b6e072a53b3ca',
  '0006_activities.sql': '8c433a2a360d123df203b9f9785a30255b8fcb2d508edef388f2b90104cd9ec5',
  '0007_invitations.sql': '01aebd1c032866fd29c23b7ac743b6c24062b4d322315fd54ee1b504352dd5ca',
  '0008_ratings.sql': 'f894546a4c7a9cce27c35c174c53ca87031783d193eafed69e6d051e913f50f9',
  '0009_name_cards.sql': '4f35a0444199bd2eda8120eb31c7fb8d4e1ad4bd9de29daa7ec98e7b7e67d7d6',
  '0010_nearby.sql': '1176d6500b2b5b7293905013a4b85262b5af5af7e87947cb13a49daa6e4d144d',
  '0011_community.sql': '28ecf5a675d1d5fa62370d6a2c09f4eaec112bae0acae33bc527839c638637d5',
};

// The digest of the file as drizzle-kit writes it (LF line endings), which is
// also the hash drizzle's migrator records. CRLF is folded to LF first, so a
// checkout that converts line endings does not read as an edit.
const digest = (file: string) =>
  createHash('sha256')
    .update(readFileSync(join(migrationsFolder, file), 'utf8').replaceAll('\r\n', '\n'))
    .digest('hex');

const sqlFiles = () =>
  readdirSync(migrationsFolder)
    .filter((file) => file.endsWith('.sql'))
    .sort();

describe('committed migrations are frozen', () => {
  it('has every committed migration still there', () => {
    for (const file of Object.keys(FROZEN)) {
      expect(
        existsSync(join(migrationsFolder, file)),
        `${file} was committed and is gone: committed migrations are never removed or renamed; restore it`,
      ).toBe(true);
    }
  });

  it('has every committed migration unchanged', () => {
    for (const [file, frozen] of Object.entries(FROZEN)) {
      if (!existsSync(join(migrationsFolder, file))) continue;
      expect(
        digest(file),
        `${file} was edited after it was committed. Databases that already applied it will never see the edit: ` +
          `restore the committed file and put the change in a new migration (edit the schema, then \`pnpm db:generate\`)`,
      ).toBe(frozen);
    }
  });

  it('lists every migration in the folder', () => {
    for (const file of sqlFiles()) {
      expect(
        Object.hasOwn(FROZEN, file),
        `${file} is a new migration: add it to FROZEN in packages/db/test/migrations-frozen.test.ts, ` +
          `in the commit that adds it:\n  '${file}': '${digest(file)}',`,
      ).toBe(true);
    }
  });
});
