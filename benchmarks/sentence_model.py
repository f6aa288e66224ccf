"""Does a small learned sentence classifier generalise better than the rules?

    python benchmarks/sentence_model.py [--min-words 5]          # 5-fold CV on dev
    python benchmarks/sentence_model.py --third [--min-words 5]  # train 1-2, test 3
    python benchmarks/sentence_model.py --third --labellers f1,f2,g1,g2 --rules-at 80e301b
    python benchmarks/sentence_model.py --json OUT [--min-words 5]  # the weights tables

An experiment, not a product path. Every development document of the real-page corpus
(``benchmarks/realpages``, ``"split": "dev"`` only; the test part and its labels are
never opened) is read the way ``auditor inspect FILE --json`` reads it and cut into the
detectors' own sentence units (``checks.signals._page.PageView``), so the model sees
exactly the sentences the product scores.

Per boolean signal a logistic regression over lower-cased word unigrams and bigrams
(plus the words of the unit's section heading) is trained in pure Python: positives are
the units a true label's quote covers, negatives every unit of documents where the label
is false (the other units of true documents are unknown and left out). A document is
positive when its best unit scores above a threshold picked by an inner company-grouped
cross-validation inside the training folds. Outer evaluation: 5 folds grouped by
company, counts pooled over folds, beside the rules' own output for the same documents
(tuned on all of dev, so optimistic) and simple combinations. The weights of one model
are a plain ``{feature: weight}`` table, small enough to ship as JSON; inference cost is
measured in pure Python per 64 KB of unit text, over all units and over candidate units
only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks import corpus  # noqa: E402

SIGNALS: tuple[str, ...] = corpus.BOOL_SIGNALS
_WORD = re.compile(r"\w+", re.UNICODE)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
CACHE = Path("/tmp/sentence_model_cache.pkl")


# --------------------------------------------------------------------------- data


@dataclass
class Doc:
    id: str
    company: str
    third: bool
    labels: dict[str, bool]
    units: list[tuple[str, str]]
    """(sentence text, section heading) of every unit, page order."""
    positives: dict[str, set[int]]
    """Per true signal, the indices of the units its quote covers."""
    rules: dict[str, bool]
    quote_found: dict[str, bool] = field(default_factory=dict)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _quote_units(units: list[tuple[str, str]], quote: str) -> set[int]:
    """Units whose words overlap the quote's word sequence (found as a run of words in
    the page's word stream, so Markdown markup and unit cuts inside it do not matter)."""
    stream: list[str] = []
    owner: list[int] = []
    for i, (text, _section) in enumerate(units):
        for w in _words(text):
            stream.append(w)
            owner.append(i)
    quote = _MD_LINK.sub(r"\1", quote)  # Markdown links keep their text only
    want = _words(quote)
    joined = " " + " ".join(stream) + " "
    # the whole quote, else its longest head or tail of at least five words (a list
    # number or a bare link inside a quote is not in the product's text)
    tries = [(0, len(want))] + [(0, n) for n in range(len(want) - 1, 4, -1)] + [
        (n, len(want)) for n in range(1, len(want) - 4)]
    for lo, hi in tries:
        needle = " " + " ".join(want[lo:hi]) + " "
        at = joined.find(needle)
        if at >= 0:
            first = joined.count(" ", 0, at)  # words before the match
            return {owner[k] for k in range(first, first + hi - lo) if k < len(owner)}
    return set()


def _third_collection(root: Path, dev_ids: set[str],
                      labellers: Sequence[str] = ("e1", "e2")) -> set[str]:
    """Ids of a later collection: the development documents its labellers labelled
    (by file name, e1/e2 for the third; f1/f2 and g1/g2 for the fourth and fifth)."""
    found: set[str] = set()
    for labeller in labellers:
        for path in sorted((root / "labels" / labeller).glob("*.json")):
            doc_id = path.stem.replace("__", "/")
            if doc_id in dev_ids:
                found.add(doc_id)
    return found


