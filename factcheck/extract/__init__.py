"""Article -> claims: main text and metadata (trafilatura), sentences (kiwipiepy for Korean, a
rule-based splitter for English), and a transparent check-worthiness score per sentence.

Importing this package loads neither kiwipiepy nor trafilatura; they load on first use.
"""

from factcheck.extract.worthiness import EXCLUSIONS, FEATURES, THRESHOLD

__all__ = ["EXCLUSIONS", "FEATURES", "THRESHOLD"]
