#!/usr/bin/env bash
# Builds cebsans.ttf, the font ceb draws charts with: Latin, digits and
# punctuation from DejaVu Sans, Chinese (all of GB2312 that the source has)
# from Droid Sans Fallback, scaled to one em size and merged. Needs Debian's
# fonts-droid-fallback, fonts-dejavu-core and fonttools. Not run by CI; the
# result is committed. Licences: LICENSE-DroidSansFallback (Apache-2.0),
# LICENSE-DejaVu (Bitstream Vera / public domain).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3
$PY - "$tmp" <<'PYEOF'
import sys
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from fontTools import subset
from fontTools.merge import Merger
tmp = sys.argv[1]
gb = set()
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            gb.add(ord(bytes([b1, b2]).decode('gb2312')))
        except UnicodeDecodeError:
            pass
latin = set(range(0x20, 0x7F)) | {0xA0, 0xB0, 0xB1, 0xB2, 0xB7, 0xD7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2212, 0x2030, 0x00A5, 0x2248}
opts = subset.Options()
opts.layout_features = []
opts.notdef_outline = True
opts.hinting = False
opts.name_IDs = ['*']
def sub(path, codes, out, upem=None):
    f = TTFont(path)
    s = subset.Subsetter(opts)
    s.populate(unicodes=[c for c in codes if c in f.getBestCmap()])
    s.subset(f)
    for t in ['GPOS', 'GSUB', 'GDEF', 'kern', 'MATH', 'FFTM', 'vhea', 'vmtx']:
        if t in f:
            del f[t]
    if upem:
        scale_upem(f, upem)
    f.save(out)
sub('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', latin, tmp + '/latin.ttf')
sub('/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', gb - latin, tmp + '/cjk.ttf', upem=2048)
m = Merger().merge([tmp + '/latin.ttf', tmp + '/cjk.ttf'])
name = m['name']
for rec in list(name.names):
    if rec.nameID in (1, 4, 16):
        rec.string = 'ceb Sans'
    elif rec.nameID == 6:
        rec.string = 'cebSans'
m.save('cebsans.ttf')
PYEOF
ls -l cebsans.ttf