def load_dev(root: Path | None = None, use_cache: bool = True) -> list[Doc]:
    """Every development document cut into the product's units, with its final label,
    its quote units and the rules' current output (cached in /tmp between runs)."""
    root = root or corpus.default_root()
    key = _cache_key(root)
    if use_cache and CACHE.is_file():
        cached = pickle.loads(CACHE.read_bytes())
        if isinstance(cached, tuple) and cached[0] == key:
            return cached[1]  # type: ignore[no-any-return]
    from auditor.parse.files import read_document
    from checks.scoring import to_prediction
    from checks.signals import analyze
    from checks.signals._page import PageView

    docs = {i: d for i, d in corpus.load_documents(root).items() if d.split == "dev"}
    third = _third_collection(root, set(docs))
    out: list[Doc] = []
    for doc_id, doc in sorted(docs.items()):
        label = corpus.parse_label(corpus.label_path(root, corpus.FINAL, doc_id), docs)
        parsed = read_document(doc.path)
        rules = dict(to_prediction(analyze(parsed)).signals)
        view = PageView.build(read_document(doc.path), parsed.url)
        units = [(u.text, u.section) for u in view.units]
        positives: dict[str, set[int]] = {}
        found: dict[str, bool] = {}
        for name in SIGNALS:
            if label.values[name]:
                hit = _quote_units(units, label.quotes.get(name, ""))
                positives[name] = hit
                found[name] = bool(hit)
        out.append(Doc(doc_id, doc.company, doc_id in third, dict(label.values), units,
                       positives, rules, found))
    CACHE.write_bytes(pickle.dumps((key, out)))
    return out


