import json
import random
from pathlib import Path

import pytest

from comments.spam.bayes import NaiveBayesModel, Reason, comment_tokens, tokenize

DATASET = Path(__file__).resolve().parent.parent / "data" / "spam_eval" / "comments.jsonl"

SPAM = [
    "Buy cheap viagra online, no prescription needed, fast shipping http://pills-rx.xyz",
    "Cheap cialis and viagra pills, discount pharmacy, order now http://pills-rx.xyz/order",
    "Best online casino bonus, 200 free spins, play slots now http://casino-win.top",
    "Free spins and casino bonus codes, win real money today http://casino-win.top/bonus",
    "Buy backlinks cheap, SEO services, rank first on Google http://seo-boost.xyz",
    "Cheap SEO backlinks, guaranteed ranking, order today http://seo-boost.xyz/buy",
    "Earn bitcoin daily with our trading bot, guaranteed profit http://btc-profit.top",
    "Crypto investment plan, guaranteed daily profit, withdraw anytime http://btc-profit.top",
    "Great post! Visit my site for cheap replica watches http://replica-shop.xyz",
    "Nice blog, thanks for sharing. Check my site for cheap handbags http://replica-shop.xyz",
    "Payday loans online, no credit check, instant approval http://loans-now.top",
    "Instant cash loans, bad credit ok, apply now http://loans-now.top/apply",
]
HAM = [
    "The zoning argument is persuasive, but local planning committees still hold a veto.",
    "I teach history and the section on the printing press is accurate and fair.",
    "Minor correction: the treaty was signed in 1918, not 1917, otherwise a clear summary.",
    "Your point about central bank reserves and interest rates deserves its own essay.",
    "The replication crisis section is good, but psychology is not the only field affected.",
    "As a nurse I agree with the argument about wage compression and agency staff.",
    "I would have liked more on enforcement; rent caps fail without inspectors.",
    "The footnotes were excellent, I followed the one on the Medicaid lottery study.",
    "Is there evidence that participatory budgeting changes what actually gets funded?",
    "Thoughtful essay on climate sensitivity, the ECS and TCR distinction is rarely explained.",
    "The comparison of railway mania with the dot-com bubble is well made.",
    "I disagree with the claim about class sizes; the studies only measure test scores.",
]


def trained_model(**options) -> NaiveBayesModel:
    model = NaiveBayesModel(**options)
    for text in SPAM:
        model.train(tokenize(text), is_spam=True)
    for text in HAM:
        model.train(tokenize(text), is_spam=False)
    return model


def load_dataset() -> list[dict]:
    with DATASET.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def record_tokens(record: dict) -> list[str]:
    return comment_tokens(
        record["content"], author=record["author"], email=record["email"], url=record["url"]
    )


def split(records: list[dict], *, test_share: float, seed: int) -> tuple[list, list]:
    """Stratified seeded split; the same as `split()` in bench/spam_eval.py."""
    rng = random.Random(seed)
    train, test = [], []
    for label in ("ham", "spam"):
        group = [record for record in records if record["label"] == label]
        rng.shuffle(group)
        cut = round(len(group) * test_share)
        test.extend(group[:cut])
        train.extend(group[cut:])
    return train, test


# --- tokenize -------------------------------------------------------------------------------


def test_tokenize_lowercases_words_and_drops_single_letters():
    assert tokenize("The Essay IS Good, a Lot!") == ["the", "essay", "is", "good", "lot"]


def test_tokenize_reduces_links_to_host_tokens():
    tokens = tokenize("See https://www.Example.com/some/long/path?id=123 for more")

    assert tokens.count("has_url") == 1
    assert {"host:example.com", "tld:com", "url:example"} <= set(tokens)
    assert not any("path" in token or "123" in token for token in tokens)


def test_tokenize_finds_bare_domains_and_subdomain_parents():
    tokens = tokenize("visit cheap-pills-online.xyz or blog.spam.co.uk today")

    assert tokens.count("has_url") == 2
    assert {"host:cheap-pills-online.xyz", "url:pills", "host:spam.co.uk", "tld:uk"} <= set(tokens)
    assert "visit" in tokens
    assert "today" in tokens


