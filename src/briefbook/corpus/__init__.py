"""From YAML files to one immutable, cross-linked corpus: load, validate, resolve, check."""

from .build import build_corpus, registry_scanner
from .records import Account, Actor, Claim, Corpus, Disagreement, Event, Mention, Participation, PositionRef, \
    QuoteRef, Source

__all__ = ["Account", "Actor", "Claim", "Corpus", "Disagreement", "Event", "Mention", "Participation",
           "PositionRef", "QuoteRef", "Source", "build_corpus", "registry_scanner"]
