"""The trained scam model: estimator contract, artifact round-trip, hashing, explanations."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from hangup.errors import ConfigError
from hangup.model import FeatureConfig, ScamModel
from hangup.model.features import Hasher, bucket_and_sign, normalise
from hangup.model.training import design_matrix

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

SCAMS = [
    "This is Microsoft technical support, your computer has a virus. Download AnyDesk now.",
    "Your Windows licence has expired. Call +1 888 555 0147 immediately to avoid suspension.",
    "We detected hackers on your computer. Give me the code on your screen so I can fix it.",
    "Your Norton subscription was renewed for $399.99. Call our billing team to cancel.",
    "Urgent: your PC is infected. Buy Google Play gift cards to pay the support fee.",
    "Windows Defender alert! Your computer is blocked. Call Microsoft support now.",
    "I am calling from the tech department, press Windows key and R and type anydesk.",
    "Your account was hacked. Read me the six digit code we sent to fix your computer.",
    "Refund of $299 approved, open TeamViewer so our technician can process it.",
    "Do not turn off your computer, call the helpline at 0800 123 4567 to remove the virus.",
    "Congratulations! You won a prize, click www.win-prize.xyz to claim your reward now.",
    "Your Amazon order was charged $1,499. If you did not order it, press 1 to speak to an agent.",
]
LEGIT = [
    "Hi mum, I'll be home for dinner at seven, can you save me some pasta?",
    "The meeting has moved to room 4 on Thursday afternoon, see the agenda attached.",
    "Thanks for your order, it will be delivered on Monday between 9 and 12.",
    "Are we still on for tennis this weekend? Let me know what time suits you.",
    "The printer on the second floor is fixed now, the driver was updated.",
    "Reminder: the school trip letter needs signing by Friday.",
    "I read the article about the new library, it opens next month.",
    "Your dentist appointment is confirmed for 3 June at 10:30.",
    "Lunch at the usual place? I can be there by one.",
    "Here are the notes from yesterday's lecture on linear algebra.",
    "The plumber will come round on Tuesday to look at the boiler.",
    "Happy birthday! Hope you have a lovely day with the family.",
]


def strengths_for(text: str) -> dict[str, float]:
    lowered = text.lower()
    return {
        "REMOTE_ACCESS": 0.9 if any(w in lowered for w in ("anydesk", "teamviewer", "code")) else 0.0,
        "PAYMENT_DEMAND": 0.8 if any(w in lowered for w in ("$", "gift card", "fee")) else 0.0,
    }


@pytest.fixture(scope="module")
def model() -> ScamModel:
    texts = SCAMS + LEGIT
    y = [1] * len(SCAMS) + [0] * len(LEGIT)
    return ScamModel(n_bits=12, c=10.0, calibration_folds=2).fit(texts, [strengths_for(t) for t in texts], y)


def test_fit_returns_self_and_sets_fitted_attributes() -> None:
    est = ScamModel(n_bits=10, calibration_folds=2)
    texts = SCAMS + LEGIT
    assert est.fit(texts, [{} for _ in texts], [1] * len(SCAMS) + [0] * len(LEGIT)) is est
    for name in ("config_", "coef_hash_", "coef_dense_", "intercept_", "calibration_", "threshold_"):
        assert hasattr(est, name)
    assert est.coef_hash_.shape == (1 << 10,)
    assert est.coef_hash_.dtype == np.float32


def test_unfitted_model_refuses_to_predict() -> None:
    with pytest.raises(RuntimeError):
        ScamModel().predict_proba("hello")


def test_predict_proba_is_a_probability_and_ranks_training_data(model: ScamModel) -> None:
    for text in [*SCAMS, *LEGIT, "", "   ", "0" * 5000, "ünïcödé 日本語 текст"]:
        p = model.predict_proba(text, strengths_for(text))
        assert 0.0 <= p <= 1.0
    scam = np.mean([model.predict_proba(t, strengths_for(t)) for t in SCAMS])
    legit = np.mean([model.predict_proba(t, strengths_for(t)) for t in LEGIT])
    assert scam > legit
    assert 0.0 <= model.threshold_ <= 1.0


def test_inference_path_equals_training_matrix(model: ScamModel) -> None:
    """The cached per-word scorer gives the same decision as the training design matrix."""
    texts = [*SCAMS[:3], *LEGIT[:3], "the the the the code code"]
    strengths = [strengths_for(t) for t in texts]
    matrix = design_matrix(model.config_, texts, strengths)
    coef = np.concatenate([model.coef_hash_, model.coef_dense_]).astype(np.float64)
    expected = matrix @ coef + model.intercept_
    got = [model.decision_function(t, s) for t, s in zip(texts, strengths, strict=True)]
    assert np.allclose(got, expected, atol=1e-5)


def test_save_load_round_trip_gives_identical_probabilities(model: ScamModel, tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = ScamModel.load(path)
    for text in SCAMS + LEGIT:
        assert loaded.predict_proba(text, strengths_for(text)) == model.predict_proba(text, strengths_for(text))
    assert loaded.threshold_ == model.threshold_
    assert loaded.config_ == model.config_


def test_explain_returns_words_from_the_text(model: ScamModel) -> None:
    text = "Microsoft support here: your computer has a virus, open AnyDesk and read me the code."
    explained = model.explain(text, strengths_for(text), k=4)
    assert 0 < len(explained) <= 4
    contributions = [c for _, c in explained]
    assert contributions == sorted(contributions, reverse=True)
    assert all(c > 0 for c in contributions)
    for token, _ in explained:
        for word in token.split():
            assert word in text.lower()


def test_explain_quotes_placeholders_and_numbers_as_written(model: ScamModel) -> None:
    text = "Call +1 888 555 0147 or visit www.fix-my-pc.xyz, fee $299.99, ticket INC0042719"
    words = normalise(text)
    assert {"__phone__", "__url__", "__tld_xyz__", "__money__", "inc0000000"} <= set(words)
    for token, _ in model.explain(text, {}, k=20):
        assert "__" not in token


def test_assess_scores_and_explains_in_one_reading(model: ScamModel) -> None:
    for text in SCAMS + LEGIT:
        strengths = strengths_for(text)
        z, words = model.assess(text, strengths, explain_from=0.0, k=5)
        assert z == pytest.approx(model.calibrated_logit(text, strengths), abs=1e-12)
        assert words == model.explain(text, strengths, k=5)
        z_only, none = model.assess(text, strengths, explain_from=1.01)
        assert z_only == z and none == []


def test_hash_is_crc32_of_utf8() -> None:
    for token in ("w|hello", "c| mi", "b|your computer", "w|café", "w|日本"):
        h = zlib.crc32(token.encode("utf-8"))
        bucket, sign = bucket_and_sign(token, 18)
        assert bucket == h % (1 << 18)
        assert sign == (-1.0 if h & 0x80000000 else 1.0)


def test_bigram_hash_continues_the_crc() -> None:
    hasher = Hasher(FeatureConfig(n_bits=20))
    bucket, weight = hasher.bigram(hasher.word("your"), hasher.word("computer"))
    assert (bucket, weight) == bucket_and_sign("b|your computer", 20)


def test_hashing_is_stable_across_processes() -> None:
    code = (
        "from hangup.model.features import FeatureConfig, Hasher\n"
        "h = Hasher(FeatureConfig())\n"
        "print(list(h.word('virus').buckets), h.bigram(h.word('gift'), h.word('cards')))\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2")
    }
    hasher = Hasher(FeatureConfig())
    here = f"{list(hasher.word('virus').buckets)} {hasher.bigram(hasher.word('gift'), hasher.word('cards'))}\n"
    assert outputs == {here}


def test_inference_does_not_import_sklearn_or_scipy(model: ScamModel, tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    model.save(path)
    code = (
        "import sys\nfrom hangup.model import ScamModel\n"
        f"m = ScamModel.load({str(path)!r})\nm.predict_proba('call microsoft now')\nm.explain('call microsoft')\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('sklearn', 'scipy')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_corrupt_or_missing_artifact_raises_config_error(model: ScamModel, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        ScamModel.load(tmp_path / "missing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"this is not a zip file")
    with pytest.raises(ConfigError, match="corrupt"):
        ScamModel.load(junk)
    good = tmp_path / "good.npz"
    model.save(good)
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(ConfigError):
        ScamModel.load(truncated)
    other = tmp_path / "other.npz"
    np.savez(other, weights=np.zeros(3))
    with pytest.raises(ConfigError, match="not a hangup model"):
        ScamModel.load(other)


def _rewrite(src: Path, dst: Path, **changes: object) -> None:
    with np.load(src, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    meta = json.loads(str(arrays["meta"]))
    for key, value in changes.items():
        if key in arrays:
            arrays[key] = np.asarray(value)
        else:
            meta[key] = value
    arrays["meta"] = np.array(json.dumps(meta))
    with dst.open("wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]


def test_old_or_inconsistent_artifact_raises_config_error(model: ScamModel, tmp_path: Path) -> None:
    good = tmp_path / "good.npz"
    model.save(good)
    old = tmp_path / "old.npz"
    _rewrite(good, old, format_version=0)
    with pytest.raises(ConfigError, match="format version 0"):
        ScamModel.load(old)
    wrong_shape = tmp_path / "shape.npz"
    _rewrite(good, wrong_shape, coef_hash=np.zeros(10, dtype=np.float32))
    with pytest.raises(ConfigError, match="coef_hash"):
        ScamModel.load(wrong_shape)
    nan = tmp_path / "nan.npz"
    _rewrite(good, nan, intercept=np.array([np.nan]))
    with pytest.raises(ConfigError, match="non-finite"):
        ScamModel.load(nan)


def test_context_flags_are_dense_features_and_match_the_training_matrix() -> None:
    texts = SCAMS + LEGIT
    contexts = [{"warning_about_scams": i % 3 == 0, "user_initiated": i % 4 == 0} for i in range(len(texts))]
    est = ScamModel(n_bits=12, calibration_folds=2, context_flags=("warning_about_scams", "user_initiated")).fit(
        texts, [strengths_for(t) for t in texts], [1] * len(SCAMS) + [0] * len(LEGIT), contexts=contexts)
    n_tactics = len(est.config_.tactics)
    assert est.config_.dense_names[n_tactics:n_tactics + 2] == ("context:warning_about_scams", "context:user_initiated")
    matrix = design_matrix(est.config_, texts, [strengths_for(t) for t in texts], contexts)
    coef = np.concatenate([est.coef_hash_, est.coef_dense_]).astype(np.float64)
    expected = matrix @ coef + est.intercept_
    got = [est.decision_function(t, strengths_for(t), c) for t, c in zip(texts, contexts, strict=True)]
    assert np.allclose(got, expected, atol=1e-5)
    text = SCAMS[0]
    plain = est.decision_function(text, strengths_for(text))
    warned = est.decision_function(text, strengths_for(text), {"warning_about_scams": True})
    assert warned - plain == pytest.approx(float(est.coef_dense_[n_tactics]), abs=1e-6)


def test_pronoun_weight_scales_bare_pronouns_but_keeps_their_bigrams() -> None:
    full = Hasher(FeatureConfig(n_bits=16))
    none = Hasher(FeatureConfig(n_bits=16, pronoun_weight=0.0))
    half = Hasher(FeatureConfig(n_bits=16, pronoun_weight=0.5))
    assert none.word("your").buckets == ()
    assert half.word("your").weights == tuple(0.5 * w for w in full.word("your").weights)
    assert none.word("computer") == full.word("computer")
    pair = (full.word("your"), full.word("computer"))
    assert none.bigram(none.word("your"), none.word("computer")) == full.bigram(*pair)
    assert none.vector(["your"]) == ([], [])  # no features, and no division by a zero norm


def test_saved_artifact_is_byte_identical_and_keeps_the_new_config(model: ScamModel, tmp_path: Path) -> None:
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    model.save(a)
    model.save(b)
    assert a.read_bytes() == b.read_bytes()
    cfg = FeatureConfig(pronoun_weight=0.25, context_flags=("user_initiated",))
    assert FeatureConfig.from_dict(cfg.to_dict()) == cfg


# -- the combination with the rules (hangup.detect.combine) ---------------------------------------


def test_place_maps_the_threshold_onto_suspicious_and_keeps_order() -> None:
    from hangup.detect.combine import place  # noqa: PLC0415

    assert place(0.8, 0.8, 0.4) == pytest.approx(0.4)
    assert place(0.97, 0.97, 0.4) == pytest.approx(0.4)
    values = [place(p, 0.8, 0.4) for p in (0.01, 0.5, 0.79, 0.81, 0.99)]
    assert values == sorted(values)
    assert values[2] < 0.4 < values[3]
    assert 0.0 <= place(0.0, 0.8, 0.4) < place(1.0, 0.8, 0.4) <= 1.0


def test_model_alone_makes_a_message_suspicious_never_a_scam(model: ScamModel) -> None:
    from hangup.config import Settings  # noqa: PLC0415
    from hangup.detect.combine import ModelScorer, place, place_alone  # noqa: PLC0415
    from hangup.detect.context import ContextReport  # noqa: PLC0415

    probabilities = [0.5, 0.96, 0.97, 0.98, 0.999, 0.999999, 1.0]
    alone = [place_alone(p, 0.97, 0.4, 0.7) for p in probabilities]
    assert alone == sorted(alone) and alone[-1] < 0.7  # order kept, never "scam"
    assert alone[0] == place(0.5, 0.97, 0.4) and alone[0] < 0.4  # below "suspicious": unchanged
    assert alone[2] == pytest.approx(0.4)  # the threshold still lands on "suspicious"
    assert place(0.999999, 0.97, 0.4) > 0.7  # where the ordinary placement would say "scam"
    settings = Settings()
    scorer = ModelScorer(model, settings)
    ctx = ContextReport(warning=False, warning_sentences=0, user_initiated=False, suspect=None, tactic_factors={})
    for text in SCAMS:
        assert scorer.score(text, {}, ctx).score < settings.scam_threshold  # no tactic: at most suspicious
    with_tactic = [scorer.score(t, {"REMOTE_ACCESS": 0.9}, ctx).score for t in SCAMS]
    assert max(with_tactic) >= settings.scam_threshold  # a tactic taking part lifts the ceiling


def test_combination_takes_the_higher_score_but_the_rules_alone_in_context() -> None:
    from hangup.detect.combine import combine_scores  # noqa: PLC0415

    assert combine_scores(0.2, None, warning=False, user_initiated=False) == 0.2
    assert combine_scores(0.2, 0.9, warning=False, user_initiated=False) == 0.9
    assert combine_scores(0.8, 0.1, warning=False, user_initiated=False) == 0.8  # the model never lowers rules
    for flags in ({"warning": True, "user_initiated": False}, {"warning": False, "user_initiated": True}):
        assert combine_scores(0.2, 0.9, **flags) == 0.2  # a warning or a call the person started: never raised
        assert combine_scores(0.8, 0.1, **flags) == 0.8  # nor lowered: gift cards in a call they started


def test_threshold_alone_never_below_its_floor() -> None:
    texts = SCAMS + LEGIT
    y = [1] * len(SCAMS) + [0] * len(LEGIT)
    fits = [ScamModel(n_bits=10, calibration_folds=2, target_fpr_alone=0.5, alone_floor=floor)
            .fit(texts, [{} for _ in texts], y) for floor in (0.0, 0.995)]
    assert fits[0].threshold_alone_ < 0.995
    assert fits[1].threshold_alone_ == pytest.approx(0.995)
    assert fits[1].threshold_ == fits[0].threshold_  # the ordinary threshold is not touched


def test_model_alone_needs_the_stricter_threshold(model: ScamModel) -> None:
    """Without a rule tactic taking part, the model's score is placed on threshold_alone."""
    from hangup.config import Settings  # noqa: PLC0415
    from hangup.detect.combine import ModelScorer, place, place_alone, rule_signal  # noqa: PLC0415
    from hangup.detect.context import ContextReport  # noqa: PLC0415

    assert model.threshold_ <= model.threshold_alone_
    scorer = ModelScorer(model, Settings())
    ctx = ContextReport(False, 0, False, None, {})
    text = SCAMS[0]
    weak = {"REMOTE_ACCESS": 0.3}
    strong = {"REMOTE_ACCESS": 0.9}
    assert not rule_signal(weak, 0.4) and rule_signal(strong, 0.4)
    model.threshold_alone_, saved = min(1.0, model.threshold_ + 0.2), model.threshold_alone_
    try:
        alone, backed = scorer.score(text, weak, ctx), scorer.score(text, strong, ctx)
    finally:
        model.threshold_alone_ = saved
    assert alone.threshold == pytest.approx(min(1.0, model.threshold_ + 0.2))
    assert backed.threshold == model.threshold_
    assert alone.score == pytest.approx(place_alone(alone.probability, alone.threshold, 0.4, 0.7))
    assert backed.score == pytest.approx(place(backed.probability, backed.threshold, 0.4))


