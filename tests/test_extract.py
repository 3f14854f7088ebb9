"""Claim extraction: which sentences are claims, what they name, who asserts them and cites."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from claims.attribution import find_attribution, resolve_pronoun
from claims.extract import extract_claims
from claims.mentions import find_mentions
from claims.model import CLAIM_KINDS, Article, Claim, Link
from claims.sentences import split_sentences


def article(
    *paragraphs: str,
    published: str | None = "2021-03-10",
    title: str | None = None,
    links: tuple[tuple[str, str, str], ...] = (),
) -> Article:
    """An article of PARAGRAPHS; LINKS are (anchor, url, a phrase of the sentence holding it)."""
    return Article(
        url="https://news.example.org/story",
        title=title,
        author=None,
        published=published,
        paragraphs=list(paragraphs),
        links=[_link(list(paragraphs), anchor, url, needle) for anchor, url, needle in links],
    )


def _link(paragraphs: list[str], anchor: str, url: str, needle: str) -> Link:
    for index, paragraph in enumerate(paragraphs):
        for sentence in split_sentences(paragraph):
            if needle in sentence:
                return Link(url, anchor, sentence, index)
    raise AssertionError(f"no sentence holds {needle!r}")


def claim_with(claims: list[Claim], phrase: str) -> Claim:
    """The one claim whose text holds PHRASE."""
    [found] = [c for c in claims if phrase in c.text]
    return found


def values(claim: Claim, kind: str) -> list[object]:
    """The values of CLAIM's mentions of KIND, in order."""
    return [m.value for m in claim.mentions if m.kind == kind]


def urls(claim: Claim, via: str | None = None) -> set[str | None]:
    """The URLs of CLAIM's sources (found VIA one way only, when given)."""
    return {s.url for s in claim.sources if via is None or s.via == via}


# --- a court report ---------------------------------------------------------------------------

COURT = article(
    "Westbrook Court Report",
    "Photo: City archive",
    "A court in Westbrook on Monday acquitted Dana Keller, 52, of fraud, ending a case that "
    "began in June 2019.",
    "Prosecutors had said Keller moved more than $40,000 from a school fund, according to the "
    "Westbrook Gazette.",
    "Keller, who denied wrongdoing throughout, was released on Monday afternoon. "
    "It would be surprising if prosecutors appealed. "
    "The case is likely to be studied for years.",
    "The council approved the settlement on May 4 and on May 18 the mayor signed it.",
    "Was justice done? (Read the Gazette’s coverage here.)",
    title="Teacher cleared of fraud in Westbrook",
    links=(
        ("a case", "https://courts.example.gov/keller", "ending a case"),
        ("here", "https://www.westbrookgazette.com/keller", "coverage here"),
        ("signed it", "https://council.example.gov/minutes", "mayor signed it"),
    ),
)


def test_a_court_report_gives_its_verdicts_dates_people_and_places() -> None:
    claims = extract_claims(COURT)
    verdict = claim_with(claims, "acquitted")
    assert values(verdict, "verdict") == ["acquit"]
    assert values(verdict, "person") == ["Dana Keller"]
    assert values(verdict, "age") == [52]
    assert values(verdict, "place") == ["Westbrook"]
    assert values(verdict, "date") == ["2021-03-08", "2019-06"]
    assert verdict.kinds == ["date", "person", "age", "place", "verdict"]
    assert urls(verdict) == {"https://courts.example.gov/keller"}


def test_a_surname_later_in_the_article_resolves_to_the_full_name() -> None:
    released = claim_with(extract_claims(COURT), "was released")
    assert values(released, "person") == ["Dana Keller"]
    assert values(released, "verdict") == ["deny", "release"]


def test_a_short_sentence_with_an_event_is_still_a_claim() -> None:
    claims = extract_claims(article("Dana Keller teaches history.", "Keller was released."))
    assert [c.text for c in claims] == ["Keller was released."]


def test_labels_credits_questions_and_hedges_are_not_claims() -> None:
    texts = " ".join(c.text for c in extract_claims(COURT))
    for left_out in ("Court Report", "City archive", "surprising", "likely", "justice done"):
        assert left_out not in texts


