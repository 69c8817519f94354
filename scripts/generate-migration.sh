#!/usr/bin/env bash
# Generates a migration from the difference between the entities and DATABASE_URL's schema.
# Usage: npm run migration:generate -- VerbThing
set -euo pipefail
name="${1:?usage: npm run migration:generate -- VerbThing}"
cd "$(dirname "$0")/.."
npm run build --silent
npm run migrate --silent
npx typeorm migration:generate -d dist/libs/schema/src/data-source.js "migrations/${name}"
file=$(ls -t migrations/*-"${name}".ts | head -n 1)
# The project compiles with verbatimModuleSyntax: the generator's interfaces are type imports.
sed -i 's/^import { MigrationInterface, QueryRunner } from "typeorm";/import type { MigrationInterface, QueryRunner } from "typeorm";/' "$file"
echo "Review ${file}, then run: npm run build && npm run migrate"
