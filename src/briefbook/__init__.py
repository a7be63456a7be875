"""briefbook: per-actor and per-event briefings from source documents, as a searchable site."""

from .project import Project
from .corpus import Corpus, build_corpus

__all__ = ["Corpus", "Project", "build_corpus"]