def _cache_key(root: Path) -> str:
    """The manifest and every source file the cut and the rules depend on: the cache
    is stale when any changes (other sessions edit the detectors)."""
    h = hashlib.sha256((root / "manifest.jsonl").read_bytes())
    for top in ("auditor", "checks"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in (".py", ".toml") and path.is_file():
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


# --------------------------------------------------------------------------- features


MIN_WORDS = 1
"""Units with fewer words are neither trained on nor scored (``--min-words``): a bare
heading such as "Children's Privacy" otherwise outscores every real sentence, since
the vectors are length-normalised."""


def scored(text: str) -> bool:
    return MIN_WORDS <= 1 or len(_WORD.findall(text)) >= MIN_WORDS


def feature_table(docs: Iterable[Doc]) -> dict[tuple[str, str], frozenset[str]]:
    """Features of every distinct scored unit of `docs`."""
    feats: dict[tuple[str, str], frozenset[str]] = {}
    for d in docs:
        for u in d.units:
            if u not in feats and scored(u[0]):
                feats[u] = frozenset(features(*u))
    return feats


def features(text: str, section: str) -> list[str]:
    """Word unigrams and bigrams of the sentence, and the heading's words (prefixed)."""
    words = _words(text)
    feats = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    feats += ["h:" + w for w in _words(section)]
    return feats


@dataclass
class Model:
    """A logistic regression as a weights table: score = bias + sum of present features'
    weights (each feature counted once)."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.0
    """Document decision: best unit's score (a logit) above this."""

    def score(self, text: str, section: str) -> float:
        return self.score_set(set(features(text, section)))

    def score_set(self, feats: Iterable[str] | frozenset[str]) -> float:
        """bias + (sum of the present features' weights) / sqrt(number of features)."""
        w = self.weights
        n = 0
        total = 0.0
        for f in feats:
            n += 1
            total += w.get(f, 0.0)
        return self.bias + total / math.sqrt(n) if n else self.bias

    def best(self, units: Iterable[tuple[str, str]]) -> float:
        return max((self.score(t, s) for t, s in units if scored(t)), default=-1e9)

    def pruned(self, at: float) -> Model:
        """The same model without the weights smaller than `at` (for a small table)."""
        return Model({f: w for f, w in self.weights.items() if abs(w) >= at}, self.bias,
                     self.threshold)

    def to_json(self) -> str:
        return json.dumps({"bias": round(self.bias, 4), "threshold": round(self.threshold, 4),
                           "weights": {k: round(v, 4) for k, v in self.weights.items()}},
                          ensure_ascii=False, sort_keys=True)


def train(examples: Sequence[tuple[frozenset[str], int]], epochs: int, l2: float,
          pos_share: float = 0.2, seed: int = 0, prune: float = 0.05,
          min_count: int = 2) -> Model:
    """Pure-Python logistic regression: AdaGrad over sparse unit-length binary vectors,
    L2 applied to the features an example touches (lazy), positives oversampled (a
    signal has a few dozen quoted sentences against tens of thousands of others)."""
    seen = Counter(f for feats, _y in examples for f in feats)
    index: dict[str, int] = {}
    rows: list[tuple[list[int], int]] = []
    for feats, y in examples:  # a feature of one sentence only learns nothing general
        rows.append(([index.setdefault(f, len(index)) for f in feats if seen[f] >= min_count],
                     y))
    w = [0.0] * len(index)
    g2 = [1e-8] * len(index)
    bias, bias_g2 = 0.0, 1e-8
    lr = 0.1
    rng = random.Random(seed)
    positives = [r for r, (_ids, y) in enumerate(rows) if y]
    negatives = len(rows) - len(positives)
    # positives repeated until they are a fifth of what one epoch sees
    repeat = max(1, round(pos_share * negatives / (1 - pos_share) / max(1, len(positives))))
    order = list(range(len(rows))) + positives * (repeat - 1)
    for _epoch in range(epochs):
        rng.shuffle(order)
        for r in order:
            ids, y = rows[r]
            if not ids:
                continue
            x = 1.0 / math.sqrt(len(ids))  # unit-length binary vectors: no length bias
            z = 0.0
            for i in ids:
                z += w[i]
            z = bias + z * x
            p = 1.0 / (1.0 + math.exp(-z)) if z > -35 else 0.0
            err = p - y
            bias_g2 += err * err
            bias -= lr * err / math.sqrt(bias_g2)
            for i in ids:
                g = err * x + l2 * w[i]
                g2[i] += g * g
                w[i] -= lr * g / math.sqrt(g2[i])
    names = list(index)
    weights = {names[i]: v for i, v in enumerate(w) if abs(v) >= prune}
    return Model(weights, bias)


# --------------------------------------------------------------------------- folds


def company_folds(docs: Sequence[Doc], k: int, salt: str = "") -> list[int]:
    """Fold of each document: companies spread over k folds by a stable hash, then
    balanced greedily by document count."""
    sizes = Counter(d.company for d in docs)
    order = sorted(sizes, key=lambda c: (-sizes[c],
                                         hashlib.sha256((salt + c).encode()).hexdigest()))
    load = [0] * k
    fold_of: dict[str, int] = {}
    for company in order:
        f = min(range(k), key=lambda j: (load[j], j))
        fold_of[company] = f
        load[f] += sizes[company]
    return [fold_of[d.company] for d in docs]


def examples_for(docs: Iterable[Doc], signal: str,
                 feats: dict[tuple[str, str], frozenset[str]]) -> list[tuple[frozenset[str], int]]:
    """Positives: quote units of true documents; negatives: every unit of false
    documents (deduplicated by features: boilerplate repeats across pages)."""
    pos: list[tuple[frozenset[str], int]] = []
    neg: dict[frozenset[str], None] = {}
    for d in docs:
        if d.labels[signal]:
            pos += [(feats[d.units[i]], 1) for i in sorted(d.positives.get(signal, ()))
                    if d.units[i] in feats]
        else:
            for u in d.units:
                if u in feats:
                    neg.setdefault(feats[u], None)
    return pos + [(f, 0) for f in neg]


@dataclass
class Config:
    epochs: int = 4
    l2: float = 1e-4
    inner_folds: int = 3


def fit(docs: Sequence[Doc], signal: str, cfg: Config,
        feats: dict[tuple[str, str], frozenset[str]]) -> Model:
    return train(examples_for(docs, signal, feats), cfg.epochs, cfg.l2)


def best_scores(model: Model, docs: Iterable[Doc],
                feats: dict[tuple[str, str], frozenset[str]]) -> list[float]:
    return [max((model.score_set(feats[u]) for u in d.units if u in feats), default=-1e9)
            for d in docs]


def pick_threshold(scores: Sequence[float], truth: Sequence[bool]) -> float:
    """The document threshold with the best F1 (ties: the higher threshold)."""
    cands = sorted(set(scores))
    best_t, best_f = (cands[-1] + 1.0 if cands else 0.0), -1.0
    pairs = sorted(zip(scores, truth, strict=True), reverse=True)
    total_pos = sum(truth)
    tp = fp = 0
    i = 0
    while i < len(pairs):
        s = pairs[i][0]
        while i < len(pairs) and pairs[i][0] == s:
            tp += pairs[i][1]
            fp += not pairs[i][1]
            i += 1
        f = 2 * tp / (2 * tp + fp + (total_pos - tp)) if tp else 0.0
        nxt = pairs[i][0] if i < len(pairs) else s - 1.0
        if f >= best_f:
            best_f, best_t = f, (s + nxt) / 2
    return best_t


def fit_with_threshold(train_docs: Sequence[Doc], signal: str, cfg: Config,
                       feats: dict[tuple[str, str], frozenset[str]]
                       ) -> tuple[Model, list[float]]:
    """A model on all training documents, its threshold from inner out-of-fold scores
    (returned too, for choosing a combination inside the training folds)."""
    inner = company_folds(train_docs, cfg.inner_folds, salt="inner")
    oof = [0.0] * len(train_docs)
    for f in range(cfg.inner_folds):
        tr = [d for d, g in zip(train_docs, inner, strict=True) if g != f]
        te = [i for i, g in enumerate(inner) if g == f]
        m = fit(tr, signal, cfg, feats)
        for i, s in zip(te, best_scores(m, [train_docs[i] for i in te], feats), strict=True):
            oof[i] = s
    model = fit(train_docs, signal, cfg, feats)
    model.threshold = pick_threshold(oof, [d.labels[signal] for d in train_docs])
    return model, [s - model.threshold for s in oof]


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, want: bool, got: bool) -> None:
        self.tp += want and got
        self.fp += got and not want
        self.fn += want and not got

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0 if not self.fn else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


