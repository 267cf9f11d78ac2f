"""Article -> claims: main text and metadata (trafilatura), sentences (kiwipiepy for Korean, a
rule-based splitter for English), named features per sentence, and a learned, transparent
check-worthiness probability (model.py).

Importing this package loads neither kiwipiepy, trafilatura nor numpy; they load on first use.
"""

from factcheck.extract.worthiness import EXCLUSIONS, FEATURES

__all__ = ["EXCLUSIONS", "FEATURES"]