def test_an_attribution_names_its_source_and_finds_its_links_by_host() -> None:
    funds = claim_with(extract_claims(COURT), "school fund")
    assert funds.attribution == "according to the Westbrook Gazette"
    assert "attribution" in funds.kinds
    assert urls(funds, "attribution") == {"https://www.westbrookgazette.com/keller"}
    assert values(funds, "quantity") == [">$40000"]


def test_two_dated_facts_joined_by_and_become_two_claims() -> None:
    claims = extract_claims(COURT)
    approved = claim_with(claims, "approved the settlement")
    signed = claim_with(claims, "the mayor signed it")
    assert approved.sentence == signed.sentence
    assert approved.text == "The council approved the settlement on May 4"
    # A split fact is a clause, without the sentence's final stop.
    assert signed.text == "on May 18 the mayor signed it"
    assert (values(approved, "date"), values(signed, "date")) == (["2020-05-04"], ["2020-05-18"])
    # Both facts cite the link of the sentence they share.
    assert urls(approved) == urls(signed) == {"https://council.example.gov/minutes"}


def test_claims_are_numbered_in_reading_order_with_their_paragraph() -> None:
    claims = extract_claims(COURT)
    assert [c.seq for c in claims] == list(range(1, len(claims) + 1))
    assert [c.paragraph for c in claims] == sorted(c.paragraph for c in claims)
    assert claim_with(claims, "acquitted").paragraph == 2


# --- an economics report ----------------------------------------------------------------------

ECONOMY = article(
    "Credit: Reuters/File",
    "Factory output in Norland fell 2.3% in May, the third monthly decline, the statistics "
    "office said on Thursday.",
    "Output has dropped by nearly 9 percent since February, according to the Norland "
    "Statistics Office.",
    "The economy could shrink by 5 percent this year, the finance minister, Jana Varga, told "
    "lawmakers. Markets may recover quickly.",
    "Separately, the central bank held its key rate at 0.25% on Thursday.",
    "The full release is on the office’s website.",
    "(Graphic: Output since 2015 - here)",
    published="2020-06-05",
    links=(("full release", "https://www.nso.gov.nl/release/may", "full release"),),
)


def test_an_economics_report_gives_its_figures_and_dates() -> None:
    claims = extract_claims(ECONOMY)
    output = claim_with(claims, "Factory output")
    assert values(output, "quantity") == ["2.3%"]
    assert values(output, "date") == ["2020-05", "2020-06-04"]
    assert values(output, "place") == ["Norland"]
    assert output.attribution == "the statistics office said"
    rate = claim_with(claims, "key rate")
    assert values(rate, "quantity") == ["0.25%"]


def test_an_institution_is_matched_to_its_site_by_initials() -> None:
    drop = claim_with(extract_claims(ECONOMY), "nearly 9 percent")
    assert values(drop, "quantity") == ["~9%"]
    assert urls(drop, "attribution") == {"https://www.nso.gov.nl/release/may"}


def test_a_hedged_statement_is_a_claim_only_when_attributed() -> None:
    claims = extract_claims(ECONOMY)
    forecast = claim_with(claims, "could shrink")
    assert forecast.attribution == "Jana Varga told"
    # Nobody's link names the minister: the attribution stays a source without URL.
    assert [(s.url, s.via, s.anchor_text) for s in forecast.sources] == [
        (None, "attribution", "Jana Varga told")
    ]
    assert not [c for c in claims if "Markets may" in c.text]
    assert not [c for c in claims if "Graphic" in c.text or "website" in c.text]


# --- attribution --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "phrase", "sources"),
    [
        ("Kask said the vote was fair.", "Kask said", ("Kask",)),
        ("The vote was fair, said Lena Ots, a lawyer.", "said Lena Ots", ("Lena Ots",)),
        ("“It is false,” the spokesman said.", "the spokesman said", ()),
        ("Tallinn, officially, says the port is open.", "Tallinn, officially, says", ("Tallinn",)),
        ("Moscow has long argued that the treaty lapsed.", "Moscow has long argued", ("Moscow",)),
        ("According to the Harbor Times, the port closed.", "according to the Harbor Times",
         ("Harbor Times",)),
        ("As Lena Ots reported for the Harbor Times, it closed.",
         "as Lena Ots reported for the Harbor Times", ("Lena Ots", "Harbor Times")),
        ("Citing a police source, Reuters reported that two men fled.",
         "Reuters reported, citing a police source", ("Reuters",)),
        ("Lena Ots, a harbor pilot since 2009, told Reuters the port closed.",
         "Lena Ots told Reuters", ("Lena Ots", "Reuters")),
        ("The port reportedly closed.", "reportedly", ()),
        ("Either way, the ferry will sail on time, dockworkers say.", "dockworkers say", ()),
        ("Silt is partly to blame, some hydrologists think, along with the new weir.",
         "some hydrologists think", ()),
    ],
)  # fmt: skip
def test_attributions_keep_their_own_words(
    sentence: str, phrase: str, sources: tuple[str, ...]
) -> None:
    found = find_attribution(sentence, find_mentions(sentence, None))
    assert found is not None
    assert (found.phrase, found.sources) == (phrase, sources)


