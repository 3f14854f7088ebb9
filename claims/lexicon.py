"""Word lists the rules share: gazetteers from ``claims/data`` and small closed vocabularies."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from urllib.parse import SplitResult, urlsplit


@cache
def _data_lines(name: str) -> frozenset[str]:
    text = resources.files("claims").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def places() -> frozenset[str]:
    """Countries, capitals, major cities and regions, as usually written."""
    return _data_lines("places.txt")


def nationalities() -> frozenset[str]:
    """Demonyms, peoples, languages, faiths and political labels (singular forms)."""
    return _data_lines("nationalities.txt")


def organizations() -> frozenset[str]:
    """Well-known organizations, institutions, media and companies."""
    return _data_lines("orgs.txt")


def is_nationality(word: str) -> bool:
    """True for a demonym or similar label, singular or plural ("Basque", "Kurds", "Maori")."""
    known = nationalities()
    if word in known:
        return True
    for suffix, replacement in (("s", ""), ("es", ""), ("ies", "y")):
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in known:
            return True
    return False


WHITESPACE = re.compile(r"\s+")
# Exactly the characters for which str.isalnum() is False, removed in one pass.
_NOT_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=16384)
def letters(text: str) -> str:
    """The letters and digits of ``text``, lower-cased: "ABC/N" and "abcn" give the same."""
    return _NOT_ALNUM.sub("", text.lower())


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"})


def split_url(url: str) -> SplitResult | None:
    """``url`` split into its parts, or None when it cannot be parsed (``http://[::1/x``)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _host_labels(url: str) -> list[str]:
    """The dot-separated labels of a URL's (or a bare host's) host name; none when unparsable."""
    parts = split_url(url if "//" in url else "//" + url)
    host = (parts.hostname or "") if parts else ""
    return [label for label in host.split(".") if label]


def host_label(url: str) -> str:
    """A host's distinctive label: ``www.example.org`` -> ``example``, ``bbc.co.uk`` -> ``bbc``."""
    labels = _host_labels(url)
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def registrable_domain(url: str) -> str:
    """The domain a publication registers: ``news.bbc.co.uk`` -> ``bbc.co.uk``.

    The last two labels of the host, or three under a two-letter country code with a generic
    second level (``co.uk``, ``com.au``); no public suffix list, so a platform's user sites
    (``a.example.com``, ``b.example.com``) read as one domain.
    """
    labels = _host_labels(url)
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised only because they open a sentence or clause; never part of a name.
FUNCTION_WORDS = _words(
    """A An The This That These Those His Her Hers Their Its Our My Your He She It They We I You
    Him Them Us There Here What Who Whom Why How Where Which Whose When While If Although Though
    Because Since Despite During With Without Like Unlike According Citing Under Among Between
    From To For By At On In Of Into Onto Through Across Also But And Or Nor So Yet Then Now Still
    However Meanwhile Nevertheless Nonetheless Moreover Furthermore Additionally Separately
    Instead Indeed Recently Shortly Earlier Later Last Next Some Many Most Several All Both Each
    Every Any No None Not One Such Even Only Just Former Late Today Yesterday Tomorrow Tonight
    Please Yes Thank Thanks After Before Until Unless Whether As Once Over Around Against Within
    Beyond Toward Towards Upon Amid Amidst Per Via Do Does Did Is Are Was Were Be Been Has Have
    Had Can Could Will Would Shall Should May Might Must Let Again Ultimately Finally First
    Second Third Overall Currently Previously Initially Eventually Already Soon Perhaps Maybe
    Officially Reportedly Allegedly Apparently Clearly Obviously Sadly Fortunately Unfortunately
    Similarly Likewise Together Otherwise Rather Almost Nearly About Read See Watch Listen
    Click Follow Ask Call Join Contact Visit Sign Subscribe Download Share Note Consider Never
    Always Sometimes Often"""
)
MONTH_WORDS = _words(
    """January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"""
)
WEEKDAY_WORDS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
CALENDAR_WORDS = MONTH_WORDS | WEEKDAY_WORDS
# Words that put a name after them: "President Donald Trump", "Lt. Col. Alexander Vindman".
TITLE_WORDS = _words(
    """President Prime Minister Secretary Ambassador Senator Sen Sen. Rep Rep.
    Representative Gov Gov. Governor Mayor Judge Justice Chancellor King Queen Prince Princess
    Pope Gen Gen. General Col Col. Colonel Lt Lt. Lieutenant Capt Capt. Captain Sgt Sgt. Sergeant
    Cmdr Cmdr. Commander Adm Adm. Admiral Maj Maj. Major Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof
    Prof. Professor Sir Dame Lord Lady Rev Rev. Reverend Father Sister Brother Sheikh Imam Rabbi
    Bishop Archbishop Cardinal Chairman Chairwoman Chair Speaker Leader Commissioner Director
    Detective Sheriff Inspector Agent Attorney Counsel Envoy Premier Emperor Empress Crown
    Emir Ayatollah President-elect Officer Corporal
    Private Pvt Pvt. Sgt Minority Majority Whip Ranking Member Delegate Consul Dean Provost
    Superintendent Warden Marshal Constable Trooper Ald Alderman Councilman Councilwoman
    Councillor Councilor Assemblyman Assemblywoman Congressman Congresswoman"""
)
# Words that mark a byline segment as a role or an outlet rather than a person.
ROLE_WORDS = frozenset(
    """agency analyst associate bureau chief columnist contributor contributing correspondent
    desk director editor editors editorial fellow health international journalist media news
    newsroom photographer political press producer project reporter reporters researcher
    senior staff technologist wire""".split()
)
# Words that qualify a title ("Defense Secretary", "Deputy Chief"); unlike titles they also
# occur in organization names ("Defense Ministry").
TITLE_QUALIFIERS = _words(
    """Deputy Acting Chief Foreign Defense Defence Interior Finance Treasury State Justice Labor
    Home Health Trade Energy Education Supreme Executive Vice Senior Junior Former"""
)
TITLE_CONNECTORS = frozenset({"of", "for", "and"})
# A capitalised sequence ending in one of these names an organization.
ORG_HEADS = _words(
    """Ministry Department Court Party Agency University College Institute Times Post Journal
    Bank Council Committee Commission Company Corporation Corp Corp. Inc Inc. Ltd Ltd. LLC Group
    Association Foundation Organization Organisation Office Service Services Police Army Navy
    Force Forces Guard Parliament Senate House Congress Assembly Union Federation League Network
    News Press Herald Tribune Review Monitor Center Centre Project Fund Exchange Bureau Authority
    Administration Board Church Hospital School Academy Airlines Airways Motors Industries
    Holdings Partners Capital Media Magazine Gazette Observer Daily Weekly Insider Radio
    Television TV Institution Society Coalition Alliance Movement Front Brigade Brigades Command
    Corps Government Cabinet Tribunal Labs Laboratories Systems Technologies Pharmaceuticals
    Trust Reserve Secretariat Directorate Mission Embassy Consulate Caucus Chamber Clinic
    Laboratory Library Museum Commerce Studios Records Broadcasting Telegraph Guardian Express
    Chronicle Inquirer Examiner Bulletin Standard Mail Sun Star Courier Register Dispatch
    Globe Independent Nations Watch Initiative Program Programme Conference Club Team Panel
    Tribune Agency"""
)
ORG_CONNECTORS = frozenset({"of", "for", "and", "&", "on", "de", "du", "des", "la", "le"})
# A capitalised sequence ending in (or opening with) one of these names a place.
PLACE_FEATURES = _words(
    """Street St. Avenue Ave. Road Boulevard Square Park Bridge River Lake Mountain Mountains
    Island Islands Bay Sea Ocean Gulf Valley Desert Forest Airport Station Camp Province Region
    County District City Town Village Heights Beach Coast Canyon Peninsula Strait Plaza Highway
    Crossing Port Harbor Harbour Falls Hills Springs Base Prison Oblast Prefecture Governorate
    Territory Territories Oasis Basin Delta Glacier Reservoir Canal Dam Pass Plateau Side"""
)
PLACE_OPENERS = _words("Mount Mt. Lake Fort Port Cape Camp Saint St. Lake Isle Gulf")
PLACE_MODIFIERS = _words(
    """North South East West Northern Southern Eastern Western Central Greater Upper Lower Inner
    Outer Downtown Metropolitan Rural Coastal Northeast Northwest Southeast Southwest Northeastern
    Northwestern Southeastern Southwestern Mainland Occupied"""
)
# Capitalised words that occur in names of things but not in people's names.
NON_NAME_WORDS = _words(
    """International National Federal United Global World Industrial Average Index Market
    Markets Health Care Human Rights Security Affairs Public Social Economic Financial
    Development Research Studies Statistics Economics Science Sciences Technology Oil Gas Water
    Commerce Labour
    Transportation Transport Agriculture Environment Environmental Climate Resources Intelligence
    Military Naval Air Space Nuclear Civil Criminal High Constitutional Appeals Popular Peoples
    Liberation Revolutionary Day Week Year Holiday Festival Parade Games Olympics Cup Prize
    Award Awards Act Treaty Agreement Accord Plan Initiative Campaign Operation War Wars
    Revolution Crisis Summit Forum Convention Declaration Constitution Amendment Report Survey
    Census Extremism Terrorism Thanksgiving Christmas Easter Ramadan Eid Hanukkah Diwali
    Halloween Independence Internet Web Online Digital Media Affordable Medicaid Medicare
    Obamacare Brexit Covid COVID Coronavirus Pandemic Olympic Championship League Series Bowl
    Open Grand Prix Composite Benchmark Futures Treasury Treasuries Bonds Stock Stocks
    Dollar Euro Yen Crude Aluminum Aluminium Zone Highway Protection Customs Enforcement
    Immigration Border Patrol Control Safety
    Wall Street Main Avenue Square Tower Building Plaza Stadium Arena Centre Center Desk
    Hotel Mall Airport Station Bridge Palace Castle Cathedral Mosque Temple Church Chapel
    Memorial Monument Museum Gallery Theatre Theater Resolve Guidelines Rule Rules Policy
    Strategy Doctrine Vision Mission Code Standard Protocol Framework Model Theory Effect
    Syndrome Disease Virus Flu Fever Cancer Prize Medal Trophy Championships Tournament"""
)
# Plural nouns for groups that open sentences ("Officials say ..."): never a person's name.
GROUP_NOUNS = _words(
    """Officials Authorities Police Experts Analysts Residents Witnesses Sources Critics
    Scientists Researchers Investigators Prosecutors Doctors Economists Traders Lawmakers
    Officers Forecasters Travelers Travellers Passengers Voters Students Workers Employees
    Parents Teachers Members Leaders Activists Protesters Supporters Opponents People Others
    Observers Scholars Diplomats Journalists Reporters Users Customers Investors Families
    Survivors Victims Soldiers Troops Agents Rescuers Volunteers Organizers Residents Locals"""
)
# Verbs of saying that mark a speaker after a name: "Lopez said", "Roe testified".
SPEECH_VERBS = _words(
    """said says say told tells tell testified testifies wrote writes added adds recalled
    recalls explained explains argued argues tweeted tweets asked asks replied replies insisted
    insists claimed claims noted notes stated states admitted admits acknowledged acknowledges
    warned warns urged urges confirmed confirms announced announces reported reports
    estimated estimates alleged alleges maintained maintains contended contends asserted
    asserts declared declares revealed reveals disclosed discloses concluded concludes
    suggested suggests believes believed predicted predicts"""
)
# Acronyms that are not organizations.
NON_ORG_ACRONYMS = _words(
    """I A OK TV ID CEO CFO CTO COO GDP GNP CPI DNA RNA HIV AIDS COVID AM PM UTC GMT EST PST EDT
    PDT ET PT USD EUR GBP JPY CNY RMB PHD MP MPS VP PR HQ IPO AI IT LGBT LGBTQ NGO NGOS MPH KM
    USB PDF FAQ SUV ATM II III IV VI VII VIII IX XI XII XX OMG RIP AKA ASAP DIY FYI BC AD BCE CE
    CO2 UV GPS LED LCD PC PCS APP IQ MD RN CPA MBA BA BS MA JD LLB NB PS"""
)
NAME_PARTICLES = frozenset(
    "al el bin ibn abu de da di del della dos das du van von der den ter la le y bint ben".split()
)
# An author field holds only names, so words that running prose mostly uses otherwise ("do" the
# verb, "st" for Saint or Street, "des") count there as particles too.
AUTHOR_NAME_PARTICLES = NAME_PARTICLES | {"des", "do", "st"}
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|an|as|ash|at|az|ibn|bin|abu|d|de|da|di|du|o)[-'’]\w")


_LOWER_PART = re.compile(r"-[a-z]")


_PLACE_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|near|outside|into|across|around)\s+|\bborder with\s+|"
    r"\b(?:city|town|village|province|region|district|county|capital|suburb) of\s+)$",
    re.IGNORECASE,
)
_PLACE_CUE_AFTER = re.compile(
    r"\s+(?:city|town|village|province|region|county|district|camp|base|border|crossing|"
    r"beach|island|islands|lake|river|bay|coast|valley|mountains?|peninsula|harbou?r)\b"
)
# "in France's Brittany": a name owned by a place, itself after a place cue, is a place too.
_PLACE_OWNED_BEFORE = re.compile(
    r"\b(?:in|near|outside|into|across|around)\s+(?P<owner>(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)"
    r"[’']s\s+$"
)
# "returned to Springfield": coming back, moving or fleeing to a name goes to a place.
_PLACE_DESTINATION_BEFORE = re.compile(
    r"\b(?:return|returns|returned|returning|went back|came back|moved|fled|flew|travell?ed|"
    r"relocated|emigrated)\s+(?:home\s+)?to\s+$",
    re.IGNORECASE,
)
# Spelled-out numbers open names of places and things ("Twelve Oaks"), never people's names.
NUMBER_WORDS = _words(
    """One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Twenty Thirty Forty Fifty
    Sixty Seventy Eighty Ninety Hundred Thousand"""
)


