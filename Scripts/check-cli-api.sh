#!/usr/bin/env bash
# The CLI is to be a client of the libraries' public API (issue 22). This check lists the `package` types of the
# libraries that Sources/image-ingest (and the sandbox executable, Sources/image-ingest-sandbox) still names and compares them with Scripts/cli-package-uses.txt: a new use
# fails the run, and so does an entry no longer used (the list only shrinks). Types only, matched as words; a
# `package` member of a public type is not seen.
set -euo pipefail
cd "$(dirname "$0")/.."
allowed=Scripts/cli-package-uses.txt
used=$(grep -rhoE '^\s*package (final )?(struct|enum|class|actor|protocol|typealias) [A-Za-z_][A-Za-z0-9_]*' \
        Sources/ImageIngest Sources/ImageCodecs Sources/SuperOfficeWebAPI Sources/SuperOfficeSandbox \
    | awk '{print $NF}' | sort -u \
    | while read -r name; do if grep -rqw -- "$name" Sources/image-ingest Sources/image-ingest-sandbox; then echo "$name"; fi; done)
listed=$({ grep -v '^#' "$allowed" || true; } | sed '/^$/d' | sort -u)
new=$(comm -23 <(echo "$used") <(echo "$listed"))
gone=$(comm -13 <(echo "$used") <(echo "$listed"))
status=0
if [ -n "$new" ]; then
    echo "the CLI uses package declarations of the libraries that are not in $allowed (use the public API):"
    echo "$new" | sed 's/^/  /'
    status=1
fi
if [ -n "$gone" ]; then
    echo "no longer used by the CLI, remove from $allowed:"
    echo "$gone" | sed 's/^/  /'
    status=1
fi
[ "$status" = 0 ] && echo "the CLI names $(echo "$used" | sed '/^$/d' | wc -l) package types of the libraries, all listed in $allowed"
exit "$status"
