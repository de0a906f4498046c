"""The default picture of a shared link (og:image): the centre's name on the brand red, 1200×630.

Drawn with Pillow from a system CJK font found at run time (fontconfig's ``fc-match``, then the
usual Noto CJK paths). Without any CJK font the picture is the plain brand colour with its white
rule, never boxes of missing glyphs.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
RED = (164, 22, 26)  # --red in static/css/site.css
WHITE = (255, 255, 255)
PALE = (255, 228, 226)

# Tried in order when fontconfig is missing or finds no Chinese font: (path, face index of SC).
KNOWN_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
)


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int = 0


def find_cjk_font() -> FontFile | None:
    """A bold Simplified Chinese font on this machine, or None."""
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}|%{index}", ":lang=zh-cn:weight=bold"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        path, _sep, index = found.partition("|")
        if path and Path(path).is_file() and _draws_chinese(FontFile(path, int(index or 0))):
            return FontFile(path, int(index or 0))
    for path, index in KNOWN_FONTS:
        if Path(path).is_file() and _draws_chinese(FontFile(path, index)):
            return FontFile(path, index)
    return None


def _draws_chinese(font: FontFile) -> bool:
    """fc-match always answers something; make sure it has glyphs for Chinese (not the .notdef box)."""
    try:
        face = ImageFont.truetype(font.path, 40, index=font.index)
    except OSError:
        return False
    return face.getmask("服").getbbox() != face.getmask("\U0010fffd").getbbox()


def draw(title: str, subtitle: str, line: str, font: FontFile | None) -> Image.Image:
    """The picture: ``title`` big, ``subtitle`` and ``line`` under it, centred on red.

    Centred, because chat apps often crop a link's picture to the middle square.
    """
    image = Image.new("RGB", SIZE, RED)
    pen = ImageDraw.Draw(image)
    middle = SIZE[0] // 2
    pen.rectangle((middle - 60, 140, middle + 60, 152), fill=WHITE)
    if font is not None:
        y = 195
        for text, size, colour, gap in ((title, 132, WHITE, 56), (subtitle, 56, WHITE, 30), (line, 40, PALE, 0)):
            if not text:
                continue
            face = _fitting(font, text, size, SIZE[0] - 160)
            pen.text((middle, y), text, font=face, fill=colour, anchor="mt")
            y += face.getbbox(text, anchor="mt")[3] + gap
    return image


def _fitting(font: FontFile, text: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The font at ``size``, or smaller until ``text`` fits in ``width`` pixels."""
    face = ImageFont.truetype(font.path, size, index=font.index)
    while size > 20 and face.getlength(text) > width:
        size -= 4
        face = ImageFont.truetype(font.path, size, index=font.index)
    return face


def save(image: Image.Image, path: Path) -> None:
    """A small PNG: few colours (flat red and white text) quantize without visible loss."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=32, method=Image.Quantize.MEDIANCUT).save(path, format="PNG", optimize=True)
