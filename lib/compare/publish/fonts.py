"""The Japanese font every page carries: IPAexGothic (IPA Font License v1.0, shipped by matplotlib-fontja)."""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["FONT_CSS", "copy_font"]

FONT_CSS = """@font-face{font-family:'IPAexGothic';src:url('fonts/ipaexg.ttf') format('truetype');}
:root{--jp-code-font-family:ui-monospace,'DejaVu Sans Mono','Liberation Mono','IPAexGothic',monospace !important;
--jp-content-font-family:'IPAexGothic','Hiragino Sans','Noto Sans CJK JP',sans-serif !important;
--jp-ui-font-family:'IPAexGothic','Hiragino Sans','Noto Sans CJK JP',sans-serif !important}
body,.jp-Notebook,.jp-RenderedHTMLCommon,.jp-RenderedText{font-family:'IPAexGothic','Hiragino Sans','Noto Sans CJK JP',sans-serif}
code,pre,kbd,samp,.jp-InputArea-editor,.highlight,.highlight pre,.jp-OutputArea-output pre,.CodeMirror,.cm-editor{font-family:ui-monospace,'DejaVu Sans Mono','Liberation Mono','IPAexGothic',monospace !important}"""  # noqa: E501
def copy_font(target: Path) -> None:
    """Ship IPAexGothic (IPA Font License v1.0, from matplotlib-fontja) with the report, licence included."""
    import matplotlib_fontja

    src = Path(matplotlib_fontja.get_font_ttf_path()).parent
    target.mkdir(parents=True, exist_ok=True)
    for name in ("ipaexg.ttf", "IPA_Font_License_Agreement_v1.0.txt"):
        if (src / name).exists():
            shutil.copyfile(src / name, target / name)