def has_place_cue(before: str, after: str) -> bool:
    """Whether the text around an unknown name sets it as a place ("in X", "X beach")."""
    if _PLACE_CUE_BEFORE.search(before) or _PLACE_CUE_AFTER.match(after):
        return True
    if _PLACE_DESTINATION_BEFORE.search(before):
        return True
    owned = _PLACE_OWNED_BEFORE.search(before)
    return owned is not None and owned["owner"] in places()


@lru_cache(maxsize=16384)
def is_capitalised(token: str) -> bool:
    """True for a token that can be part of a proper name ("Alimuly", "al-Tanf", "d'Ivoire")."""
    if not token or token[0].isdigit():
        return False
    if token[0].isupper():
        # "Long-dated", "Texas-based": compounds with a lower-case part are adjectives.
        return not any(char.isdigit() for char in token) and not _LOWER_PART.search(token)
    return bool(_PARTICLE_PREFIX.match(token))


def is_acronym(token: str) -> bool:
    """True for an organization-like acronym: "NATO", "ABC/N", "U.N.", not "CEO" or "II"."""
    bare = token.replace(".", "").replace("/", "").replace("&", "")
    if len(bare) < 2 or not bare.isalpha() or not bare.isupper():
        return False
    return bare not in NON_ORG_ACRONYMS and len(bare) <= 8
