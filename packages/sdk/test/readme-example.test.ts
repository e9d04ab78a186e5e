import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { databaseIndependentElsewhere } from './ci-share';

/**
 * The README's "Using the SDK" example is code people copy: it must compile
 * against the SDK as it is. It is typechecked in memory, as if it were a file
 * in packages/sdk/test, with the SDK's own compiler options, so `@rapport/sdk`
 * resolves to the SDK's source and `ws` to the SDK's dev dependency.
 */

const SDK_DIR = fileURLToPath(new URL('..', import.meta.url));
const README = join(SDK_DIR, '..', '..', 'README.md');
const EXAMPLE_FILE = join(SDK_DIR, 'test', '__readme-example__.ts');
const HEADING = '## Using the SDK';

/** Every ```ts block between the heading and the next second-level heading, first to last. */
function readmeExamples(markdown: string): string[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === HEADING);
  if (start === -1) throw new Error(`README.md has no "${HEADING}" heading`);
  const next = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  const section = lines.slice(start + 1, next === -1 ? undefined : next);
  const blocks: string[] = [];
  for (let open = 0; open < section.length; open++) {
    if (!/^```(ts|typescript)\s*$/.test(section[open]?.trim() ?? '')) continue;
    const close = section.findIndex((l, i) => i > open && l.trim() === '```');
    if (close === -1) throw new Error(`a \`\`\`ts block under "${HEADING}" is not closed`);
    blocks.push(`${section.slice(open + 1, close).join('\n')}\n`);
    open = close;
  }
  if (blocks.length === 0) throw new Error(`no \`\`\`ts block under "${HEADING}"`);
  return blocks;
}

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(SDK_DIR, 'tsconfig.json'), { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error('could not read packages/sdk/tsconfig.json');
  return parsed.options;
}

interface Checked {
  messages: string[];
  resolvedSdk: string | undefined;
}

// Every example is checked against the same SDK, server and library files:
// each is parsed once for all of them (the examples' checks were most of this
// file's time, parsing the same declarations again for every block).
const parsedOnce = new Map<string, ts.SourceFile | undefined>();
let options: ts.CompilerOptions | undefined;

/** Typechecks `source` as the file EXAMPLE_FILE, which exists only in memory. */
function typecheck(source: string): Checked {
  options ??= compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const same = (fileName: string) => fileName.replaceAll('\\', '/') === EXAMPLE_FILE.replaceAll('\\', '/');
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (same(fileName)) return ts.createSourceFile(fileName, source, languageVersion, true);
    if (!parsedOnce.has(fileName)) parsedOnce.set(fileName, getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate));
    return parsedOnce.get(fileName);
  };
  host.fileExists = (fileName) => same(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => (same(fileName) ? source : readFile.call(host, fileName));

  const program = ts.createProgram({ rootNames: [EXAMPLE_FILE], options, host });
  const example = program.getSourceFile(EXAMPLE_FILE);
  if (example === undefined) throw new Error('the example was not part of the program');
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(example),
    ...program.getSemanticDiagnostics(example),
  ];
  const messages = diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file === undefined || d.start === undefined) return `TS${d.code}: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `README example ${line + 1}:${character + 1} TS${d.code}: ${text}`;
  });
  const resolvedSdk = ts.resolveModuleName('@rapport/sdk', EXAMPLE_FILE, options, host).resolvedModule?.resolvedFileName;
  return { messages, resolvedSdk };
}

describe.skipIf(databaseIndependentElsewhere)('the README example', () => {
  const examples = readmeExamples(readFileSync(README, 'utf8'));
  const example = examples[0] ?? '';

  it('is the SDK example: it imports @rapport/sdk and calls createRapportClient', () => {
    expect(example).toMatch(/from '@rapport\/sdk'/);
    expect(example).toContain('createRapportClient(');
  });

  it('typechecks against the SDK source', () => {
    const { messages, resolvedSdk } = typecheck(example);
    expect(resolvedSdk?.replaceAll('\\', '/')).toBe(join(SDK_DIR, 'src', 'index.ts').replaceAll('\\', '/'));
    expect(messages).toEqual([]);
  }, 60_000);

  it('has every other example compile too (realtime, sending, the outbox)', () => {
    expect(examples.length).toBeGreaterThan(1);
    for (const other of examples.slice(1)) expect(typecheck(other).messages).toEqual([]);
  }, 60_000);

  it('would fail if the example stopped compiling (the check is not vacuous)', () => {
    const wrong = "export const wrongInput: import('@rapport/sdk').RouterInputs['connections']['create'] = { targetUserId: 'x', type: 'poke' };";
    const { messages } = typecheck(`${example}${wrong}\n`);
    expect(messages).toEqual([expect.stringMatching(/TS2322: .*poke/)]);
  }, 60_000);

});
