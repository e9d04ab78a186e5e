import { readFile } from 'node:fs/promises';

// Reads two V8 heap snapshots and says what grew between them, by kind of
// object: where the memory of N idle connections went.

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
  strings: string[];
}

function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  return Array.isArray(Reflect.get(value, 'nodes')) && Array.isArray(Reflect.get(value, 'strings')) && typeof Reflect.get(value, 'snapshot') === 'object';
}

/** Bytes and count of live objects by `type name` (e.g. `object Subscriber`, `closure drain`). */
async function sizesByKind(file: string): Promise<Map<string, { bytes: number; count: number }>> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isSnapshot(parsed)) throw new Error(`${file} is not a heap snapshot`);
  const fields = parsed.snapshot.meta.node_fields;
  const typeNames = parsed.snapshot.meta.node_types[0];
  if (!Array.isArray(typeNames)) throw new Error(`${file}: no node types`);
  const width = fields.length;
  const at = (name: string) => fields.indexOf(name);
  const [typeAt, nameAt, sizeAt] = [at('type'), at('name'), at('self_size')];
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < parsed.nodes.length; i += width) {
    const type = String(typeNames[parsed.nodes[i + typeAt] ?? 0]);
    const rawName = parsed.strings[parsed.nodes[i + nameAt] ?? 0] ?? '';
    // Strings and code are grouped by type alone: their names are their contents.
    const name = ['string', 'concatenated string', 'sliced string', 'code', 'number', 'hidden'].includes(type) ? '' : rawName.slice(0, 60);
    const key = `${type} ${name}`.trim();
    const entry = out.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += parsed.nodes[i + sizeAt] ?? 0;
    entry.count += 1;
    out.set(key, entry);
  }
  return out;
}

export interface HeapGrowth {
  kind: string;
  bytesPerConnection: number;
  objectsPerConnection: number;
}

export async function heapGrowth(beforeFile: string, afterFile: string, connections: number, top = 15): Promise<HeapGrowth[]> {
  const [before, after] = [await sizesByKind(beforeFile), await sizesByKind(afterFile)];
  return [...after]
    .map(([kind, a]) => {
      const b = before.get(kind) ?? { bytes: 0, count: 0 };
      return { kind, bytesPerConnection: (a.bytes - b.bytes) / connections, objectsPerConnection: (a.count - b.count) / connections };
    })
    .sort((x, y) => y.bytesPerConnection - x.bytesPerConnection)
    .slice(0, top);
}
