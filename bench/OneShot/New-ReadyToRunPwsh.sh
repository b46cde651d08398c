#!/usr/bin/env bash
# A ReadyToRun copy of the repository's pwsh 7.6.10 tool, for Measure-OneShot.sh (PWSH=<dir>/pwsh).
# PowerShell's release packages are built with Start-PSBuild -CrossGen (PowerShell/PowerShell build.psm1), so an
# installed pwsh starts from precompiled code; the dotnet tool package ships IL only (its System.Management.Automation
# has no ReadyToRun header), so there every piece of PowerShell a command touches is JIT-compiled first, bare pwsh and
# Import-Module alike. This precompiles the same PowerShell assemblies the way a release build does, with the crossgen2
# that `dotnet pwsh ./build.ps1` (Release, linux-x64) downloads.
#   bench/OneShot/New-ReadyToRunPwsh.sh [target-dir]     (default: /tmp/pwsh-7.6.10-r2r)
set -euo pipefail
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
tool=$(dirname "$(find "$packages/powershell/7.6.10" -path '*unix/pwsh' -type f | head -n 1)")
[ -f "$tool/System.Management.Automation.dll" ] || { echo "error: no pwsh 7.6.10 tool: run 'dotnet tool restore'" >&2; exit 1; }
runtime=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ { v = $2; d = $3 } END { gsub(/[\[\]]/, "", d); print d "/" v }')
crossgen=$packages/microsoft.netcore.app.crossgen2.linux-x64/$(basename "$runtime")/tools/crossgen2
[ -x "$crossgen" ] || { echo "error: $crossgen is missing: run 'dotnet pwsh ./build.ps1' (a Release build downloads it)" >&2; exit 1; }
target=${1:-/tmp/pwsh-7.6.10-r2r}
rm -rf "$target"; cp -r "$tool" "$target"
for assembly in System.Management.Automation Microsoft.PowerShell.ConsoleHost Microsoft.PowerShell.Commands.Utility \
    Microsoft.PowerShell.Commands.Management Microsoft.PowerShell.Security Microsoft.PowerShell.CoreCLR.Eventing \
    System.Management pwsh Newtonsoft.Json; do
  [ -f "$tool/$assembly.dll" ] || continue
  "$crossgen" "$tool/$assembly.dll" -o "$target/$assembly.dll" -O --targetos:linux --targetarch:x64 -r "$runtime/*.dll" -r "$tool/*.dll" >/dev/null
done
"$target/pwsh" -NoProfile -c '"ReadyToRun pwsh $($PSVersionTable.PSVersion) at " + $PSHOME'
