#!/bin/sh
# Placeholder for Prisma 7's native schema-engine (cannot be downloaded offline).
# Prisma 7 `generate` only checks that the file exists (prisma.config.ts at the root points it here);
# migrations run through prisma-migrate (6.19.3, WASM engine): see README.md beside this file.
echo "native schema-engine is not available offline: use 'npm run db:*' (prisma-migrate)" >&2
exit 1