def test_tokenize_does_not_mistake_abbreviations_for_domains():
    tokens = tokenize("Node.js, e.g. in the U.S. economy")

    assert "has_url" not in tokens
    assert tokens == ["node", "js", "in", "the", "economy"]


def test_tokenize_strips_html_tags_but_keeps_link_hosts_and_text():
    tokens = tokenize('<p>Buy <a href="http://pharma.example.ru/x">cheap &amp; fast</a></p>')

    assert {"has_url", "host:pharma.example.ru", "host:example.ru", "tld:ru"} <= set(tokens)
    assert {"buy", "cheap", "fast"} <= set(tokens)
    assert not {"href", "p", "a", "amp"} & set(tokens)


def test_tokenize_buckets_numbers_and_flags_currency_and_shouting():
    tokens = tokenize("Won $5,000 in 2024!! Only 3.5% fees, call 5550102323")

    assert tokens == [
        "won",
        "currency",
        "num:4",
        "in",
        "num:year",
        "punct:!!",
        "only",
        "num:2",
        "fees",
        "call",
        "num:7",
    ]


def test_tokenize_handles_cyrillic_and_chinese_text():
    tokens = tokenize("Займ на карту без отказа 代写论文")

    assert {"займ", "на", "карту", "без", "отказа"} <= set(tokens)
    assert {"代写", "写论", "论文"} <= set(tokens)
    assert {"script:cyrillic", "script:cjk"} <= set(tokens)


def test_tokenize_normalises_fullwidth_letters_and_curly_apostrophes():
    assert tokenize("ＶＩＡＧＲＡ don’t") == ["viagra", "don't"]


def test_comment_tokens_prefix_the_author_fields():
    tokens = comment_tokens(
        "Nice post", author="Best SEO", email="x@Mail.RU", url="https://seo.example.com/"
    )

    assert tokens[:2] == ["nice", "post"]
    assert {"author:best", "author:seo", "email:host:mail.ru", "email:tld:ru"} <= set(tokens)
    assert {"has_website", "website:has_url", "website:host:seo.example.com"} <= set(tokens)
    assert "website:host:example.com" in tokens


def test_comment_tokens_ignore_an_email_without_a_domain():
    assert comment_tokens("hi", email="not-an-address") == ["hi"]


def test_tokenize_copes_with_hostile_input():
    # Speed on such input is measured by bench/spam_eval.py; here it must simply finish sanely.
    tokens = tokenize("<" * 20_000 + "a." * 20_000 + "http://" * 5_000)

    assert all(len(token) < 200 for token in tokens)


# --- model ----------------------------------------------------------------------------------


def test_untrained_model_scores_one_half_and_gives_no_reasons():
    model = NaiveBayesModel()

    assert model.spam_probability(tokenize("Buy cheap viagra now")) == 0.5
    assert model.spam_probability([]) == 0.5
    assert model.top_reasons(tokenize("Buy cheap viagra now")) == []


def test_model_scores_one_half_until_both_classes_have_enough_training():
    model = NaiveBayesModel(min_docs_per_class=10)
    for text in SPAM:
        model.train(tokenize(text), is_spam=True)

    assert not model.is_ready
    assert model.spam_probability(tokenize(SPAM[0])) == 0.5


def test_training_on_spam_raises_similar_text_but_not_unrelated_ham():
    model = trained_model()

    spam_like = model.spam_probability(tokenize("Order cheap viagra pills, discount pharmacy"))
    unrelated_ham = model.spam_probability(
        tokenize("The essay on zoning reform and planning committees was fair")
    )

    assert spam_like > 0.9
    assert unrelated_ham < 0.5


def test_one_more_spam_raises_the_score_of_similar_text():
    model = trained_model()
    text = tokenize("Cheap tramadol pills online, discount pharmacy")
    before = model.spam_probability(text)

    model.train(tokenize("Buy tramadol online cheap, discount pharmacy"), is_spam=True)

    assert model.spam_probability(text) > before