@pytest.mark.parametrize(
    "sentence",
    [
        "The port closed on May 2.",
        "She tells her story in a new book.",
        "Police found the car near the bridge.",
        "It was reported that the port closed.",
        "The crane, which rusts, stands idle.",
        "Crews repaired the roofs, walls and floors, then left the site.",
    ],
)
def test_sentences_that_attribute_nothing(sentence: str) -> None:
    assert find_attribution(sentence, find_mentions(sentence, None)) is None


def test_a_link_whose_anchor_names_the_source_is_cited_from_anywhere() -> None:
    claims = extract_claims(
        article(
            "The port closed on May 2, according to Lena Ots.",
            "Ots has covered the harbor for years; see her column on the closure.",
            links=(("her column", "https://column.example.net/ots", "see her column"),),
        )
    )
    # A sentence elsewhere that only mentions the source's name is no citation of it.
    assert urls(claims[0]) == {None}
    claims = extract_claims(
        article(
            "The port closed on May 2, according to Lena Ots.",
            "Her column is on the harbor site.",
            links=(("Lena Ots", "https://column.example.net/ots", "Her column"),),
        )
    )
    assert urls(claims[0], "attribution") == {"https://column.example.net/ots"}


# --- the seed article -------------------------------------------------------------------------


@pytest.fixture
def seed(shared: Path) -> Article:
    """The seed article as plain paragraphs, with the links its page has."""
    paths = sorted((shared / "seed").glob("*.txt"))
    if not paths:
        pytest.skip("no seed article in the shared folder")
    text = paths[0].read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    links = [
        ("reported", "http://www.rferl.org/a/x/1.html", "RFE/RL reported"),
        ("reported for Eurasianet", "http://eurasianet.org/a", "reported for Eurasianet"),
        ("video testimonies posted to Facebook", "http://www.facebook.com/v/1", "to Facebook"),
        ("here", "http://eurasianet.org/a", "reports here and here"),
        ("here", "http://eurasianet.org/b", "reports here and here"),
        (
            "Haaretz published a devastating feature",
            "http://www.haaretz.com/f",
            "Haaretz published",
        ),
    ]
    return Article(
        url=None,
        title=None,
        author=None,
        published="2019-10-31",
        paragraphs=paragraphs,
        links=[_link(paragraphs, anchor, url, needle) for anchor, url, needle in links],
    )


def test_seed_asylum_claim_has_ages_people_date_and_its_source(seed: Article) -> None:
    claims = extract_claims(seed)
    granted = claim_with(claims, "on October 29")
    assert values(granted, "age") == [25, 30]
    assert {"Murager Alimuly", "Qaster Musakhanuly"} <= set(values(granted, "person"))
    assert values(granted, "date") == ["2019-10-29"]
    assert values(granted, "verdict") == ["grant"]
    assert granted.attribution is not None and "RFE/RL" in granted.attribution
    assert "http://www.rferl.org/a/x/1.html" in urls(granted, "link")


def test_seed_relative_dates_resolve_against_publication(seed: Article) -> None:
    claims = extract_claims(seed)
    week = claim_with(claims, "Earlier this week")
    [earlier] = [m for m in week.mentions if m.text == "Earlier this week"]
    assert (earlier.value, earlier.precision) == ("2019-W44", "week")
    denied = claim_with(claims, "Last October")
    assert values(denied, "date") == ["2018-10"]
    assert values(denied, "person") == ["Sayragul Sauytbay"]
    assert values(denied, "verdict") == ["deny"]
    assert values(claim_with(claims, "in May 2018"), "date") == ["2018-05"]
    assert "2019-06" in values(claim_with(claims, "early June 2019"), "date")


