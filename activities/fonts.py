"""The fonts letters and reports are printed in: DejaVu Sans, from matplotlib's own data (a
pinned dependency), so every name a population register can hold prints as written (ễ, Đ, ł,
Arabic and Cyrillic letters) with nothing to install. Found without importing matplotlib."""

import importlib.util
from pathlib import Path


def _font_folder() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib (which ships the DejaVu fonts) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


FONTS = _font_folder()
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
