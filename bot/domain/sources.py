"""Hosts whose pages are not good enough to stand behind a fact: AI-written summaries, mirrors and reposts,
SEO blogs, a throwaway test server. Users see the host in every answer's `Source:` line, so import, add,
suggest and the seed all refuse them (import takes them only with --allow-weak-source, saying why).

Each host carries the reason shown when it is refused. A host also covers its sub-domains
('www.', 'm.'); a few kinds of host (personal blog platforms, staging tunnels, bare IP addresses) are weak
whatever the name.
"""

from __future__ import annotations

import functools
import ipaddress

from factbot.bot.domain import urls

# BEGIN WEAK HOSTS (regenerated from the reviewed host list)
_AI_WRITTEN = "an AI-written or AI-summary site"
_MIRROR = "a mirror or repost of another publisher's story"
_AGGREGATOR = "an aggregator or summary site"
_PERSONAL_BLOG = "a personal blog or newsletter"
_VENDOR_BLOG = "a vendor, PR or SEO blog"
_WIKI = "a user-editable or AI-written wiki"
_TEST_SERVER = "a throwaway test server"
WEAK_HOSTS: dict[str, str] = {
    "agentsdb.com": _AI_WRITTEN,
    "aitechsuite.com": _AI_WRITTEN,
    "aiweeklyreviews.com": _AI_WRITTEN,
    "chatforest.com": _AI_WRITTEN,
    "codyfeda.com": _AI_WRITTEN,
    "deeptrendlab.com": _AI_WRITTEN,
    "digidai.github.io": _AI_WRITTEN,
    "etcjournal.com": _AI_WRITTEN,
    "frontiernews.ai": _AI_WRITTEN,
    "gascope.com": _AI_WRITTEN,
    "moneyoval.com": _AI_WRITTEN,
    "morein.ai": _AI_WRITTEN,
    "newsar.codejungle.org": _AI_WRITTEN,
    "secwatch.observer": _AI_WRITTEN,
    "theaitrack.com": _AI_WRITTEN,
    "whatstrending.ai": _AI_WRITTEN,
    "zephtech.net": _AI_WRITTEN,
    "aimarketingnewstoday.com": _MIRROR,
    "bitcoinethereumnews.com": _MIRROR,
    "blakeir.com": _MIRROR,
    "complexmathematics.com": _MIRROR,
    "diverseportfolios.com": _MIRROR,
    "fpj.ourdemoservers.com": _MIRROR,
    "gopherproxy.meulie.net": _MIRROR,
    "infosekolah.net": _MIRROR,
    "lite.cnn.com": _MIRROR,
    "naaju.com": _MIRROR,
    "network-securitas.com": _MIRROR,
    "pt.qwe.wiki": _MIRROR,
    "qkqk.org": _MIRROR,
    "sustainabl.net": _MIRROR,
    "testautointegrateop300.online": _MIRROR,
    "the-ledger.net": _MIRROR,
    "yeyufz.com": _MIRROR,
    "apxml.com": _AGGREGATOR,
    "bizbooq.ng": _AGGREGATOR,
    "cirrkus.com": _AGGREGATOR,
    "discoverheadlines.com": _AGGREGATOR,
    "informationmatters.net": _AGGREGATOR,
    "news.lesbass.com": _AGGREGATOR,
    "news.tugga.nu": _AGGREGATOR,
    "news4bharat.com": _AGGREGATOR,
    "nxcode.io": _AGGREGATOR,
    "observerstandard.com": _AGGREGATOR,
    "open-techstack.com": _AGGREGATOR,
    "openaitoolshub.org": _AGGREGATOR,
    "prometheusroot.com": _AGGREGATOR,
    "scoopliner.com": _AGGREGATOR,
    "startupresearcher.com": _AGGREGATOR,
    "tendenzblick.net": _AGGREGATOR,
    "thedailyscout.com": _AGGREGATOR,
    "virtuesig.com": _AGGREGATOR,
    "wiredfocus.com": _AGGREGATOR,
    "antoinebuteau.com": _PERSONAL_BLOG,
    "beginnersinai.org": _PERSONAL_BLOG,
    "boardor.com": _PERSONAL_BLOG,
    "cheese.jackykit.com": _PERSONAL_BLOG,
    "conservativecoalition.us": _PERSONAL_BLOG,
    "denapawling.blogspot.com": _PERSONAL_BLOG,
    "dorland.org": _PERSONAL_BLOG,
    "faddat.com": _PERSONAL_BLOG,
    "lattice.uptownhr.com": _PERSONAL_BLOG,
    "self.md": _PERSONAL_BLOG,
    "stephenvantran.pages.dev": _PERSONAL_BLOG,
    "theaioracle.news": _PERSONAL_BLOG,
    "thedigipalms.com": _PERSONAL_BLOG,
    "vibecodr.ai": _PERSONAL_BLOG,
    "wearefounders.uk": _PERSONAL_BLOG,
    "zerogtalent.com": _PERSONAL_BLOG,
    "bwabtk.com": _VENDOR_BLOG,
    "mungomash.com": _VENDOR_BLOG,
    "churchofspiralism.com": _WIKI,
    "grokipedia.com": _WIKI,
    "iq.wiki": _WIKI,
    "forntend-test-5sqwmq-3a22a9-107-172-80-230.traefik.me": _TEST_SERVER,
}
# END WEAK HOSTS

# Hosting platforms whose every sub-domain is one person's site or a throwaway deployment.
WEAK_PLATFORMS = {
    "blogspot.com": "a personal Blogger blog",
    "pages.dev": "a personal site on Cloudflare Pages",
    "traefik.me": "a throwaway test server",
    "ourdemoservers.com": "a demo-server mirror",
    "ngrok.io": "a throwaway tunnel",
    "ngrok-free.app": "a throwaway tunnel",
}


def weak_reason(url: str) -> str | None:
    """Why `url` is a weak source (e.g. 'an AI-written summary site'), or None when its host is fine."""
    host = urls.host(url.strip()).rstrip(".")
    return _host_reason(host) if host else None


@functools.lru_cache(maxsize=4096)
def _host_reason(host: str) -> str | None:
    """Cached per host: an import checks the same few hosts for every row."""
    if host == "localhost" or _is_ip(host):
        return "a bare address, not a publisher"
    parts = host.split(".")
    for i in range(len(parts) - 1):
        suffix = ".".join(parts[i:])
        if suffix in WEAK_HOSTS:
            return WEAK_HOSTS[suffix]
        if i > 0 and suffix in WEAK_PLATFORMS:
            return WEAK_PLATFORMS[suffix]
    return None


def refusal(url: str) -> str | None:
    """The one line that refuses a weak source, or None when the source may be used."""
    reason = weak_reason(url)
    if reason is None:
        return None
    host = urls.host(url.strip()).removeprefix("www.")
    return (
        f"{host} is a weak source ({reason}): cite the original publisher, the company's own page or a filing."
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
