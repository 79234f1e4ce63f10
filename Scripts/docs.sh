#!/usr/bin/env bash
# Builds the DocC documentation of the libraries with swift-docc-plugin; any DocC warning (a broken symbol
# link, an undocumented parameter) fails the build. Output: .build/plugins/Swift-DocC/outputs/*.doccarchive
set -euo pipefail
cd "$(dirname "$0")/.."
swift package --disable-sandbox generate-documentation \
    --target ImageIngest --target SuperOfficeWebAPI --warnings-as-errors "$@"
