#!/usr/bin/env bash
# Renders one full package, H1 2024 as first published (--as-of 2024-07-31),
# into docs/images as small PNGs, so that a reader sees what ceb makes and a
# change shows in review: every page of the workbook (--lang both) through
# LibreOffice → PDF → pdftoppm, every chart of the package in English and
# Chinese, and the HTML release page as headless Chromium draws it at 375 and
# 1280 px wide. See docs/gallery.md.
#
# Needs: go, soffice (libreoffice-calc), pdftoppm (poppler-utils), chromium,
# fonts-noto-cjk, ImageMagick (convert), pngquant, optipng.
# Usage: docs/render.sh   (from anywhere in the repository; CONVERT=/path/to/convert
# names ImageMagick's convert when another one comes first on PATH)
set -euo pipefail
convert=${CONVERT:-convert}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/docs/images
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/ceb" ./cmd/ceb)
cd "$tmp"
args=(--period 2024H1 --as-of 2024-07-31)
./ceb -q report "${args[@]}" --lang both --out h1.xlsx --charts ch
./ceb -q report "${args[@]}" --lang en --html en.html
./ceb -q report "${args[@]}" --lang zh --html zh.html

rm -f "$out"/workbook-*.png "$out"/chart-*.png "$out"/html-*.png
mkdir -p "$out"

# The workbook: every printed page, A4 landscape at 60 dpi (about 700 px).
soffice --headless --convert-to pdf --outdir . h1.xlsx > /dev/null 2>&1
pdftoppm -png -r 60 h1.pdf page
for p in page-*.png; do
  n=${p#page-}; n=${n%.png}
  cp "$p" "$out/workbook-page-$((10#$n)).png"
done

# Every chart of the package, 640 px wide.
for c in ch/*.png; do
  name=$(basename "$c" .png)
  "$convert" "$c" -resize 640x "$out/chart-${name#2024H1-}.png"
done

# The release page at a phone's width and a desktop's (halved).
for lang in en zh; do
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=375,1600 \
    --screenshot="$tmp/$lang-375.png" "file://$tmp/$lang.html" > /dev/null 2>&1
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1700 \
    --screenshot="$tmp/$lang-1280.png" "file://$tmp/$lang.html" > /dev/null 2>&1
  cp "$lang-375.png" "$out/html-$lang-375.png"
  "$convert" "$lang-1280.png" -resize 50% "$out/html-$lang-1280.png"
done

pngquant --force --ext .png --quality 60-90 "$out"/*.png
optipng -quiet "$out"/*.png

# The page that shows them.
pages=$(ls "$out"/workbook-page-*.png | wc -l)
{
  sed -n '/^# What ceb makes/,/^## The workbook/p' "$root/docs/gallery.md" | sed '$d'
  echo "## The workbook (\`--out h1.xlsx --lang both\`), as LibreOffice prints it"
  echo
  echo "A4 landscape, one page wide, header rows repeated on every page, the"
  echo "source and page numbers in the footer; $pages pages."
  echo
  for i in $(seq 1 "$pages"); do echo "![workbook page $i of $pages](images/workbook-page-$i.png)"; done
  echo
  sed -n '/^## The charts/,$p' "$root/docs/gallery.md"
} > "$tmp/gallery.md"
mv "$tmp/gallery.md" "$root/docs/gallery.md"
ls -l "$out"
