#!/usr/bin/env bash
# Before the first release only: rebuild the single `Initial` migration of both providers from the model.
# After the first release migrations are never squashed again (docs/architecture.md): add new ones instead.
set -euo pipefail
cd "$(dirname "$0")/../../src/Incidents.Web"
dotnet tool restore >/dev/null
rm -f Data/Migrations/Sqlite/*.cs Data/Migrations/SqlServer/*.cs
dotnet ef migrations add Initial --context SqliteIncidentsDbContext --output-dir Data/Migrations/Sqlite
dotnet ef migrations add Initial --context SqlServerIncidentsDbContext --output-dir Data/Migrations/SqlServer
rm -f design-time.db*