def test_tactic_strengths_below_tactic_min_are_not_features() -> None:
    from hangup.model.features import dense  # noqa: PLC0415

    cfg = FeatureConfig(tactics=("A", "B"), tactic_min=0.4)
    assert dense(cfg, "x", ["x"], {"A": 0.3, "B": 0.5})[:2] == [0.0, 0.5]
    assert dense(FeatureConfig(tactics=("A",)), "x", ["x"], {"A": 0.3})[:1] == [0.3]


def test_shipped_model_is_small_current_and_described_by_its_card() -> None:
    import hashlib  # noqa: PLC0415

    from hangup.config import Settings  # noqa: PLC0415
    from hangup.detect.combine import shipped_model_path  # noqa: PLC0415

    path = shipped_model_path()
    assert path is not None, "the package ships src/hangup/model/scam-model.npz"
    assert path.stat().st_size < 3_000_000
    shipped = ScamModel.load(path)
    assert 0.0 < shipped.threshold_ <= shipped.threshold_alone_ < 1.0
    assert shipped.config_.context_flags == ()  # context is the combination's job
    card = path.with_suffix(".md").read_text(encoding="utf-8")
    assert hashlib.sha256(path.read_bytes()).hexdigest() in card
    assert f"{shipped.threshold_alone_:.4f}" in card
    assert Settings().use_model  # on by default


