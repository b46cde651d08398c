#!/usr/bin/env bash
# A one-shot script's cost (issue 20 point 3): a fresh pwsh that imports VisionPS and prepares one photo, against a
# fresh pwsh that only runs Get-Item on it. Build first: dotnet pwsh ./build.ps1 (Release).
#   bench/OneShot/Measure-OneShot.sh [photo.jpg]      PWSH=/path/to/pwsh to pick the PowerShell (default: the
#   repository's pwsh 7.6.10 tool, started through its own apphost so `dotnet` adds nothing to either command).
#   BEFORE=/path/to/other/VisionPS.psd1 adds a third command with that build of the module (before/after, same run).
#   COMMAND='Invoke-VisionChat ...' measures another first command instead of ConvertTo-ImagePart.
# hyperfine runs every command in ROUNDS short rounds (default 10 x 3 runs, after one warm-up each), the commands
# interleaved round by round: one hyperfine call per command runs all of its runs back to back, so anything else the
# machine does meanwhile lands on one command only and the difference is noise. Medians over all rounds are printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
photo=$(realpath "${1:-$root/../shared/samples/bird_northern_cardinal.jpg}")
module="$root/out/VisionPS/VisionPS.psd1"
pwsh=${PWSH:-$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/powershell/7.6.10" -path '*unix/pwsh' -type f 2>/dev/null | head -n 1)}
[ -x "$pwsh" ] || { echo "error: no pwsh: run 'dotnet tool restore' or set PWSH" >&2; exit 1; }
[ -f "$module" ] || { echo "error: $module is missing: run 'dotnet pwsh ./build.ps1' first" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "error: hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
cd "$(dirname "$photo")"
name=$(basename "$photo")
first=${COMMAND:-ConvertTo-ImagePart $name}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for round in $(seq "${ROUNDS:-10}"); do
  hyperfine -N --warmup 1 --runs "${RUNS:-3}" --style none --export-json "$work/$round.json" \
    -n bare "$pwsh -NoProfile -c \"Get-Item $name\"" \
    -n visionps "$pwsh -NoProfile -c \"Import-Module $module; $first\"" \
    ${BEFORE:+-n before "$pwsh -NoProfile -c \"Import-Module $BEFORE; $first\""} >/dev/null
done
python3 - "$work" "${EXPORT:-}" <<'PY'
import json, glob, statistics, sys
times, cpu = {}, {}
for f in sorted(glob.glob(sys.argv[1] + '/*.json')):
    for r in json.load(open(f))['results']:
        times.setdefault(r['command'], []).extend(r['times'])
        cpu.setdefault(r['command'], []).append(r['user'] + r['system'])  # hyperfine gives each round's mean
bare = statistics.median(times['bare']); bare_cpu = statistics.median(cpu['bare'])
rows = []
print('| command | runs | median | over bare | CPU (user+sys, median of rounds) | CPU over bare |')
print('|---|---|---|---|---|---|')
for name, t in times.items():
    m, c = statistics.median(t), statistics.median(cpu[name])
    rows.append({'command': name, 'runs': len(t), 'median_s': m, 'over_bare_s': m - bare, 'cpu_s': c, 'cpu_over_bare_s': c - bare_cpu})
    print(f'| {name} | {len(t)} | {m:.3f} s | {m - bare:+.3f} s | {c:.3f} s | {c - bare_cpu:+.3f} s |')
if sys.argv[2]:
    json.dump(rows, open(sys.argv[2], 'w'), indent=2)
PY
