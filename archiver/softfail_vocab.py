"""What soft failures say: the titles, phrases, markers and URL shapes of walls and error pages.

Every pattern stops at the next "<" or within a bounded span, so that a page full of unclosed
tags costs no more than a well-formed one (no quadratic backtracking).
"""

from __future__ import annotations

import re

CHALLENGE_TITLE = re.compile(
    r"^(just a moment|attention required|access denied|access to this page has been denied|"
    r"checking your browser|security check|one more step|are you a (robot|human)|"
    r"(please )?verify(ing)? (that )?you are (a )?human|human verification|robot check|"
    r"pardon our interruption|request unsuccessful|you have been blocked|bot verification|"
    r"captcha|ddos-guard|please wait)\b",
    re.I,
)
CHALLENGE_PHRASE = re.compile(
    r"enable javascript and cookies to continue|checking if the site connection is secure|"
    r"needs to review the security of your connection|checking your browser before accessing|"
    r"verify (that )?you are (a )?human|press (&|and) hold|complete the security check|"
    r"why have i been blocked|incapsula incident id|request unsuccessful|"
    r"access to this page has been denied|you don'?t have permission to access|"
    r"unusual traffic from your computer network|your request has been blocked|"
    r"are you a robot|not a robot",
    re.I,
)
# Markers only a challenge page carries (Cloudflare, PerimeterX, DataDome, Imperva).
CHALLENGE_HINTS = ("chl", "cf-browser", "cf-challenge", "captcha", "incapsula")
CHALLENGE_MARKER = re.compile(
    r"_cf_chl_opt|__cf_chl_|cf-chl-|cf-browser-verification|cf-challenge|"
    r"challenge-platform/(?:h/[a-z]/)?orchestrate|chl_page|px-captcha|captcha-delivery\.com|"
    r"_incapsula_resource\?[^\"'>]*incident",
    re.I,
)
# Markers that ordinary pages of protected sites also carry: they count with challenge wording.
PROTECTION_HINTS = ("challenge", "datadome", "incapsula", "perimeterx", "captcha", "turnstile")
PROTECTION_MARKER = re.compile(
    r"challenge-platform|datadome|incapsula|perimeterx|g-recaptcha|h-captcha|hcaptcha|"
    r"cf-turnstile|captcha",
    re.I,
)
CHALLENGE_WORDING = re.compile(
    r"captcha|robot|human|security|verif|blocked|unusual|automated|bot\b", re.I
)

LOGIN_TITLE = re.compile(
    r"^((sign|log) ?(in|on)|login|please (sign|log) in)\b",
    re.I,
)
LOGIN_SEGMENT = re.compile(
    r"^(wp-)?(log-?in|log_in|sign-?in|sign_in|log-?on|auth|authenticate|authorize|sso|"
    r"servicelogin|accounts)(\.\w+)?$",
    re.I,
)
LOGIN_HOST_LABELS = ("login", "signin", "accounts", "auth", "sso")

CONSENT_TITLE = re.compile(
    r"^(before you continue|cookie (consent|settings|preferences)|we value your privacy|"
    r"privacy (settings|choices|preferences)|your privacy choices|consent)\b",
    re.I,
)
CONSENT_PHRASE = re.compile(
    r"we use cookies|use of cookies|uses cookies|accept all|reject all|accept cookies|"
    r"cookie (settings|preferences)|manage (your )?(cookie )?(preferences|settings|choices)|"
    r"we value your privacy|your privacy choices|we and our (\d+ )?partners|legitimate interest|"
    r"before you continue|consent to (the use|our use|cookies)|withdraw (your )?consent|"
    r"personali[sz]ed (ads|advertising|content)|store and/or access information",
    re.I,
)
# Every CONSENT_PHRASE match contains one of these.
CONSENT_HINTS = (
    "cookie|consent|privacy|accept all|reject all|manage|partners|legitimate|before you continue|"
    "personali|store and/or"
).split("|")
CONSENT_SEGMENT = re.compile(
    r"^(consent|gdpr|cookie-?consent|cookie-?wall|cookiewall|privacy-?consent|privacy-?gate|"
    r"collectconsent|consent-?management)(\.\w+)?$",
    re.I,
)
CONSENT_HOST_LABELS = ("consent", "guce")

PAYWALL_TITLE = re.compile(
    r"^((please )?subscribe( now)?( (to|and) (continue|read|keep reading)\b.*)?|"
    r"subscription required|subscribers only|for subscribers only|premium content)$",
    re.I,
)
PAYWALL_PHRASE = re.compile(
    r"(subscribe|sign in|log in|register) (now )?to (continue|keep) reading|to continue reading|"
    r"continue reading with|keep reading with|already a subscriber|already subscribed|"
    r"subscribe to (read|continue|unlock)|subscribers only|for subscribers only|"
    r"exclusive(ly)? (to|for) subscribers|"
    r"(is|are) (only )?(available|reserved) (to|for) subscribers|"
    r"you('ve| have) reached your (free )?(\w+ )?limit|free articles? (left|remaining)|"
    r"unlock (this|the full) (article|story)|to read the full (article|story)|"
    r"start your (free )?trial|become a subscriber|subscribe for (full|unlimited) access|"
    r"get unlimited (digital )?access|unlimited digital access",
    re.I,
)
# Every PAYWALL_PHRASE match contains one of these.
PAYWALL_HINTS = "reading|subscri|limit|free article|unlock|read the full|trial|unlimited".split("|")
# What the rest of a paywall's blocks say: plans, prices, trials, sign-in links.
SUBSCRIPTION_WORD = re.compile(
    r"subscri|\btrial\b|\b(a|per) (week|month|year)\b|/ ?(wk|week|mo|month|yr|year)\b|billed|"
    r"cancel any ?time|unlimited|digital access|(sign|log) ?in\b|already have an account",
    re.I,
)

NOT_FOUND = re.compile(
    r"\b(page|content|article|story|file|resource|url|document)s?\s+(was\s+|is\s+|has\s+been\s+)?"
    r"(not\s+found|could\s?n[o']?t\s+be\s+found|cannot\s+be\s+found|can'?t\s+be\s+found|"
    r"does\s?n[o']?t\s+exist|does\s+not\s+exist|no\s+longer\s+(exists|available))|"
    r"^\s*(error\s*)?404\b|\b404\s*(error|[-:|–—]\s*not\s+found|page)\b|\berror\s+404\b|"
    r"^\s*not\s+found\s*$|"
    r"\b(page|url) you (requested|were looking for|are looking for|'re looking for)\b|"
    r"\b(we )?(can'?t|cannot|could\s?n[o']?t|could not) find (the|that|this) page\b",
    re.I,
)
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_", "ref", "cmp", "ocid")
HOME_PAGES = ("index.html", "index.htm", "index.php", "index.asp", "index.aspx", "default.aspx")
HOME_SEGMENT = re.compile(r"^(home(\.html?)?|[a-z]{2}([-_][a-z]{2})?)$", re.I)
