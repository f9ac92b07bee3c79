"""nnscope for notebooks: Jupyter widgets for the nnscope web components.

Example::

    from nnscope import AttentionHeatmap
    AttentionHeatmap(attention=outputs.attentions, tokens=tokens, view="model")
"""

from ._version import __version__
from .arrays import NnTypeError, NnValueError
from .html import save_html
from .widgets import AttentionHeatmap, FeatureGrid, HiddenStateTracer, SaliencyOverlay

__all__ = [
    "AttentionHeatmap",
    "FeatureGrid",
    "HiddenStateTracer",
    "NnTypeError",
    "NnValueError",
    "SaliencyOverlay",
    "__version__",
    "save_html",
]