def test_normalise_takes_any_text() -> None:
    assert normalise("\ud800 call 555-123-4567 now") == ["call", "__phone__", "now"]
    assert normalise("Café: pay £300 at www.fix-pc.xyz/a).") == [
        "café", "pay", "__money__", "at", "__url__", "__tld_xyz__", "fix", "pc",
    ]


# --- the C module for the hashed features -------------------------------------------------------

HOSTILE = [
    "", "a", "you your you", "scam scam scam scam", "a b a b a b c a b",
    "ünïcödé wörds ĳ 日本語 テキスト 😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 emoji 123",
    "x" * 300 + " " + "é" * 200,  # longer than the C module's stack buffers
    "__url__ __tld_com__ x " * 3,
    "Call +1 888 555 0147 or www.fix-my-pc.xyz, fee $299.99, ref INC0042719, INC0042719",
]


def test_c_module_is_built_and_used_by_default(model: ScamModel) -> None:
    """`pip install` builds hangup.model._hashing (setup.py); without it the model is ~4x slower."""
    from hangup.model import _hashing  # noqa: PLC0415

    assert model.use_native
    assert _hashing.Hashing.__doc__


@pytest.mark.parametrize("k", [1, 5, 40])
def test_c_module_and_python_give_identical_scores_and_explanations(model: ScamModel, k: int) -> None:
    shipped = ScamModel.load(Path(__file__).resolve().parents[1] / "src/hangup/model/scam-model.npz")
    examples = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    assert examples
    for m in (model, shipped):
        for text in [*SCAMS, *LEGIT, *HOSTILE, *examples]:
            strengths = strengths_for(text)
            results = []
            for native in (True, False):
                m.use_native = native
                results.append((m.assess(text, strengths, explain_from=0.0, k=k), m.explain(text, strengths, k=k)))
            m.use_native = True
            assert results[0] == results[1], text[:80]


