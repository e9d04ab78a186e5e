#!/usr/bin/env bash
# Temporary, while issue 14 is built by several people at once: regenerates
# migration 0011_community from the schema and re-appends the hand-written
# triggers (scripts/community-hand.sql). Serialised with flock.
set -euo pipefail
cd "$(dirname "$0")/../../.."
exec 9>/tmp/rapport-regenerate-0011.lock
flock 9
rm -f packages/db/migrations/0011_*.sql packages/db/migrations/meta/0011_snapshot.json
node -e '
const fs=require("fs");const p="packages/db/migrations/meta/_journal.json";
const j=JSON.parse(fs.readFileSync(p,"utf8"));j.entries=j.entries.filter(e=>e.idx!==11);
fs.writeFileSync(p,JSON.stringify(j,null,2));'
pnpm -s drizzle-kit generate --name community >/dev/null
cat packages/db/scripts/community-hand.sql >> packages/db/migrations/0011_community.sql
echo "regenerated packages/db/migrations/0011_community.sql"