SYSTEMS = ("rules", "model", "rules AND model", "rules OR model", "coppa veto",
           "chosen in train")


def combine(system: str, signal: str, rule: bool, model: bool, choice: str) -> bool:
    if system == "rules":
        return rule
    if system == "model":
        return model
    if system == "rules AND model":
        return rule and model
    if system == "rules OR model":
        return rule or model
    if system == "coppa veto":
        return rule and model if signal == "coppa_notice" else rule
    return combine(choice, signal, rule, model, choice)


def choose(train_docs: Sequence[Doc], signal: str, margins: Sequence[float]) -> str:
    """The best of rules / model / AND / OR by F1 on the training folds (model decisions
    from inner out-of-fold scores; the rules' output there is fit to those very
    documents, so this leans towards the rules)."""
    best, best_f = "rules", -1.0
    for system in ("rules", "model", "rules AND model", "rules OR model"):
        t = Tally()
        for d, m in zip(train_docs, margins, strict=True):
            t.add(d.labels[signal], combine(system, signal, d.rules[signal], m > 0, system))
        if t.f1 > best_f + 1e-9:
            best, best_f = system, t.f1
    return best


def run(docs: list[Doc], k: int, cfg: Config, log: bool = True) -> dict[str, object]:
    feats = feature_table(docs)
    folds = company_folds(docs, k)
    subsets: dict[str, Callable[[Doc], bool]] = {"all dev": lambda d: True,
                                                 "third collection": lambda d: d.third}
    tallies = {(sub, sys_, s): Tally() for sub in subsets for sys_ in SYSTEMS for s in SIGNALS}
    choices: dict[str, list[str]] = {s: [] for s in SIGNALS}
    models: dict[tuple[int, str], Model] = {}
    decisions: dict[tuple[str, str], bool] = {}
    for f in range(k):
        train_docs = [d for d, g in zip(docs, folds, strict=True) if g != f]
        test_docs = [d for d, g in zip(docs, folds, strict=True) if g == f]
        for signal in SIGNALS:
            started = time.process_time()
            model, margins = fit_with_threshold(train_docs, signal, cfg, feats)
            choice = choose(train_docs, signal, margins)
            choices[signal].append(choice)
            models[(f, signal)] = model
            for d, s in zip(test_docs, best_scores(model, test_docs, feats), strict=True):
                got_model = s > model.threshold
                decisions[(d.id, signal)] = got_model
                for sub, pick in subsets.items():
                    if not pick(d):
                        continue
                    for system in SYSTEMS:
                        tallies[(sub, system, signal)].add(
                            d.labels[signal],
                            combine(system, signal, d.rules[signal], got_model, choice))
            if log:
                print(f"fold {f} {signal}: {len(model.weights)} weights, "
                      f"threshold {model.threshold:.2f}, choice {choice}, "
                      f"{time.process_time() - started:.1f}s", file=sys.stderr, flush=True)
    return {"tallies": tallies, "choices": choices, "models": models, "folds": folds,
            "decisions": decisions, "feats": feats}


