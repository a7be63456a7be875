"""Deterministic synthetic corpora for benchmarks: seeds, registries and briefings that validate."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("peace process talks ceasefire delegation ministers agreement withdrawal forces region "
         "security cooperation government council representative conference meeting support "
         "negotiations prisoners violence humanitarian assistance infrastructure dialogue").split()
MONTHS = [f"{m:02d}" for m in range(1, 13)]
ACTOR_KINDS = ["person"] * 6 + ["state", "organisation", "government-body", "armed-group", "group", "media"]
EVENT_KINDS = ["meeting"] * 4 + ["conference", "negotiations", "statement", "attack", "agreement"]
DOC_KINDS = ["news-report"] * 5 + ["press-release", "statement", "speech", "report"]


def _cast(rng: random.Random, pool: list, weights: list[float], prominent: int, local: int) -> list:
    """`prominent` picks by a Zipf law (a few actors are in most documents), `local` picks uniform."""
    chosen: list = []
    while len(chosen) < prominent:
        pick = rng.choices(pool, cum_weights=weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    while len(chosen) < prominent + local:
        pick = rng.choice(pool)
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def _zipf(n: int) -> list[float]:
    total, cum = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank
        cum.append(total)
    return cum


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = rng.sample(WORDS, 8)
    if names:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    return " ".join(words).capitalize() + "."


def make_corpus(dest: Path, documents: int, seed: int = 1) -> Path:
    """A whole project in `dest` with `documents` documents; actors and events shared realistically.

    Each document names four actors: two drawn by a Zipf law over the registry (the
    few parties in nearly every report) and two uniformly (the long tail), and two
    events, one by Zipf (the big conferences many sources report) and one uniform.
    Every quote is a sentence of the cited paragraph.
    """
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "seeds").mkdir(parents=True)
    (dest / "briefings" / "registry").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", dest / "templates")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    shutil.copytree(ROOT / "docs" / "guide", dest / "docs" / "guide")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")

    n_actors = max(10, documents // 2)
    n_events = max(5, documents // 3)
    actors = [(f"actor-{i:05d}", f"Person{i:05d} Example") for i in range(n_actors)]
    events = [f"event-{i:05d}" for i in range(n_events)]
    lines = ["actors:"]
    for actor_id, name in actors:
        lines += [f"  {actor_id}:", f"    name: {name}", f"    kind: {rng.choice(ACTOR_KINDS)}",
                  f"    aliases: [{name.split()[0]}]", "    description: A synthetic actor."]
    lines.append("events:")
    for i, event_id in enumerate(events):
        year = 2017 + i % 5
        lines += [f"  {event_id}:", f"    title: Synthetic meeting {i}", f"    kind: {rng.choice(EVENT_KINDS)}",
                  f"    date: {{value: \"{year}-{rng.choice(MONTHS)}\"}}", "    place: Kabul",
                  f"    host: [{rng.choice(actors)[0]}]", "    description: A synthetic event."]
    (dest / "briefings" / "registry" / "main.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    actor_weights, event_weights = _zipf(n_actors), _zipf(n_events)
    for d in range(documents):
        cast = _cast(rng, actors, actor_weights, 2, 2)
        names = [name for _, name in cast]
        paragraphs = [f"Synthetic report {d}"] + [
            " ".join(_sentence(rng, names) for _ in range(3)) for _ in range(rng.randint(6, 14))]
        seed_name = f"{d:05d}.txt"
        (dest / "seeds" / seed_name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        quote_para = rng.randrange(2, len(paragraphs) + 1)
        quote = paragraphs[quote_para - 1].split(".")[0]
        speaker = next((aid for aid, name in cast if name in paragraphs[quote_para - 1]), cast[0][0])
        event_ids = _cast(rng, events, event_weights, 1, 1)
        doc = [
            f"seed: {seed_name}", f"title: Synthetic report {d}", f"kind: {rng.choice(DOC_KINDS)}",
            f"published: {{value: \"{2017 + d % 5}-{rng.choice(MONTHS)}-{rng.randint(1, 28):02d}\"}}",
            "language: en", "summary: A synthetic document for benchmarks.",
            "key_points:", "  - text: Something happened.", "    cite: 2",
            "actors:"] + [f"  - actor: {aid}\n    role: Synthetic role {d % 7}" for aid, _ in cast] + [
            "events:"] + [f"  - event: {eid}\n    says: It is reported.\n    cite: [2, 3]" for eid in event_ids] + [
            "quotes:", f"  - speaker: {speaker}", f"    text: \"{quote}\"", f"    cite: {quote_para}",
            "positions:", f"  - actor: {cast[0][0]}", "    issue: negotiations", "    stance: Supports talks.",
            "    cite: 2"]
        (dest / "briefings" / f"doc-{d:05d}.yaml").write_text("\n".join(doc) + "\n", encoding="utf-8")
    return dest
