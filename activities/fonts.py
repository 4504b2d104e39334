"""The fonts letters and reports are printed in, and which characters they can print.

DejaVu Sans first (from matplotlib's own data, a pinned dependency): Latin, Greek, Cyrillic and
more. Behind it Debian's Noto families (`fonts-noto-core`, `fonts-noto-cjk`, installed by the
set-up), one face per script, so that every name a population register can hold prints as
written: Chinese, Korean, Devanagari, Thai, Amharic, Arabic... A letter takes only the faces
its own text needs (registering a face costs time), and a character no face covers is named
before anything is written (`missing`), so no letter goes out with a blank where a name was.
Found without importing matplotlib.
"""

import functools
import importlib.util
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont


def _font_folder() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib (which ships the DejaVu fonts) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


FONTS = _font_folder()
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
# Debian's Noto families: one regular face per script, and the CJK collection.
NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FACE = 2  # Simplified Chinese shapes; every face of the collection covers the same characters
# The general Noto face first (it covers most alphabets), then the script faces by name.
GENERAL = "NotoSans-Regular.ttf"


@dataclass(frozen=True)
class Face:
    """A font face a letter can fall back on: its fpdf family name, file and characters."""

    family: str
    path: Path
    index: int
    covers: frozenset[int]


def _cmap(font: TTFont) -> frozenset[int]:
    return frozenset(font.getBestCmap() or {})


@functools.cache
def primary_covers() -> frozenset[int]:
    return _cmap(TTFont(str(REGULAR), lazy=True))


@functools.cache
def fallback_faces() -> tuple[Face, ...]:
    """The Noto faces on this machine, the general one first, read once per process (about a
    second). Empty when the fonts are not installed: then only DejaVu's characters print."""
    faces: list[Face] = []
    if NOTO.is_dir():
        paths = sorted(NOTO.glob("NotoSans*-Regular.ttf"), key=lambda p: (p.name != GENERAL, p.name))
        for path in paths:
            if "Mono" in path.name or "Display" in path.name:
                continue
            faces.append(Face(f"noto{len(faces)}", path, 0, _cmap(TTFont(str(path), lazy=True))))
    if NOTO_CJK.is_file():
        font = TTCollection(str(NOTO_CJK), lazy=True).fonts[CJK_FACE]
        faces.append(Face("notocjk", NOTO_CJK, CJK_FACE, _cmap(font)))
    return tuple(faces)


def _needs_a_glyph(character: str) -> bool:
    """White space, line breaks and default-ignorable marks (joiners) need no glyph of their own."""
    return not (character.isspace() or unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp"))


def faces_for(text: str) -> tuple[list[Face], set[str]]:
    """The fallback faces `text` needs beyond DejaVu, and the characters none covers."""
    primary = primary_covers()
    wanted = {c for c in set(text) if ord(c) not in primary and _needs_a_glyph(c)}
    chosen: list[Face] = []
    missing: set[str] = set()
    for character in sorted(wanted):
        if any(ord(character) in face.covers for face in chosen):
            continue
        face = next((f for f in fallback_faces() if ord(character) in f.covers), None)
        if face is None:
            missing.add(character)
        else:
            chosen.append(face)
    return chosen, missing