def test_untrain_reverses_train_exactly():
    model = trained_model()
    state = model.to_dict()
    text = tokenize("Brand new words: zeppelin marmalade, plus cheap pills")
    score = model.spam_probability(text)

    model.train(text, is_spam=True)
    assert model.spam_probability(text) > score
    model.untrain(text, is_spam=True)

    assert model.to_dict() == state
    assert model.spam_probability(text) == score


def test_moderator_reversal_moves_a_comment_from_spam_to_ham():
    model = trained_model()
    text = tokenize("A fair essay on payday loans and credit regulation")
    model.train(text, is_spam=True)
    wrongly_trained = model.spam_probability(text)

    model.untrain(text, is_spam=True)
    model.train(text, is_spam=False)

    assert model.spam_probability(text) < wrongly_trained


def test_untrain_without_training_raises():
    with pytest.raises(ValueError, match="none to untrain"):
        NaiveBayesModel().untrain(["cheap"], is_spam=True)


def test_serialisation_round_trip_gives_identical_scores_and_reasons():
    records = load_dataset()
    model = NaiveBayesModel()
    for record in records[::2]:
        model.train(record_tokens(record), is_spam=record["label"] == "spam")

    restored = NaiveBayesModel.from_dict(json.loads(json.dumps(model.to_dict())))

    assert restored.to_dict() == model.to_dict()
    for record in records[1::2]:
        tokens = record_tokens(record)
        assert restored.spam_probability(tokens) == model.spam_probability(tokens)
        assert restored.top_reasons(tokens) == model.top_reasons(tokens)


def test_from_dict_rejects_an_unknown_state_version():
    state = NaiveBayesModel().to_dict() | {"version": 99}

    with pytest.raises(ValueError, match="Retrain"):
        NaiveBayesModel.from_dict(state)


def test_from_dict_rejects_a_malformed_state():
    state = NaiveBayesModel().to_dict()
    del state["tokens"]

    with pytest.raises(ValueError, match="Malformed"):
        NaiveBayesModel.from_dict(state)


def test_scoring_raw_text_instead_of_tokens_is_refused():
    with pytest.raises(TypeError, match="tokenize"):
        trained_model().spam_probability("Buy cheap viagra")


def test_top_reasons_lists_the_most_spammy_tokens_first():
    model = trained_model()

    reasons = model.top_reasons(tokenize("The essay was fair, but buy cheap viagra pills"), n=2)

    assert len(reasons) == 2
    assert all(isinstance(reason, Reason) and reason.probability > 0.5 for reason in reasons)
    assert reasons[0].probability >= reasons[1].probability
    assert {reason.token for reason in reasons} <= {"buy", "cheap", "viagra", "pills"}


def test_vocabulary_is_capped_by_pruning_the_rarest_tokens():
    model = NaiveBayesModel(max_tokens=100)
    for index in range(60):
        model.train(["common", f"rare{index}a", f"rare{index}b"], is_spam=index % 2 == 0)

    assert model.vocabulary_size <= 100
    assert "common" in model.to_dict()["tokens"]


# --- labelled evaluation set ----------------------------------------------------------------


def test_labelled_set_is_large_balanced_and_attributed():
    records = load_dataset()
    spam = sum(record["label"] == "spam" for record in records)

    assert len(records) >= 300
    assert 0.4 <= spam / len(records) <= 0.6
    assert {record["label"] for record in records} == {"spam", "ham"}
    assert all(record["source"] for record in records)


def test_model_is_precise_and_catches_most_spam_on_a_held_out_split():
    train, test = split(load_dataset(), test_share=0.3, seed=1234)
    model = NaiveBayesModel()
    for record in train:
        model.train(record_tokens(record), is_spam=record["label"] == "spam")

    flagged = [record for record in test if model.spam_probability(record_tokens(record)) >= 0.9]
    true_positives = sum(record["label"] == "spam" for record in flagged)
    spam_in_test = sum(record["label"] == "spam" for record in test)

    # Measured with bench/spam_eval.py: precision 1.000, recall 0.833 (55 of 66 spam).
    assert true_positives / len(flagged) >= 0.95
    assert true_positives / spam_in_test >= 0.75