def test_seed_court_verdict_keeps_place_and_negation(seed: Article) -> None:
    verdict = claim_with(extract_claims(seed), "a court in Zharkent")
    assert "Zharkent" in values(verdict, "place")
    assert values(verdict, "verdict") == ["convict", "not deport"]
    camps = claim_with(extract_claims(seed), "more than a million people")
    assert values(camps, "quantity") == [">1000000"]


def test_seed_paragraph_reported_for_a_publisher_cites_both_its_links(seed: Article) -> None:
    claims = extract_claims(seed)
    paragraph = claim_with(claims, "entered Kazakhstan").paragraph
    in_paragraph = [c for c in claims if c.paragraph == paragraph]
    assert len(in_paragraph) >= 2
    for claim in in_paragraph:
        assert {"http://eurasianet.org/a", "http://eurasianet.org/b"} <= urls(claim)
    entered, appeared = in_paragraph[:2]
    assert entered.text.endswith("entered Kazakhstan on October 1")
    assert appeared.text.startswith("on October 9 appeared")


def test_seed_hedges_and_judgements_are_not_claims(seed: Article) -> None:
    texts = [c.text for c in extract_claims(seed)]
    assert not [t for t in texts if "may ultimately be forced" in t]
    assert not [t for t in texts if "It would be quite the surprise" in t]
    assert not [t for t in texts if t.startswith("Credit:") or "Crossroads Asia" in t]


def test_seed_attributed_positions_are_claims(seed: Article) -> None:
    claims = extract_claims(seed)
    assert claim_with(claims, "officially, says").attribution == "Nur-Sultan, officially, says"
    assert claim_with(claims, "has long argued").attribution == "Beijing has long argued"


# --- real pages ---------------------------------------------------------------------------------