def test_c_module_refuses_bad_arguments() -> None:
    from hangup.model._hashing import Hashing  # noqa: PLC0415

    good = (np.zeros(1 << 4).tobytes(), 4, 1.0, 0.5, 1.0, 3, 5, 1.0, frozenset({"you"}))
    hashing = Hashing(*good)
    assert hashing.hashed({"a": 1}, ["a"]) == (0.0, 1.0 + 0.25)  # "w|a" and the one 3-gram " a "
    with pytest.raises(ValueError):
        Hashing(np.zeros(8).tobytes(), *good[1:])  # fewer coefficients than 2**n_bits
    with pytest.raises(TypeError):
        hashing.hashed({"a": 1}, ["a", 3])
    with pytest.raises(TypeError):
        hashing.hashed({b"a": 1}, ["a"])
    with pytest.raises(ValueError):
        hashing.top({"a": 1}, ["a", "a"], [0], 3)  # one index per word
    with pytest.raises(ValueError):
        hashing.top({"a": 1}, ["a", "a"], [0, 7], 3)  # an index out of range
    with pytest.raises(RuntimeError):
        Hashing.__new__(Hashing).hashed({}, [])


def test_model_pickles_with_its_c_module_rebuilt(model: ScamModel) -> None:
    import pickle  # noqa: PLC0415

    text = "Microsoft support: your computer has a virus, open AnyDesk and read me the code."
    for native in (True, False):
        model.use_native = native
        copy = pickle.loads(pickle.dumps(model))
        assert copy.use_native is native
        assert copy.assess(text, strengths_for(text), explain_from=0.0) == model.assess(
            text, strengths_for(text), explain_from=0.0)
    model.use_native = True
    assert pickle.loads(pickle.dumps(ScamModel(n_bits=8))).n_bits == 8  # unfitted too


