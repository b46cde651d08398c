#!/usr/bin/env bash
# Coverage-guided fuzzing of the imaging layer with SharpFuzz 2.3.0 and Debian's afl++ (apt-get install afl++).
#   bash fuzz/run.sh <target> [minutes]      targets: jpeg png gif bmp exif strip identify imagesharp pdf
# Runs one afl-fuzz instance, niced, on one core, for [minutes] (default 10), then prints the figures
# (executions per second, paths, crashes, hangs) and copies every crash and hang into fuzz/regressions/<target>/,
# which the imaging tests replay in CI. Outside the test run: nothing here is needed to build or test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${1:?usage: bash fuzz/run.sh <target> [minutes]}
minutes=${2:-10}
work=$root/fuzz/.work/$target
publish=$root/fuzz/.work/publish
images=$root/../shared/testdata/images

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The SharpFuzz instrumenter, a dotnet tool, into .tools/ (ignored by git).
sharpfuzz=$root/.tools/sharpfuzz/sharpfuzz
[ -x "$sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$root/.tools/sharpfuzz" >/dev/null

# Publish once, then instrument the assemblies under test (afl sees their branches, not the runtime's).
if [ ! -f "$publish/.instrumented" ]; then
  rm -rf "$publish"
  dotnet publish fuzz/VisionPS.Imaging.Fuzz -c Release -o "$publish" -v quiet >/dev/null
  for dll in VisionPS.Imaging.dll SixLabors.ImageSharp.dll UglyToad.PdfPig.dll UglyToad.PdfPig.Core.dll UglyToad.PdfPig.Tokenization.dll UglyToad.PdfPig.Tokens.dll; do
    [ -f "$publish/$dll" ] && "$sharpfuzz" "$publish/$dll"
  done
  touch "$publish/.instrumented"
fi

# Seeds: the shared test images of the target's kind (small ones; afl works best on small inputs).
seeds=$work/seeds
rm -rf "$seeds" && mkdir -p "$seeds"
case $target in
  jpeg) cp "$images"/jpeg/*.jpg "$images"/exif/landscape_orientation_6.jpg "$seeds"/ ;;
  png|gif|bmp) cp "$images"/$target/* "$seeds"/ ;;
  exif) python3 - "$images" "$seeds" <<'PY'
import sys, pathlib
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for jpg in sorted((src / "exif").glob("landscape_orientation_*.jpg")):
    data = jpg.read_bytes()
    at = data.find(b"Exif\0\0")
    if at >= 4:
        length = int.from_bytes(data[at - 2:at], "big")
        (dst / (jpg.stem + ".exif")).write_bytes(data[at:at - 2 + length])
PY
  ;;
  strip) cp "$images"/jpeg/baseline_420_227x149.jpg "$images"/exif/landscape_orientation_6.jpg "$images"/png/trns_rgb_tbrn2c08.png \
            "$images"/webp/extended_iccp_exif_xmp_10x7.webp "$images"/gif/interlaced_32x32.gif "$seeds"/ ;;
  identify) cp "$images"/jpeg/size_1x1.jpg "$images"/png/gray_1bit_basn0g01.png "$images"/gif/interlaced_32x32.gif \
               "$images"/bmp/top_down_pal8_6x6.bmp "$images"/webp/extended_iccp_exif_xmp_10x7.webp "$images"/exif/webp_orientation_6_128x128.webp "$seeds"/ ;;
  imagesharp) cp "$images"/webp/lossy_vp8_550x368.webp "$images"/webp/lossless_vp8l_palette2bit_230x128.webp "$images"/webp/extended_iccp_exif_xmp_10x7.webp "$root"/fuzz/seeds/imagesharp/* "$seeds"/ ;;
  pdf) cp "$root"/fuzz/seeds/pdf/* "$seeds"/ ;;
  *) echo "unknown target '$target'" >&2; exit 2 ;;
esac

findings=$work/findings
rm -rf "$findings"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
nice -n 19 afl-fuzz -i "$seeds" -o "$findings" -t 5000 -m none -V $((minutes * 60)) -- dotnet "$publish/VisionPS.Imaging.Fuzz.dll" "$target" > "$work/afl.log" 2>&1 || true

stats=$findings/default/fuzzer_stats
if [ ! -f "$stats" ]; then
  echo "afl-fuzz did not start; see $work/afl.log" >&2
  tail -n 30 "$work/afl.log" >&2
  exit 1
fi
field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "$target: $(field run_time) s, $(field execs_done) executions, $(field execs_per_sec) exec/s, paths $(field corpus_count)," \
     "crashes $(field saved_crashes), hangs $(field saved_hangs), stability $(field stability)"

regressions=$root/fuzz/regressions/$target
for kind in crashes hangs; do
  for f in "$findings"/default/$kind/id:*; do
    [ -f "$f" ] || continue
    mkdir -p "$regressions"
    cp "$f" "$regressions/$kind-$(sha1sum "$f" | cut -c1-12)"
  done
done