def test_real_articles_extract_without_surprises(shared: Path) -> None:
    folders = sorted((shared / "data" / "articles").glob("*/expected.txt"))
    if not folders:
        pytest.skip("no saved articles in the shared folder")
    for path in folders:
        meta = json.loads((path.parent / "meta.json").read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        published = meta.get("published_time")
        claims = extract_claims(Article(meta.get("url"), None, None, published, paragraphs))
        sentences = [s for p in paragraphs for s in split_sentences(p)]
        assert 0 < len({c.sentence for c in claims}) <= len(sentences), path.parent.name
        assert [c.seq for c in claims] == list(range(1, len(claims) + 1))
        for claim in claims:
            assert claim.sentence in paragraphs[claim.paragraph]
            assert claim.kinds and set(claim.kinds) <= set(CLAIM_KINDS)
            for mention in claim.mentions:
                assert claim.sentence[mention.start or 0 : mention.end] == mention.text


# --- reported speech: pronouns, quotations, lists ------------------------------------------------


def test_he_said_speaks_for_the_person_last_named_as_subject() -> None:
    claims = extract_claims(
        article(
            "Mayor Ana Ruiz opened the new library with her deputy, Paul Greer, on Tuesday.",
            "“We waited so long for this,” she said.",
        )
    )
    quoted = claim_with(claims, "waited so long")
    assert quoted.kinds == ["attribution"]
    assert quoted.attribution == "she said (Ana Ruiz)"


def test_a_quotation_without_a_tag_takes_the_speaker_of_its_other_sentences() -> None:
    claims = extract_claims(
        article(
            "The harbour master, Tom Akers, closed the pier in March.",
            '"Nobody should walk there. The boards are rotten," he said.',
            "“Repairs will take a year.”",
        )
    )
    for words in ("Nobody should walk", "The boards are rotten", "Repairs will take"):
        assert claim_with(claims, words).attribution == "he said (Tom Akers)"


def test_a_quotation_in_the_authors_paragraph_takes_no_earlier_speaker() -> None:
    claims = extract_claims(
        article(
            "“We will rebuild,” said Nora Vance, the town’s mayor.",
            "The storm destroyed 40 homes on Monday.",
            "“It was the worst night of my life.”",
        )
    )
    assert not [c for c in claims if "worst night" in c.text]


def test_the_items_of_a_list_introduced_by_a_speaker_are_their_words() -> None:
    claims = extract_claims(
        article(
            "In the interview, Governor Lena Ortiz also said:",
            "The state budget needs new revenue",
            "Schools would reopen in the autumn",
            "Read the full interview",
            "The legislature meets again on Monday.",
        )
    )
    for words in ("budget needs new revenue", "Schools would reopen"):
        assert claim_with(claims, words).attribution == "Lena Ortiz also said"
    assert not [c for c in claims if "full interview" in c.text]
    assert claim_with(claims, "legislature meets").attribution is None


def test_a_group_of_people_and_a_company_s_staff_are_speakers() -> None:
    claims = extract_claims(
        article(
            "Wary voters in the county quickly argued that the count was rigged.",
            "For days after a storm, Harbor Gas officials say, crews repair broken mains.",
        )
    )
    assert claim_with(claims, "count was rigged").kinds == ["attribution"]
    repaired = claim_with(claims, "crews repair")
    assert repaired.attribution == "Harbor Gas officials say"
    assert values(repaired, "person") == []


# --- one claim per fact ------------------------------------------------------------------------


def test_clauses_that_are_each_a_claim_are_split_and_keep_their_speaker() -> None:
    claims = extract_claims(
        article(
            "Judge Carla Mendes ruled for the city, and the ruling angered residents. "
            "He vowed to appeal, but the city lawyer Jane Holt said the ruling was final."
        )
    )
    vowed = claim_with(claims, "He vowed to appeal")
    final = claim_with(claims, "the ruling was final")
    assert vowed.sentence == final.sentence
    assert vowed.text == "He vowed to appeal"
    assert vowed.attribution == "He vowed (Carla Mendes)"
    assert final.text == "the city lawyer Jane Holt said the ruling was final"
    assert final.attribution == "Jane Holt said"


def test_a_relative_clause_with_its_own_date_is_a_claim_about_its_antecedent() -> None:
    claims = extract_claims(
        article("“We are ready,” said Omar Price, a council member, who resigned on March 2.")
    )
    said, resigned = claims
    assert said.text == "“We are ready,” said Omar Price, a council member"
    assert said.attribution == "said Omar Price"
    assert resigned.text == "Omar Price, a council member, who resigned on March 2"
    assert resigned.attribution is None
    assert values(resigned, "date") == ["2021-03-02"]


def test_a_relative_clause_opening_the_sentence_is_split_from_its_main_clause() -> None:
    claims = extract_claims(
        article(
            "Harbor Transit, which runs 40 bus lines in the region, replaced 120 of its buses "
            "in 2020."
        )
    )
    assert [c.text for c in claims] == [
        "Harbor Transit, which runs 40 bus lines in the region",
        "replaced 120 of its buses in 2020",
    ]


def test_a_relative_clause_without_its_own_anchor_stays_in_its_claim() -> None:
    sentence = "Keller, who denied wrongdoing throughout, was released on Monday afternoon."
    [claim] = extract_claims(article(sentence))
    assert claim.text == sentence


def test_a_hedged_clause_is_cut_from_the_claim_it_follows() -> None:
    claims = extract_claims(
        article(
            "Twelve firms bid for the contract in 2019, but few would say why.",
            "The site was registered on May 3 by a John Ames, who appears to be her brother.",
        )
    )
    assert [c.text for c in claims] == [
        "Twelve firms bid for the contract in 2019",
        "The site was registered on May 3 by a John Ames",
    ]


def test_a_hedge_inside_an_if_clause_does_not_hedge_the_sentence() -> None:
    sentence = (
        "Reached on Monday, Dana Keller declined to comment and asked if questions could wait."
    )
    assert [c.text for c in extract_claims(article(sentence))] == [sentence]


def test_a_contributor_line_is_no_claim() -> None:
    claims = extract_claims(
        article("The council met on May 4.", "Lena Ortiz contributed reporting from Leeds.")
    )
    assert [c.text for c in claims] == ["The council met on May 4."]


def test_a_speaker_described_after_the_verb_is_identified() -> None:
    claims = extract_claims(
        article('"The vote was rigged," said one party organizer in the county.')
    )
    assert claims[0].attribution == "said one party organizer in the county"


def test_a_reported_future_is_no_hedge() -> None:
    sentence = (
        "Ortiz then spent weeks touring the state before announcing she would retire in 2022."
    )
    assert [c.text for c in extract_claims(article(sentence))] == [sentence]


def test_he_said_skips_a_person_named_only_as_an_owner() -> None:
    claims = extract_claims(
        article(
            "Nora Vance's plans were so secret that Tom Akers, her aide, learned of them late.",
            "He said he was told on Friday.",
        )
    )
    assert claim_with(claims, "was told on Friday").attribution == "He said (Tom Akers)"


def test_documents_seen_by_an_outlet_are_the_source_of_what_they_say() -> None:
    sentence = "The minister, intelligence reports seen by Reuters show, met the generals in 2017."
    found = find_attribution(sentence, find_mentions(sentence, None))
    assert found is not None
    assert found.phrase == "intelligence reports seen by Reuters"
    assert found.sources == ("Reuters",)


def test_a_spokesman_of_the_person_just_named_speaks_for_that_person() -> None:
    sentence = "Opposition leader Tomas Okafor returned on Wednesday, his spokesman said."
    mentions = find_mentions(sentence, None)
    found = resolve_pronoun(find_attribution(sentence, mentions), mentions, None)
    assert found is not None
    assert found.sources == ("Tomas Okafor",)


def test_a_named_organisation_doing_something_concrete_is_a_claim_without_other_kinds() -> None:
    found = extract_claims(
        article(
            "Northwind Bank shares the card data of its customers with advertisers.",
            "We obtained a copy of the lease from the Harbor Authority under a records request.",
        )
    )
    assert [(claim.text, claim.kinds) for claim in found] == [
        ("Northwind Bank shares the card data of its customers with advertisers.", []),
        ("We obtained a copy of the lease from the Harbor Authority under a records request.", []),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Acme Inc. could still be keeping track of what I read online.",
        "Acme Inc. records the pages people visit but does not keep them.",
        "If you run a website, Acme Inc. records what your visitors read there.",
    ],
)
def test_a_kindless_sentence_that_is_hedged_negated_or_addressed_to_the_reader_is_no_claim(
    sentence: str,
) -> None:
    assert extract_claims(article(sentence)) == []


