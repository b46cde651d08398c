#!/usr/bin/env bash
# A one-shot script's cost (issue 20 point 3): a fresh pwsh that imports VisionPS and prepares one photo, against a
# fresh pwsh that only runs Get-Item on it, in the same hyperfine run. Build first: dotnet pwsh ./build.ps1 (Release).
#   bench/OneShot/Measure-OneShot.sh [photo.jpg]      PWSH=/path/to/pwsh to pick the PowerShell (default: the
#   repository's pwsh 7.6.10 tool, started through its own apphost so `dotnet` adds nothing to either command).
#   BEFORE=/path/to/other/VisionPS.psd1 adds a third command with that build of the module (before/after, same run).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
photo=$(realpath "${1:-$root/../shared/samples/bird_northern_cardinal.jpg}")
module="$root/out/VisionPS/VisionPS.psd1"
pwsh=${PWSH:-$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/powershell/7.6.10" -path '*unix/pwsh' -type f 2>/dev/null | head -n 1)}
[ -x "$pwsh" ] || { echo "error: no pwsh: run 'dotnet tool restore' or set PWSH" >&2; exit 1; }
[ -f "$module" ] || { echo "error: $module is missing: run 'dotnet pwsh ./build.ps1' first" >&2; exit 1; }
cd "$(dirname "$photo")"
name=$(basename "$photo")
hyperfine -N --warmup 3 --runs "${RUNS:-20}" \
  -n bare "$pwsh -NoProfile -c \"Get-Item $name\"" \
  -n visionps "$pwsh -NoProfile -c \"Import-Module $module; ConvertTo-ImagePart $name\"" \
  ${BEFORE:+-n before "$pwsh -NoProfile -c \"Import-Module $BEFORE; ConvertTo-ImagePart $name\""} \
  --export-json "${EXPORT:-/dev/null}"