# --------------------------------------------------------------------------- third collection


_PREDICT_AT = """
import json, sys
tree = sys.argv[1]
sys.path.insert(0, tree)
import auditor, checks
assert auditor.__file__.startswith(tree) and checks.__file__.startswith(tree)
from auditor.parse.files import read_document
from checks.signals import analyze
out = {}
for doc_id, path in json.load(sys.stdin).items():
    values = {}
    for sig in analyze(read_document(__import__("pathlib").Path(path))):
        if sig.name != "coppa_elements":
            values[sig.name] = values.get(sig.name, False) or bool(sig.value)
    out[doc_id] = values
print(json.dumps(out))
"""


def rules_at(commit: str, paths: dict[str, Path]) -> dict[str, dict[str, bool]]:
    """The detectors' output as they stood at `commit` (its auditor/ and checks/ unpacked
    with ``git archive`` into a temporary directory, run in a subprocess)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tree:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "auditor",
                                  "checks"], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
        done = subprocess.run([sys.executable, "-c", _PREDICT_AT, tree], check=True,
                              capture_output=True, text=True, cwd=tree,
                              input=json.dumps({i: str(p) for i, p in paths.items()}))
    result: dict[str, dict[str, bool]] = json.loads(done.stdout)
    return result


def third_holdout(docs: list[Doc], cfg: Config, commit: str, prune: float,
                  labellers: Sequence[str]) -> tuple[str, dict[str, Model], list[Doc]]:
    """Train on the dev documents of the earlier collections, evaluate on a later one
    (new companies only; labelled by `labellers`), beside the rules as they were when it
    arrived (`commit`, untuned on it) and as they are now."""
    held_ids = _third_collection(corpus.default_root(), {d.id for d in docs}, labellers)
    train_docs = [d for d in docs if d.id not in held_ids]
    test_docs = [d for d in docs if d.id in held_ids]
    assert not {d.company for d in train_docs} & {d.company for d in test_docs}
    root = corpus.default_root()
    paths = {d.id: root / "documents" / "dev" / (d.id + ".md") for d in test_docs}
    missing = [i for i, p in paths.items() if not p.is_file()]
    if missing:
        all_docs = corpus.load_documents(root)
        paths = {d.id: all_docs[d.id].path for d in test_docs}
    old = rules_at(commit, paths)
    feats = feature_table(docs)
    systems = ("rules now", f"rules@{commit[:7]}", "model", f"model |w|>={prune:g}",
               "old AND model", "old OR model", "old, coppa veto")
    tallies = {(sy, sg): Tally() for sy in systems for sg in SIGNALS}
    models: dict[str, Model] = {}
    for signal in SIGNALS:
        model, _ = fit_with_threshold(train_docs, signal, cfg, feats)
        models[signal] = model
        small = model.pruned(prune)
        for d, sc, sc_small in zip(test_docs, best_scores(model, test_docs, feats),
                                   best_scores(small, test_docs, feats), strict=True):
            want, was = d.labels[signal], old[d.id][signal]
            got = sc > model.threshold
            picks = (d.rules[signal], was, got, sc_small > small.threshold, was and got,
                     was or got, was and got if signal == "coppa_notice" else was)
            for system, pick in zip(systems, picks, strict=True):
                tallies[(system, signal)].add(want, pick)
        print(f"third {signal}: {len(model.weights)} weights "
              f"({len(small.weights)} kept at {prune:g})", file=sys.stderr, flush=True)
    lines = [f"== trained on {len(train_docs)} dev documents, evaluated on the "
             f"{len(test_docs)} labelled by {'/'.join(labellers)} (new companies)",
             f"{'signal':<20} {'pos':>4} " + " ".join(f"{sy[:15]:>15}" for sy in systems)]
    for signal in SIGNALS:
        pos = sum(d.labels[signal] for d in test_docs)
        lines.append(f"{signal:<20} {pos:>4} " + " ".join(
            f"{f'{t.p:.2f}/{t.r:.2f}/{t.f1:.2f}':>15}"
            for t in (tallies[(sy, signal)] for sy in systems)))
    macro = [sum(tallies[(sy, sg)].f1 for sg in SIGNALS) / len(SIGNALS) for sy in systems]
    lines.append(f"{'macro F1':<25} " + " ".join(f"{m:>15.3f}" for m in macro))
    return "\n".join(lines), models, test_docs


# --------------------------------------------------------------------------- cost


GATE_SHARE = 0.5


def candidate_gate(model: Model) -> frozenset[str]:
    """The words a candidate unit must hold: unigrams whose weight alone goes half
    of the way from the bias to the threshold. Not exact (a unit can pass on many small
    weights), so the decisions it changes are counted."""
    need = model.threshold - model.bias
    return frozenset(f for f, w in model.weights.items()
                     if w > GATE_SHARE * need and " " not in f and not f.startswith("h:"))


def inference_cost(docs: Sequence[Doc], models: dict[str, Model],
                   repeat: int = 2) -> dict[str, float]:
    """CPU ms per 64 KB of unit text to score every signal's model, over all units and
    over candidate units only (units sharing a word with a signal's gate), and how many
    document decisions the gate changes."""
    gates = {s: candidate_gate(m) for s, m in models.items()}
    union = frozenset().union(*gates.values())
    chars = sum(len(t) for d in docs for t, _ in d.units)

    def all_units() -> dict[tuple[str, str], bool]:
        out = {}
        for d in docs:  # each unit's features built once, scored by every model
            sets = [set(features(t, sec)) for t, sec in d.units if scored(t)]
            for s, m in models.items():
                best = max((m.score_set(f) for f in sets), default=-1e9)
                out[(d.id, s)] = best > m.threshold
        return out

    def candidates() -> dict[tuple[str, str], bool]:
        out = {}
        for d in docs:  # words first; features only for units holding a gate word
            near = []
            for t, sec in d.units:
                ws = set(_WORD.findall(t.lower()))
                if not ws.isdisjoint(union) and scored(t):
                    near.append((ws, set(features(t, sec))))
            for s, m in models.items():
                gate = gates[s]
                best = max((m.score_set(f) for ws, f in near if not ws.isdisjoint(gate)),
                           default=-1e9)
                out[(d.id, s)] = best > m.threshold
        return out

    times = {}
    results = {}
    for name, fn in (("all units", all_units), ("candidate units", candidates)):
        best = math.inf
        for _ in range(repeat):
            started = time.process_time()
            results[name] = fn()
            best = min(best, time.process_time() - started)
        times[name] = best * 1000 / (chars / 65536)
    changed = sum(results["all units"][k] != results["candidate units"][k]
                  for k in results["all units"])
    n_units = sum(len(d.units) for d in docs)
    n_cand = sum(1 for d in docs for t, _ in d.units
                 if not set(_WORD.findall(t.lower())).isdisjoint(union) and scored(t))
    return {"ms_per_64KB_all": times["all units"], "ms_per_64KB_candidates":
            times["candidate units"], "decisions_changed": changed,
            "units": n_units, "candidate_units": n_cand, "text_KB": chars / 1024}


# --------------------------------------------------------------------------- report


def render(result: dict[str, object], docs: Sequence[Doc]) -> str:
    tallies: dict[tuple[str, str, str], Tally] = result["tallies"]  # type: ignore[assignment]
    lines = []
    for sub in ("all dev", "third collection"):
        n = len(docs) if sub == "all dev" else sum(d.third for d in docs)
        lines.append(f"== {sub} ({n} documents), document-level F1 pooled over folds")
        head = f"{'signal':<20} {'pos':>4} " + " ".join(f"{s[:12]:>12}" for s in SYSTEMS)
        lines.append(head)
        for signal in SIGNALS:
            pos = sum(d.labels[signal] for d in docs if sub == "all dev" or d.third)
            cells = []
            for system in SYSTEMS:
                t = tallies[(sub, system, signal)]
                cells.append(f"{t.p:.2f}/{t.r:.2f}/{t.f1:.2f}")
            lines.append(f"{signal:<20} {pos:>4} " + " ".join(f"{c:>12}" for c in cells))
        macro = [sum(tallies[(sub, s, g)].f1 for g in SIGNALS) / len(SIGNALS) for s in SYSTEMS]
        lines.append(f"{'macro F1':<25} " + " ".join(f"{m:>12.3f}" for m in macro))
        lines.append("")
    return "\n".join(lines)


def report_cost(held: Sequence[Doc], models: dict[str, Model], prune: float,
                what: str) -> None:
    for label, table in (("full", models),
                         (f"|w|>={prune:g}", {s: m.pruned(prune) for s, m in models.items()})):
        cost = inference_cost(held, table)
        size = sum(len(m.to_json()) for m in table.values())
        print(f"inference, {what} ({label}) on {len(held)} held-out documents "
              f"({cost['text_KB']:.0f} KB of unit text): all units "
              f"{cost['ms_per_64KB_all']:.1f} ms CPU per 64 KB; candidate units "
              f"{cost['ms_per_64KB_candidates']:.1f} ms ({cost['candidate_units']}/"
              f"{cost['units']} units, {cost['decisions_changed']} decisions changed); "
              f"weights JSON {size / 1024:.0f} KB for 8 signals", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--min-words", type=int, default=1,
                        help="units with fewer words are neither trained on nor scored")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--third", action="store_true",
                        help="train on collections 1-2, evaluate on the third collection "
                             "beside the rules as they were at --rules-at")
    parser.add_argument("--rules-at", default="1ce96c7",
                        help="commit whose detectors had not been tuned on the third "
                             "collection (default: the commit that added it)")
    parser.add_argument("--labellers", default="e1,e2",
                        help="with --third: the held-out collection's labellers (f1,f2,g1,g2 "
                             "for the fourth and fifth, with --rules-at 80e301b)")
    parser.add_argument("--prune", type=float, default=0.5,
                        help="weights smaller than this dropped for the small table")
    parser.add_argument("--json", type=Path, default=None,
                        help="only fit one model per signal on all of dev and write the "
                             "weights tables (pruned at --prune) here")
    args = parser.parse_args(argv)
    started = time.process_time()
    docs = load_dev(use_cache=not args.no_cache)
    n_true = sum(len(d.positives) for d in docs)
    n_found = sum(v for d in docs for v in d.quote_found.values())
    print(f"{len(docs)} dev documents, {sum(len(d.units) for d in docs)} units, "
          f"{n_found}/{n_true} quotes located in units, "
          f"{sum(d.third for d in docs)} third-collection documents "
          f"({time.process_time() - started:.1f}s CPU)", flush=True)
    cfg = Config(epochs=args.epochs, l2=args.l2)
    global MIN_WORDS
    MIN_WORDS = args.min_words
    if args.json:  # the tables themselves, fit on all of dev; no evaluation
        feats = feature_table(docs)
        out = {}
        for signal in SIGNALS:
            model, _ = fit_with_threshold(docs, signal, cfg, feats)
            out[signal] = json.loads(model.pruned(args.prune).to_json())
        args.json.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.json} ({args.json.stat().st_size / 1024:.0f} KB)")
        return 0
    if args.third:
        text, third_models, held_docs = third_holdout(docs, cfg, args.rules_at, args.prune,
                                                      args.labellers.split(","))
        print(text)
        report_cost(held_docs, third_models, args.prune, "held-out collection models")
        print(f"total {time.process_time() - started:.0f}s CPU")
        return 0
    result = run(docs, args.folds, cfg)
    print(render(result, docs))
    choices: dict[str, list[str]] = result["choices"]  # type: ignore[assignment]
    short = {"rules AND model": "AND", "rules OR model": "OR"}
    print("chosen in train, per fold: " + "; ".join(
        f"{s}: {','.join(short.get(c, c) for c in v)}" for s, v in choices.items()))
    models: dict[tuple[int, str], Model] = result["models"]  # type: ignore[assignment]
    folds: list[int] = result["folds"]  # type: ignore[assignment]
    held = [d for d, g in zip(docs, folds, strict=True) if g == 0]
    report_cost(held, {s: models[(0, s)] for s in SIGNALS}, args.prune, "fold 0 models")
    print(f"total {time.process_time() - started:.0f}s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