def test_claiming_that_is_reporting() -> None:
    sentence = "Several economists claim that the rent rules have cut the supply of flats."
    attribution = find_attribution(sentence, find_mentions(sentence, None, None))
    assert attribution is not None and attribution.phrase == "Several economists claim"


def test_receiving_reports_names_no_speaker() -> None:
    # Hearing of reports is no statement by the hearer: the reports' authors are unknown.
    sentence = "The agency has received reports that the ferry sank near the port on Tuesday."
    assert find_attribution(sentence, find_mentions(sentence, None, None)) is None


def test_claim_as_a_noun_reports_nothing() -> None:
    sentence = "The claim about the merger was false."
    assert find_attribution(sentence, find_mentions(sentence, None, None)) is None


def test_we_outside_a_quotation_is_the_publisher_and_speaks_for_one_sentence() -> None:
    story = article(
        "We announced on Monday that the archive had reopened to researchers. "
        "The court ruled on January 3 that the ban was unconstitutional."
    )
    story.publisher = "Acme Foundation"
    found = extract_claims(story)
    assert [claim.attribution for claim in found] == ["We announced (Acme Foundation)", None]


def test_we_inside_a_quotation_is_the_speakers_group_not_the_publisher() -> None:
    story = article("“We announced on Monday that the archive had reopened,” the curator said.")
    story.publisher = "Acme Foundation"
    [claim] = extract_claims(story)
    assert "Acme Foundation" not in (claim.attribution or "")


def test_a_titled_speaker_with_an_age_speaks_for_the_sentence() -> None:
    # The named speaker of the leading "X, 61, said" is the source, not a trailing unnamed body.
    sentence = (
        "Harbour master Tomas Berg, 61, said the ferry resumed service on 3 June 2022 after "
        "repairs, the port authority announced."
    )
    [claim] = extract_claims(article(sentence))
    assert claim.attribution == "Tomas Berg said"
    assert claim.kinds == ["date", "person", "age", "attribution"]


def test_a_speaker_after_the_verb_is_a_whole_word() -> None:
    sentence = "The ferry resumed service on 3 June 2022 after repairs, said the ferry operator."
    attribution = find_attribution(sentence, find_mentions(sentence, None, None))
    assert attribution is not None and attribution.phrase == "said the ferry operator"


def test_a_content_word_after_said_is_no_speaker() -> None:
    sentence = "Officials were told, said the ferry would sail on 3 June 2022."
    attribution = find_attribution(sentence, find_mentions(sentence, None, None))
    assert attribution is None or "fer" not in attribution.phrase.split()


