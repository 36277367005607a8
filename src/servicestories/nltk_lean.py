"""NLTK, imported without the half second of ``scipy.stats`` its package start-up costs.

``import nltk`` (which any ``from nltk.… import …`` runs first) imports every NLTK subpackage, and
``nltk.metrics.association`` imports ``scipy.stats`` for one function, ``fisher_exact`` (the Fisher collocation
score). With SciPy installed that is about half a second and 50 MiB in every process that tokenises and needs no
SciPy statistics otherwise: each command (``extract``, ``load`` …), the coder's workers, notebooks 02 and 07. This
project never uses that score. So NLTK is imported here with ``scipy.stats`` hidden for that moment, and the one
function NLTK bound from it is put back as a wrapper that imports ``scipy.stats`` on its first call: NLTK answers
as before (``tests/test_text.py`` checks both). NLTK's other SciPy imports at start-up fail on today's SciPy anyway
(``scipy.stats.stats.betai``; ``gale_church`` imports a module ``norm`` first).

Every module of this package takes its NLTK names from here.
"""

from __future__ import annotations

import importlib.util
import sys


def _fisher_exact(*args, **kwargs):
    """``scipy.stats.fisher_exact``, imported when first called."""
    from scipy.stats import fisher_exact

    return fisher_exact(*args, **kwargs)


def _import_nltk() -> None:
    if "nltk" in sys.modules or "scipy.stats" in sys.modules:
        import nltk  # noqa: F401  # already paid for (or nothing to save): the plain import
        return
    sys.modules["scipy.stats"] = None  # type: ignore[assignment]  # "from scipy.stats import …" -> ImportError
    try:
        import nltk  # noqa: F401
    finally:
        if sys.modules.get("scipy.stats", 0) is None:
            del sys.modules["scipy.stats"]
    if importlib.util.find_spec("scipy") is not None:  # without scipy NLTK keeps its own stand-in
        from nltk.metrics import association

        association.fisher_exact = _fisher_exact


_import_nltk()

from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder  # noqa: E402
from nltk.probability import FreqDist  # noqa: E402
from nltk.stem.snowball import SnowballStemmer  # noqa: E402
from nltk.tokenize import punkt  # noqa: E402
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer  # noqa: E402

__all__ = ["BigramAssocMeasures", "BigramCollocationFinder", "FreqDist", "PunktParameters", "PunktSentenceTokenizer",
           "SnowballStemmer", "punkt"]
