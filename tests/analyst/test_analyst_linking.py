"""Campaign linking on seeded reports, on SQLite and PostgreSQL: shared criminal indicators link,
genuine values do not, analysts' confirm and split decisions are respected on every recompute."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from analystkit import seed

from hangup.cases.casefile import load_casefile
from hangup.cases.linkcache import CampaignCache
from hangup.cases.linkdecisions import decide, split_report, undo
from hangup.cases.linking import LinkResult, UnionFind, find_campaigns
from hangup.cases.linkrules import LinkRules, load_rules
from hangup.cases.models import Report
from hangup.cases.store import CaseStore
from hangup.errors import InputError

PHONE = ("phone", "+447700900111")
ANYDESK = ("remote_access_id", "anydesk:123456789")
WALLET = ("crypto_wallet", "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")


def _day(d: int) -> datetime:
    return datetime(2026, 3, d, 10, 0, tzinfo=UTC)


@pytest.fixture
def seeded(store: CaseStore) -> dict[str, str]:
    refs = {
        "A": seed(store, indicators=[PHONE, ANYDESK, ("domain", "microsoft.com"), ("brand", "Microsoft")],
                  contacted_at=_day(2), money_lost=True, amount_minor=25_000, currency="GBP"),
        "B": seed(store, indicators=[PHONE, ("email", "scam.desk@gmail.com")], contacted_at=_day(5)),
        "C": seed(store, indicators=[("remote_access_id", "123456789"), ("remote_access_tool", "AnyDesk")],
                  contacted_at=_day(1), money_lost=True, amount_minor=9_999, currency="GBP"),
        "D": seed(store, indicators=[("email", "scam.desk@gmail.com"), ("domain", "gmail.com")],
                  contacted_at=_day(9), money_lost=True),  # lost money, amount not given
        "E": seed(store, indicators=[("domain", "microsoft.com"), ("brand", "Microsoft")], contacted_at=_day(3)),
        "F": seed(store, indicators=[("domain", "gmail.com"), ("bank_account", "sort_code:123456")]),
        "G": seed(store, indicators=[("bank_account", "sort_code:123456"), ("remote_access_id", "4711")]),
        "H": seed(store, indicators=[WALLET, ("remote_access_id", "4711")]),
        "I": seed(store, indicators=[WALLET]),
    }
    return refs


def _link(store: CaseStore, **settings: int) -> LinkResult:
    rules = load_rules(store.settings.model_copy(update=settings))
    with store.session() as session:
        return find_campaigns(session, rules)


def _groups(result: LinkResult, refs: dict[str, str]) -> set[frozenset[str]]:
    names = {v: k for k, v in refs.items()}
    return {frozenset(names[m.reference] for m in c.members) for c in result.campaigns}


def _id(store: CaseStore, reference: str) -> int:
    with store.session() as session:
        row = session.query(Report).filter_by(reference=reference).one()
        return row.id


def test_shared_phone_and_remote_id_make_one_campaign(store: CaseStore, seeded: dict[str, str]) -> None:
    result = _link(store)
    assert _groups(result, seeded) == {frozenset("ABCD"), frozenset("HI")}
    big = result.campaigns[0]
    assert big.key == seeded["A"]  # named after its first report
    why = {(link.kind, link.key, len(link.report_ids)) for link in big.links}
    assert why == {("phone", "+447700900111", 2), ("remote_access_id", "123456789", 2),
                   ("email", "scam.desk@gmail.com", 2)}
    assert big.first_seen == _day(1) and big.last_seen == _day(9)
    assert big.money_lost_count == 3 and big.losses == {"GBP": 34_999}
    for lonely in "EFG":  # microsoft.com, gmail.com, a sort code alone and a 4-digit code link nothing
        assert _id(store, seeded[lonely]) not in result.by_report
    unlinked = {(u.kind, u.key): u.reason for u in result.unlinked}
    assert unlinked == {("domain", "microsoft.com"): "common", ("domain", "gmail.com"): "common"}


def test_seen_in_other_reports_matches_remote_ids_on_digits(store: CaseStore, seeded: dict[str, str]) -> None:
    with store.session() as session:
        case = load_casefile(session, load_rules(), seeded["A"].lower())
    assert case is not None
    seen = {(i.type, i.normalized): (i.others, i.links) for i in case.indicators}
    assert seen[ANYDESK] == (1, True)  # report C wrote it as 123456789
    assert seen[PHONE] == (1, True)
    assert seen[("domain", "microsoft.com")] == (1, True)  # E has it too; it is a linking type, just common
    assert seen[("brand", "Microsoft")] == (1, False)


def test_split_and_confirm_are_respected_on_recompute(store: CaseStore, seeded: dict[str, str]) -> None:
    rules = load_rules()
    with store.session(write=True) as session:
        decide(session, rules, "phone", "+447700900111", "split", actor="ann", reason="spoofed caller ID")
    assert _groups(_link(store), seeded) == {frozenset("AC"), frozenset("BD"), frozenset("HI")}
    assert ("phone", "+447700900111") in {(u.kind, u.key) for u in _link(store).unlinked if u.reason == "split"}

    with store.session(write=True) as session:
        decide(session, rules, "domain", "microsoft.com", "confirm", actor="ann")
    assert _groups(_link(store), seeded) == {frozenset("ACE"), frozenset("BD"), frozenset("HI")}
    with store.session() as session:
        statuses = {r.reference: r.status for r in session.query(Report)}
    assert statuses[seeded["A"]] == statuses[seeded["E"]] == "linked"  # confirming marks its reports linked
    assert statuses[seeded["C"]] == "new"

    with store.session(write=True) as session:
        assert undo(session, "phone", "+447700900111", actor="ann")
        assert not undo(session, "phone", "+447700900111", actor="ann")  # nothing left to undo
    assert _groups(_link(store), seeded) == {frozenset("ABCDE"), frozenset("HI")}


def test_split_one_report_out_of_a_campaign(store: CaseStore, seeded: dict[str, str]) -> None:
    rules = load_rules()
    campaign = _link(store).campaigns[0]
    c_id = _id(store, seeded["C"])
    with store.session(write=True) as session:
        assert split_report(session, rules, campaign, c_id, actor="ann") == 1
        with pytest.raises(InputError, match="not part of the campaign"):
            split_report(session, rules, campaign, _id(store, seeded["I"]), actor="ann")
    result = _link(store)
    assert _groups(result, seeded) == {frozenset("ABD"), frozenset("HI")}
    with store.session(write=True) as session:  # a split report can be tied back
        undo(session, "remote_access_id", "123456789", actor="ann", report_id=c_id)
    assert _groups(_link(store), seeded) == {frozenset("ABCD"), frozenset("HI")}


def test_too_common_indicators_need_confirming(store: CaseStore, seeded: dict[str, str]) -> None:
    seed(store, indicators=[WALLET])  # the wallet is now in 3 reports
    result = _link(store, link_max_reports=2)
    assert ("crypto_wallet", WALLET[1], "too_many") in {(u.kind, u.key, u.reason) for u in result.unlinked}
    assert all(link.kind != "crypto_wallet" for c in result.campaigns for link in c.links)
    with store.session(write=True) as session:
        decide(session, load_rules(), *WALLET, "confirm", actor="ann")
    confirmed = _link(store, link_max_reports=2)
    wallet_links = [link for c in confirmed.campaigns for link in c.links if link.kind == "crypto_wallet"]
    assert len(wallet_links) == 1 and wallet_links[0].confirmed and len(wallet_links[0].report_ids) == 3


def test_decisions_are_checked(store: CaseStore) -> None:
    rules = load_rules()
    with store.session(write=True) as session:
        with pytest.raises(InputError):
            decide(session, rules, "brand", "Microsoft", "confirm", actor="ann")  # brands never link
        with pytest.raises(InputError):
            decide(session, rules, "phone", "+447700900111", "confirm", actor="ann", report_id=1)


RULES = LinkRules(types=frozenset({"phone", "email", "domain", "url", "remote_access_id", "bank_account",
                                   "crypto_wallet"}),
                  min_phone_digits=7, min_remote_id_digits=7, min_remote_id_chars=6,
                  bank_prefixes=frozenset({"iban", "uk_account", "account_number"}),
                  shared_domains=frozenset({"microsoft.com"}), mail_providers=frozenset({"gmail.com"}),
                  common_phones=frozenset({"+443001232040"}))


@pytest.mark.parametrize(("kind", "value", "key"), [
    ("remote_access_id", "anydesk:123456789", "123456789"),
    ("remote_access_id", "123 456 789", "123456789"),
    ("remote_access_id", "teamviewer:1-234-567-890", "1234567890"),
    ("remote_access_id", "483920", None),  # a short session code
    ("remote_access_id", "anydesk:fixmypc@ad", "fixmypc@ad"),
    ("phone", "+44101", None),
    ("phone", "+448001234567", "+448001234567"),
    ("bank_account", "sort_code:123456", None),
    ("bank_account", "iban:GB82WEST12345698765432", "iban:GB82WEST12345698765432"),
    ("url", "https://www.fix-my-pc.net/", None),  # the bare site: the domain links it
    ("url", "https://www.fix-my-pc.net/pay?id=7", "fix-my-pc.net/pay?id=7"),
    ("email", "Scam.Desk@Gmail.com", "scam.desk@gmail.com"),
    ("brand", "Microsoft", None),
    ("money", "GBP 199.99", None),
])
def test_link_keys(kind: str, value: str, key: str | None) -> None:
    assert RULES.key(kind, value) == key


@pytest.mark.parametrize(("kind", "key", "common"), [
    ("domain", "microsoft.com", True), ("domain", "support.microsoft.com", True), ("domain", "gmail.com", True),
    ("email", "scam.desk@gmail.com", False), ("email", "no-reply@microsoft.com", True),
    ("url", "login.microsoft.com/x", True), ("domain", "micros0ft-help.com", False),
    ("phone", "+443001232040", True), ("phone", "+448001234567", False),
])
def test_common_values(kind: str, key: str, common: bool) -> None:
    assert RULES.is_common(kind, key) is common


def test_shipped_rules_load() -> None:
    rules = load_rules()
    assert "remote_access_id" in rules.types and "brand" not in rules.types
    assert rules.is_common("domain", "anydesk.com") and rules.is_common("phone", "+443001232040")


def test_union_find_chains() -> None:
    uf = UnionFind()
    for a, b in [(1, 2), (3, 4), (2, 3), (10, 11)]:
        uf.union(a, b)
    assert uf.find(1) == uf.find(4) != uf.find(10)
    assert uf.size[uf.find(1)] == 4


def test_campaign_cache(store: CaseStore, seeded: dict[str, str]) -> None:
    rules = load_rules()
    cache = CampaignCache(max_age=3600)
    with store.session() as session:
        first = cache.get(session, rules)
        assert cache.get(session, rules) is first  # nothing changed
    seeded["J"] = seed(store, indicators=[WALLET])
    with store.session() as session:
        assert cache.get(session, rules) is first  # a new report waits for max_age
    with store.session(write=True) as session:
        decide(session, rules, *PHONE, "split", actor="ann")
    with store.session() as session:
        after = cache.get(session, rules)  # a decision is applied at once (and the new report linked)
    assert _groups(after, seeded) == {frozenset("AC"), frozenset("BD"), frozenset("HIJ")}
    cache.max_age = 0
    seed(store, indicators=[WALLET])
    with store.session() as session:
        assert cache.get(session, rules) is not after