def test_arguing_in_a_manner_clause_makes_the_subject_the_speaker() -> None:
    [claim] = extract_claims(
        article(
            "Acme Corp and other energy companies often deflect criticism of their prices by "
            "arguing “cost” — that they pass on what they pay."
        )
    )
    assert claim.attribution == "Acme Corp and other energy companies"


def test_a_paragraph_announcing_an_organisations_words_credits_the_next_one_to_it() -> None:
    claims = extract_claims(
        article(
            "Northwind Bank publishes its fees, and it explains them in three lines:",
            "We never charge for a transfer between two of our own accounts.",
        )
    )
    assert [(c.text, c.attribution) for c in claims] == [
        ("We never charge for a transfer between two of our own accounts.", "Northwind Bank")
    ]


def test_a_named_organisations_act_stays_a_claim_without_the_belief_behind_it() -> None:
    [claim] = extract_claims(
        article("Northwind Bank stores recordings of every customer call, which seems excessive.")
    )
    assert claim.text == "Northwind Bank stores recordings of every customer call"


def test_a_vague_count_of_what_exists_is_no_claim() -> None:
    assert extract_claims(article("There are dozens of smaller players in this market.")) == []
    [claim] = extract_claims(article("There are 400 water main breaks in a typical year."))
    assert values(claim, "quantity") == ["400"]


def test_a_long_unpunctuated_paragraph_of_reporting_verbs_extracts_quickly() -> None:
    paragraph = " ".join(["He said, the mayor told reporters, officials said,"] * 360)
    assert len(paragraph) > 18_000
    started = time.perf_counter()
    extract_claims(article(paragraph))
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_a_publication_day_at_the_calendar_edge_leaves_relative_dates_unplaced(
    published: str,
) -> None:
    text = "The council met on Tuesday and will vote again next week, the mayor said."
    claims = extract_claims(article(text, published=published))
    dates = {m.text: m.value for claim in claims for m in claim.mentions if m.kind == "date"}
    assert set(dates) == {"Tuesday", "next week"}
    assert None in dates.values()


def test_the_name_whose_officials_speak_is_an_organisation_throughout_the_article() -> None:
    claims = extract_claims(
        article(
            "The pier reopened on May 4, Harborline officials said.",
            "Harborline repaired the pier in 2018.",
        )
    )
    repaired = claim_with(claims, "repaired the pier")
    assert ("org", "Harborline") in [(m.kind, m.text) for m in repaired.mentions]


def test_an_unnamed_group_of_people_can_be_the_speaker() -> None:
    claims = extract_claims(article("Local farmers say the canal floods every time the dam opens."))
    assert claim_with(claims, "canal floods").attribution == "Local farmers say"


def test_a_named_person_and_their_companions_who_believe_are_its_speakers() -> None:
    sentence = "Ines Varga and her colleagues believe the vaccine could be ready within a year."
    [claim] = extract_claims(article(sentence))
    assert claim.attribution == "Ines Varga and her colleagues believe"


def test_the_writers_own_belief_is_no_attribution() -> None:
    sentence = "Tenants in Lorvale pay rent to the city because we believe housing is a right."
    assert find_attribution(sentence, find_mentions(sentence, None)) is None


def test_a_quoted_description_credited_in_the_passive_names_its_source() -> None:
    sentence = "The merger was branded “a disaster for consumers” by the Trade Commission."
    [claim] = extract_claims(article(sentence))
    assert claim.attribution == "branded “a disaster for consumers” by the Trade Commission"


def test_an_untagged_quotation_is_spoken_by_the_subject_of_the_paragraph_before() -> None:
    claims = extract_claims(
        article(
            "For Lena Ostrova, a nurse of 30 years, the closure of the ward is a personal loss.",
            "“It really hurts. We trained half the staff in this town. Nobody asked us.”",
        )
    )
    assert claim_with(claims, "It really hurts").attribution == "Lena Ostrova"
    assert claim_with(claims, "We trained").attribution == "Lena Ostrova"


def test_an_untagged_quotation_after_a_paragraph_with_no_person_has_no_speaker() -> None:
    claims = extract_claims(
        article(
            "The ward closed on Friday after 40 years.",
            "“It hurts. We trained half the staff in this town and kept it open for decades.”",
        )
    )
    assert all(c.attribution is None for c in claims)