def test_c_word_split_equals_the_regular_expression() -> None:
    from hypothesis import given, settings  # noqa: PLC0415
    from hypothesis import strategies as st  # noqa: PLC0415

    from hangup.model import features  # noqa: PLC0415
    from hangup.model._hashing import words  # noqa: PLC0415

    def by_re(text: str, mask: bool) -> list[str]:
        return features._WORD.findall(text.translate(features._DIGITS) if mask else text)

    alphabet = st.sampled_from([*"ab'_ 0159\n.é日½²٣\u0301-", "\ud800", "😀", "\u00a0"])

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=40) | st.text(max_size=40), st.booleans())
    def check(text: str, mask: bool) -> None:
        got = words(text, mask)
        assert got == by_re(text, mask)
        for word in got:  # canonical strings: equal ones hash and compare alike
            assert hash(word) == hash(str(word.encode("utf-8", "surrogatepass"), "utf-8", "surrogatepass"))

    check()
    assert words("rock'n'roll 2024 don't", True) == ["rock'n", "roll", "0000", "don't"]


def test_sentence_starts_equal_the_single_pattern() -> None:
    import re  # noqa: PLC0415

    from hypothesis import given, settings  # noqa: PLC0415
    from hypothesis import strategies as st  # noqa: PLC0415

    from hangup.model.features import sentence_starts  # noqa: PLC0415

    spec = re.compile(r"(?:^|[.!?\n])[\s\"'(]*([\w']+)")

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=st.sampled_from([*". !?\n\"'(ab'_é1\t"]), max_size=30) | st.text(max_size=30))
    def check(text: str) -> None:
        assert sentence_starts(text) == spec.findall(text)

    check()
    assert sentence_starts("hi. yes! (no) 'ok'") == ["hi", "yes", "no"]
