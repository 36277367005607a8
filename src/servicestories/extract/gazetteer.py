"""Which company a post is about: a gazetteer of German consumer-facing companies, plus patterns.

How the company of a story is chosen (documented in docs/extraction.md):

1. **Mentions.** Every alias of every gazetteer entry is matched as a word, also inside hyphen and slash
   compounds (``O2-Techniker``, ``Alice/o2-Callcentermitarbeiter``, ``1&1-Pressesprecher``), with a
   genitive ``s`` (``Microsofts``), in capitals (``TELEKOM``) and with an inflected adjective (``der Deutschen
   Post`` -> Deutsche Post, its sector from the entry). Names the gazetteer lacks come from
   patterns: a legal form (``Müller Küchen GmbH``), an apposition (``beim Versandhändler Bonprix``,
   ``die Firma Kärcher``), ``Kundenservice von X`` or a compound ``X-Hotline`` whose ``X`` is not a German
   dictionary word (simplemma), or a shop domain (``fahrrad.de``).
2. **Salience.** Each mention scores 1, plus 2 in the title, plus 0.5 in the first three sentences, plus
   1 when it names a service role (``X-Hotline``, ``Kundenservice von X``, ``bei X angerufen``). Product
   names (``iPhone`` -> Apple) score 0.5. Ambiguous aliases (``Otto``, ``Alice``, ``Bahn``) score 0.5
   unless in a company context.
3. **Roles.** A parcel service that only delivers (``via UPS``, ``mit DHL geliefert``) and a social
   platform used as a channel (``auf Facebook gepostet``) score a third when another company is named: the
   story's company is the one the complaint is about, not the courier or the medium. A provider the customer
   left long ago (``von X zu Y gewechselt``) scores half.
4. **Merged brands.** ``A/B`` with both names known (``Alice/O2``, ``Kabel Deutschland/Vodafone``) becomes one
   candidate when the pair is written at least twice, or once with both names also used alone; it collects
   the scores of both parts.
5. The highest score wins (ties: first mentioned); ``unnamed`` when no candidate reaches 1.
6. **Canonical form.** Names found by pattern drop a trailing legal form (``GmbH``, ``AG``, ``KG``,
   ``GmbH & Co. KG``, ``UG (haftungsbeschränkt)``, ``e.K.`` …), whichever pattern found them. ``Stadtwerke``
   keeps the place written after it (``Stadtwerke Altenbrück``, ``Stadtwerke Bad Saulgau``).

The sector is the gazetteer's; an entry with several sectors (``1&1``: isp, hosting, telecom) takes the one
whose context words (``Server``, ``Domain`` vs. ``DSL``, ``Router`` vs. ``Handy``, ``Mobilfunk``) occur
most. Unknown and unnamed companies get the sector with most context words, else ``other``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .doc import _WORD, Doc, Sentence
from .rules import KeyGates, key_automaton, key_starts, matches_from
from .tables import NOT_COMPANY

# canonical | sectors (first = default) | aliases separated by ";"
# alias prefixes:  "~" ambiguous word or first name (weight 0.5 outside company context)
#                  "p:" product of this company (weight 0.5)      "i:" match case-insensitively
#                  "c:" courier role      "s:" social platform role (both may combine with others: "c:i:")
_TABLE = r"""
Telekom | telecom,isp | Deutsche Telekom;Telekom;T-Mobile;T-Online;T-Com;T-Home;Telekom Deutschland;
    p:MagentaZuhause;p:Entertain
Vodafone | telecom,isp | Vodafone;i:vodafone
O2 | telecom,isp | O2;i:o2;O₂;Telefónica;Telefonica;Telefonica Germany
E-Plus | telecom | E-Plus;Eplus;p:BASE
1&1 | isp,hosting,telecom | 1&1;1und1;1 & 1;Eins und Eins;1&1 Internet;1&1 Versatel;1&1 Drillisch
IONOS | hosting | IONOS;Ionos;1&1 IONOS
Congstar | telecom | congstar;Congstar
Alice | isp,telecom | ~Alice;Alice DSL
HanseNet | isp,telecom | HanseNet;Hansenet
Freenet | telecom,isp | freenet;Freenet;mobilcom-debitel;Mobilcom-Debitel;mobilcom;debitel
Drillisch | telecom | Drillisch;winSIM;PremiumSIM;smartmobil
Aldi Talk | telecom | Aldi Talk;ALDI TALK;AldiTalk
Lidl Connect | telecom | Lidl Connect
Fonic | telecom | Fonic;FONIC
Simyo | telecom | simyo;Simyo
Klarmobil | telecom | klarmobil;Klarmobil
Otelo | telecom | otelo;Otelo
Sipgate | telecom | sipgate;Sipgate
Arcor | isp,telecom | Arcor
Tele2 | telecom,isp | Tele2
Unitymedia | isp | Unitymedia;Unity Media;i:unitymedia
Kabel Deutschland | isp | Kabel Deutschland;KDG
Kabel BW | isp | Kabel BW
Pyur | isp | Pyur;PYUR;Tele Columbus;TeleColumbus;Primacom
NetCologne | isp | NetCologne;Netcologne
M-net | isp | M-net;M-Net;Mnet
Versatel | isp | Versatel
EWE | energy,isp | EWE;EWE TEL;EWETEL
htp | isp | htp GmbH
Deutsche Glasfaser | isp | Deutsche Glasfaser
Easybell | isp | easybell;Easybell
Wilhelm.tel | isp | wilhelm.tel;Wilhelm.tel
Sky | other | ~Sky;Sky Deutschland;Sky Ticket
Netflix | other | Netflix
Spotify | other | Spotify
DAZN | other | DAZN
Sparkasse | banking | Sparkasse;Sparkassen;Stadtsparkasse;Kreissparkasse;Stadt-Sparkasse;Kreis-Sparkasse;
    Sparkassen-Finanzgruppe
Volksbank | banking | Volksbank;Raiffeisenbank;VR-Bank;VR Bank;Volks- und Raiffeisenbank;Volksbanken
Deutsche Bank | banking | Deutsche Bank;Deutschen Bank;DB24
Commerzbank | banking | Commerzbank;Coba
Postbank | banking | Postbank
ING | banking | ING;ING-DiBa;ING DiBa;DiBa;Diba
DKB | banking | DKB;Deutsche Kreditbank
comdirect | banking | comdirect;Comdirect
Consorsbank | banking | Consorsbank;Cortal Consors
N26 | banking | N26;Number26
HypoVereinsbank | banking | HypoVereinsbank;HVB;UniCredit
Targobank | banking | Targobank;TARGOBANK
Santander | banking | Santander
Norisbank | banking | norisbank;Norisbank
Sparda-Bank | banking | Sparda-Bank;Sparda Bank;Sparda
GLS Bank | banking | GLS Bank;GLS Gemeinschaftsbank
1822direkt | banking | 1822direkt
PayPal | banking | PayPal;Paypal;paypal
Klarna | banking | Klarna;Sofortüberweisung
Barclaycard | banking | Barclaycard;Barclays
American Express | banking | American Express;Amex;AmEx
Schufa | other | Schufa;SCHUFA
Trade Republic | banking | Trade Republic
Revolut | banking | Revolut
Allianz | insurance | Allianz
HUK-Coburg | insurance | HUK-Coburg;HUK Coburg;HUK;HUK24
ERGO | insurance | ERGO;~Ergo;Hamburg-Mannheimer;Victoria Versicherung;DKV
AXA | insurance | AXA;Axa
Generali | insurance | Generali;AachenMünchener;CosmosDirekt
DEVK | insurance | DEVK
Signal Iduna | insurance | Signal Iduna;SIGNAL IDUNA
R+V | insurance | R+V;R+V Versicherung
Debeka | insurance | Debeka
Gothaer | insurance | Gothaer
LVM | insurance | LVM
Provinzial | insurance | Provinzial
VHV | insurance | VHV
Zurich | insurance | Zurich Versicherung;Zürich Versicherung
Württembergische | insurance | Württembergische;WGV
Barmenia | insurance | Barmenia
Techniker Krankenkasse | insurance | Techniker Krankenkasse;TK
AOK | insurance | AOK
Barmer | insurance | Barmer;BARMER;Barmer GEK
DAK | insurance | DAK;DAK-Gesundheit
Amazon | retail | Amazon;amazon.de;Amazon.de;i:amazon;Amazon Marketplace;p:Kindle;p:Amazon Prime
eBay | retail | eBay;Ebay;ebay
Otto | retail | ~Otto;OTTO;otto.de;Otto-Versand;Otto Versand
MediaMarkt | retail | MediaMarkt;Media Markt;Media-Markt;Mediamarkt
Saturn | retail | ~Saturn
Zalando | retail | Zalando;zalando
Cyberport | retail | Cyberport;cyberport
Conrad | retail | ~Conrad;Conrad Electronic
Tchibo | retail | Tchibo
IKEA | retail | IKEA;Ikea
Lidl | retail | Lidl;LIDL
Aldi | retail | Aldi;ALDI;Aldi Süd;Aldi Nord
Rewe | retail | Rewe;REWE
Edeka | retail | Edeka;EDEKA
Kaufland | retail | Kaufland
Notebooksbilliger | retail | notebooksbilliger;Notebooksbilliger;notebooksbilliger.de
Alternate | retail | Alternate.de;alternate.de
Mindfactory | retail | Mindfactory
Galeria | retail | Galeria Kaufhof;Kaufhof;Karstadt;Galeria
H&M | retail | H&M
C&A | retail | C&A
Douglas | retail | ~Douglas
Rossmann | retail | Rossmann
dm | retail | dm-drogerie markt;dm-Markt;dm-Drogerie
OBI | retail | OBI
Hornbach | retail | Hornbach
Bauhaus | retail | ~Bauhaus
Thalia | retail | Thalia
Weltbild | retail | Weltbild
Quelle | retail | Quelle-Versand
Neckermann | retail | Neckermann
Bonprix | retail | Bonprix;bonprix
Baur | retail | Baur-Versand
Gravis | retail | Gravis
Euronics | retail | Euronics
Home24 | retail | Home24;home24
XXXLutz | retail | XXXLutz;XXXL
Höffner | retail | Höffner
Decathlon | retail | Decathlon
Lieferando | retail | Lieferando
Apple | other,software | Apple;p:iPhone;p:iPad;p:iTunes;p:iCloud;p:MacBook;p:iMac;p:AppleCare;Apple Store
Microsoft | software | Microsoft;p:Windows;p:Xbox;p:Outlook;p:Hotmail;p:Skype;p:Office 365
Google | software | Google;p:Gmail;p:Android;p:Pixel
Adobe | software | Adobe;p:Photoshop;p:Acrobat;p:Lightroom
Samsung | other,software | Samsung;p:Galaxy
Sony | other,software | Sony;p:PlayStation;p:Playstation
Nintendo | other,software | Nintendo
HP | other,software | HP;Hewlett-Packard;Hewlett Packard
Dell | other,software | Dell
Lenovo | other,software | Lenovo
Acer | other,software | Acer
Asus | other,software | Asus;ASUS
Medion | other,software | Medion
Canon | other,software | Canon
Epson | other,software | Epson
Cisco | software | Cisco
AVM | other,software | AVM;p:FRITZ!Box;p:Fritzbox;p:FritzBox;p:Fritz!Box
Huawei | other,software | Huawei
Xiaomi | other,software | Xiaomi
Garmin | other,software | Garmin
TomTom | other,software | TomTom
Kaspersky | software | Kaspersky
Norton | software | Norton;Symantec
McAfee | software | McAfee
Avira | software | Avira
Steam | software | Steam;Valve
Electronic Arts | software | Electronic Arts;EA Games
Ubisoft | software | Ubisoft
Dropbox | software | Dropbox
Sonos | other,software | Sonos
Philips | other,software | Philips
Nokia | other,software | Nokia
Netgear | other,software | Netgear
Lexware | software | Lexware
DATEV | software | DATEV
Facebook | software | s:Facebook;s:Meta
Twitter | software | s:Twitter
Instagram | software | s:Instagram
YouTube | software | s:YouTube;s:Youtube
WhatsApp | software | s:WhatsApp;s:Whatsapp
DHL | logistics | c:DHL;c:DHL Express;c:Packstation
Deutsche Post | logistics | c:Deutsche Post
Hermes | logistics | c:Hermes;c:Hermes Germany;c:Hermes Logistik
DPD | logistics | c:DPD
GLS | logistics | c:GLS
UPS | logistics | c:UPS
FedEx | logistics | c:FedEx;c:Fedex
TNT | logistics | c:TNT
Deutsche Bahn | transport | Deutsche Bahn;Deutschen Bahn;DB;DB Fernverkehr;DB Regio;~Bahn;p:BahnCard;p:Bahncard
Lufthansa | transport | Lufthansa
Eurowings | transport | Eurowings
Germanwings | transport | Germanwings
Ryanair | transport | Ryanair
Condor | transport | Condor
TUI | transport | TUI;TUIfly;Tuifly
easyJet | transport | easyJet;Easyjet;EasyJet
Air Berlin | transport | Air Berlin;airberlin;Airberlin
KLM | transport | KLM
Air France | transport | Air France
British Airways | transport | British Airways
Wizz Air | transport | Wizz Air
Flixbus | transport | FlixBus;Flixbus;FlixTrain;MeinFernbus
Eurobahn | transport | Eurobahn;eurobahn
Metronom | transport | Metronom;metronom
Abellio | transport | Abellio
National Express | transport | National Express
Nordwestbahn | transport | Nordwestbahn;NordWestBahn
Westfalenbahn | transport | Westfalenbahn
Go-Ahead | transport | Go-Ahead
Transdev | transport | Transdev
Länderbahn | transport | Länderbahn;Die Länderbahn
ÖBB | transport | ÖBB
SBB | transport | SBB
BVG | transport | BVG
HVV | transport | HVV
MVG | transport | MVG
KVB | transport | KVB
RMV | transport | RMV
VRR | transport | VRR
Rheinbahn | transport | Rheinbahn
Sixt | transport | Sixt
Europcar | transport | Europcar
Hertz | transport | ~Hertz
Uber | transport | Uber
ADAC | other | ADAC
Booking.com | other | Booking.com;booking.com
Volkswagen | other | VW;Volkswagen;VW-Konzern
BMW | other | BMW
Audi | other | Audi
Mercedes-Benz | other | Mercedes-Benz;Mercedes;Daimler
Opel | other | Opel
Ford | other | ~Ford
Skoda | other | Skoda;Škoda
Seat | other | SEAT;Cupra
Renault | other | Renault
Peugeot | other | Peugeot
Toyota | other | Toyota
Hyundai | other | Hyundai
Kia | other | ~Kia
Tesla | other | Tesla
Porsche | other | Porsche
Fiat | other | Fiat
Volvo | other | Volvo
Airbnb | other | Airbnb
Miele | other | Miele
Bosch | other | Bosch
Siemens | other | Siemens
Vorwerk | other | Vorwerk
Dyson | other | Dyson
Strato | hosting | Strato;STRATO
Hetzner | hosting | Hetzner
Host Europe | hosting | Host Europe;HostEurope;Hosteurope
all-inkl | hosting | all-inkl;ALL-INKL;All-Inkl;all-inkl.com
domainfactory | hosting | domainfactory;DomainFactory;Domainfactory
netcup | hosting | netcup;Netcup
Mittwald | hosting | Mittwald
Uberspace | hosting | Uberspace
GoDaddy | hosting | GoDaddy
united-domains | hosting | united-domains;United Domains
Alfahosting | hosting | Alfahosting
webgo | hosting | webgo
Contabo | hosting | Contabo
easyname | hosting | easyname;Easyname;easyname.com
Hostinger | hosting | Hostinger
checkdomain | hosting | checkdomain;Checkdomain
manitu | hosting | manitu;Manitu
World4You | hosting | World4You;world4you
Squarespace | hosting | Squarespace
WordPress.com | hosting | WordPress.com
OVH | hosting | OVH
Jimdo | hosting | Jimdo
E.ON | energy | E.ON;E.on;Eon;EON;E-ON;E wie einfach
RWE | energy | RWE;innogy;Innogy
Vattenfall | energy | Vattenfall
EnBW | energy | EnBW
Stadtwerke | energy | Stadtwerke;Stadtwerken
Yello | energy | Yello;Yello Strom
LichtBlick | energy | LichtBlick;Lichtblick
Eprimo | energy | eprimo;Eprimo
Naturstrom | energy | Naturstrom
Mainova | energy | Mainova
N-ERGIE | energy | N-ERGIE;N-Ergie
Entega | energy | Entega
Enercity | energy | enercity;Enercity
Rheinenergie | energy | RheinEnergie;Rheinenergie
GASAG | energy | GASAG
Flexstrom | energy | Flexstrom;FlexStrom
Teldafax | energy | Teldafax;TelDaFax
Care-Energy | energy | Care-Energy
Stromio | energy | Stromio
Tibber | energy | Tibber
Octopus Energy | energy | Octopus Energy
Beitragsservice | other | Beitragsservice;GEZ
Check24 | other | Check24;CHECK24
Verivox | other | Verivox
McFit | other | McFit
Vonovia | other | Vonovia
"""


@dataclass(frozen=True)
class Entry:
    canonical: str
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class Alias:
    entry: Entry
    text: str
    ambiguous: bool = False
    product: bool = False
    courier: bool = False
    platform: bool = False
    nocase: bool = False


def _parse_table() -> tuple[list[Entry], list[Alias]]:
    entries, aliases = [], []
    table = re.sub(r";[ \t]*\n[ \t]+", ";", _TABLE.strip())  # a line ending in ";" continues indented
    for line in table.splitlines():
        canonical, sectors, names = (x.strip() for x in line.split("|"))
        e = Entry(canonical, tuple(s.strip() for s in sectors.split(",")))
        entries.append(e)
        for raw in names.split(";"):
            raw = raw.strip()
            flags = {"ambiguous": False, "product": False, "courier": False, "platform": False, "nocase": False}
            while True:
                if raw.startswith("~"):
                    flags["ambiguous"], raw = True, raw[1:]
                elif raw[:2] in ("p:", "c:", "s:", "i:"):
                    key = {"p:": "product", "c:": "courier", "s:": "platform", "i:": "nocase"}[raw[:2]]
                    flags[key], raw = True, raw[2:]
                else:
                    break
            aliases.append(Alias(e, raw, **flags))
            # the inflected adjective of a name ("der Deutschen Post", "bei der Deutschen Telekom")
            m = re.match(r"(Deutsche|Neue|Erste|Allgemeine|Vereinigte)(\s.+)$", raw)
            if m and f"{m.group(1)}n{m.group(2)}" not in names:
                aliases.append(Alias(e, f"{m.group(1)}n{m.group(2)}", **flags))
    return entries, aliases


ENTRIES, ALIASES = _parse_table()
SECTOR_BY_NAME: dict[str, Entry] = {e.canonical: e for e in ENTRIES}


def _alias_regex(alias: str) -> str:
    return r"[ \t\u00a0]+".join(re.escape(part) for part in alias.split())


@lru_cache(maxsize=1)
def _matchers() -> tuple[re.Pattern, dict[str, Alias], re.Pattern, dict[str, Alias]]:
    exact: dict[str, Alias] = {}
    nocase: dict[str, Alias] = {}
    for a in ALIASES:
        key = " ".join(a.text.split())
        if a.nocase:
            nocase.setdefault(key.lower(), a)
        else:
            exact.setdefault(key, a)
            if key.upper() != key and len(key) >= 3:
                # all-caps spelling ("TELEKOM"); keeps its own flags
                exact.setdefault(key.upper(), a)
    def build(keys, flags=0):
        alts = "|".join(_alias_regex(k) for k in sorted(keys, key=len, reverse=True))
        return re.compile(rf"(?<![^\W_]|[&+])(?:{alts})(?:s\b|'s\b|’s\b)?(?![^\W_]|[&+])", flags)
    return build(exact), exact, build(nocase, re.IGNORECASE), nocase


@lru_cache(maxsize=1)
def _exact_starts():
    """An Aho-Corasick automaton (:func:`.rules.key_automaton`) over the first word of every case-sensitive alias;
    the first word of an alias of several words comes with each space the alias pattern allows after it
    (``[ \t\u00a0]``), so that "E" of "E wie einfach" is no key on its own. A match of the exact alias pattern can
    only start where one of these keys starts, so :func:`_exact_mentions` tries the pattern there only."""
    return key_automaton(words[0] + tail for words in map(str.split, _matchers()[1])
                         for tail in ((" ", "\t", "\u00a0") if len(words) > 1 else ("",)))


@lru_cache(maxsize=1)
def _nocase_gates() -> KeyGates:
    return KeyGates([_matchers()[2]])


def _nocase_possible(work: str) -> bool:
    """Can the case-insensitive alias pattern match in ``work``? (False only when none of its aliases occurs
    in the lower-cased text.)"""
    ok = _nocase_gates().possible(work)
    return ok is None or 0 in ok


def _exact_mentions(rx: re.Pattern, work: str):
    """The same matches as ``rx.finditer(work)`` for the exact alias pattern: the pattern is tried only at the
    positions where an alias's first word starts (in text order, each after the end of the previous match)."""
    auto = _exact_starts()
    if auto is None:  # pragma: no cover
        yield from rx.finditer(work)
        return
    yield from matches_from(rx, work, key_starts(auto, work))


# -- context words --------------------------------------------------------------------------------
SECTOR_CUES: dict[str, tuple[str, ...]] = {
    "telecom": ("handy", "mobilfunk", "smartphone", "sim", "simkarte", "sim-karte", "mobilfunkanbieter", "roaming",
                "handyvertrag", "prepaid", "datenvolumen", "netzabdeckung", "funkloch", "mobilfunkvertrag", "lte",
                "5g"),
    "isp": ("internet", "dsl", "vdsl", "adsl", "glasfaser", "router", "provider", "breitband", "kabelanschluss",
            "festnetz", "telefonanschluss", "anschluss", "voip", "hausanschluss", "tae-dose", "splitter",
            "wlan", "surfstick", "freischaltung", "freigeschaltet", "internetanschluss", "leitung", "modem",
            "bandbreite", "internetanbieter", "kabelinternet", "mbit"),
    "hosting": ("server", "hosting", "webhosting", "serverhosting", "domain", "domains", "webspace", "hoster",
                "webhoster", "rechenzentrum", "managed", "vserver", "root-server", "ssl", "datenbank", "website"),
    "software": ("software", "lizenz", "aktivierung", "aktivieren", "update", "betriebssystem", "programm",
                 "product", "key", "installation", "treiber", "firmware", "gerät", "abo", "account",
                 "konto-sperre", "app-store"),
    "retail": ("bestellt", "bestellung", "ware", "händler", "versandhändler", "onlineshop", "online-shop",
               "umtausch", "rücksendung", "retoure", "kaufpreis", "gekauft", "kauf", "warenkorb", "lieferzeit",
               "reklamation", "kassenbon", "filialleiter", "fachhandel", "verkäufer"),
    "logistics": ("paket", "sendung", "zustellung", "zusteller", "paketbote", "sendungsverfolgung",
                  "packstation", "sendungsnummer", "paketshop", "zugestellt", "paketdienst"),
    "banking": ("konto", "girokonto", "überweisung", "kreditkarte", "ec-karte", "girocard", "dispo", "kredit",
                "lastschrift", "tan", "online-banking", "onlinebanking", "bankfiliale", "geldautomat",
                "kontoauszug", "depot", "zinsen"),
    "insurance": ("versicherung", "police", "schaden", "schadensfall", "versicherungsnehmer", "gutachter",
                  "schadensmeldung", "versichert", "krankenkasse", "tarifwechsel", "leistungsabteilung"),
    "transport": ("zug", "bahn", "flug", "verspätung", "fahrkarte", "flughafen", "gepäck", "koffer", "bahnhof",
                  "fluggast", "fahrgastrechte", "umbuchung", "zugausfall", "bahnsteig", "schaffner", "gate",
                  "boarding", "annullierung", "fluggesellschaft", "airline", "ice", "bus"),
    "energy": ("strom", "gas", "zähler", "zählerstand", "abschlag", "stromrechnung", "energieversorger",
               "nachzahlung", "heizung", "stromanbieter", "gasanbieter", "jahresabrechnung", "kwh",
               "stromzähler", "grundversorgung"),
}
_CUE_INDEX: dict[str, list[str]] = {}
for _sector, _cues in SECTOR_CUES.items():
    for _c in _cues:
        _CUE_INDEX.setdefault(_c, []).append(_sector)
_CUE_SUFFIX_SET = frozenset(c for c in _CUE_INDEX if len(c) >= 5)


def _sector_scores(doc: Doc) -> dict[str, float]:
    """How many context words of each sector the post has (compound heads count: ``DSL-Router``)."""
    counts = Counter(doc.all_lows())
    # only a cue itself, a hyphenated word (its head) or a long word (its tail) can be a context word
    maybe = counts.keys() & _CUE_INDEX.keys()
    maybe.update(w for w in counts if len(w) > 7 or "-" in w)
    scores: dict[str, float] = {}
    for low in maybe:  # in no particular order: every use of the scores breaks ties by SECTOR_CUES order
        for sec in _token_sectors(low):
            scores[sec] = scores.get(sec, 0.0) + counts[low]
    return scores


def sector_scores(doc: Doc) -> dict[str, float]:
    """Sector context words of the post, computed once per document (kept on the document)."""
    if "sector_scores" not in doc.computed:
        doc.computed["sector_scores"] = _sector_scores(doc)
    return doc.computed["sector_scores"]  # type: ignore[return-value]


@lru_cache(maxsize=1 << 16)
def _token_sectors(low: str) -> tuple[str, ...]:
    """The sectors a lower-cased token is a context word of: the word itself, the part after its last hyphen,
    else the longest cue of at least five letters it ends with (``Kundenkonto`` -> banking)."""
    head = low.rsplit("-", 1)[-1]
    hits = _CUE_INDEX.get(low) or _CUE_INDEX.get(head)
    if not hits and len(low) > 7:
        for k in range(1, len(low) - 4):  # longest proper suffix first
            hits = _CUE_INDEX.get(low[k:]) if low[k:] in _CUE_SUFFIX_SET else None
            if hits:
                break
    return tuple(hits or ())


# -- mentions -------------------------------------------------------------------------------------
SERVICE_HEADS = (
    "kundenservice", "kundendienst", "kundensupport", "support", "hotline", "servicehotline", "service",
    "callcenter", "call-center", "mitarbeiter", "mitarbeiterin", "techniker", "pressesprecher",
    "pressestelle", "shop", "filiale", "kundenbetreuung", "kundenberater", "rechnung", "vertrag", "kunde",
    "kundin", "kunden", "chat", "app", "konto", "anschluss", "router", "team", "supportteam", "beschwerde",
    "zentrale", "store", "account", "chef", "vorstand", "sprecher",
)
_SERVICE_RE = re.compile(
    r"(?:kundenservice|kundendienst|kundensupport|support|hotline|callcenter|mitarbeiter|techniker|"
    r"pressesprecher|pressestelle|kundenbetreuung|berater|beschwerde|service|shop|filiale|rechnung|vertrag|"
    r"kunde|kundin|kunden|chat|team|zentrale|store|account|chef|vorstand|sprecher|anschluss|router|app)\w*$"
)
_COMPANY_PREP = frozenset({"bei", "beim", "von", "vom", "mit", "über", "gegen", "an", "zu", "zur", "firma",
                           "anbieter", "provider", "händler"})
_COURIER_CONTEXT = re.compile(
    r"\b(?:via|per|mit|durch|von)\s+(?:der\s+|dem\s+)?$|"
    r"(?:geliefert|zugestellt|lieferung|paket|päckchen|sendung|zusteller|bote|traf|eingetroffen|versand|verschickt|"
    r"zugeschickt|abgeholt)", re.IGNORECASE,
)
_PLATFORM_CONTEXT = re.compile(r"\b(?:auf|bei|via|über|per|in|im)\s+$", re.IGNORECASE)
_SWITCH_AWAY = re.compile(r"\bvon\s+(?:der\s+|dem\s+)?$", re.IGNORECASE)


@dataclass
class Mention:
    name: str           # canonical (or the name as written for pattern hits)
    start: int
    end: int
    sentence: int
    weight: float
    alias: Alias | None = None
    role: str = ""      # "", "courier", "platform", "former"


@dataclass
class Candidate:
    name: str
    sectors: tuple[str, ...]
    score: float = 0.0
    first: int = 10**12
    mentions: list[Mention] = field(default_factory=list)
    known: bool = True


@dataclass
class CompanyResult:
    company: str
    sector: str
    mention: Mention | None
    candidates: list[Candidate]
    confidence: float = 0.5
    sector_confidence: float = 0.5


def _sentence_of(doc: Doc, pos: int) -> int:
    lo, hi = 0, len(doc.sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = doc.sentences[mid]
        if pos < s.start:
            hi = mid - 1
        elif pos >= s.end:
            lo = mid + 1
        else:
            return mid
    return -1


def _token_at(s: Sentence, pos: int) -> str:
    """The text of the token of ``s`` (``Sentence.tokens``) holding position ``pos``, or ``""``; read off the
    word pattern directly (tokens do not overlap and come in text order)."""
    rel = pos - s.start
    for m in _WORD.finditer(s.text):
        if m.start() > rel:
            break
        if rel < m.end():
            return m.group()
    return ""


def _base_weight(doc: Doc, s: Sentence, start: int, end: int, alias: Alias | None) -> tuple[float, str]:
    w = 1.0
    text = doc.text
    before = text[max(s.start, start - 40):start]
    after = text[end:min(s.end, end + 60)]
    tok = _token_at(s, start).lower()
    compound_service = bool(len(tok) > end - start and _SERVICE_RE.search(tok.rsplit("-", 1)[-1]))
    prev_word = before.split()[-1].lower() if before.split() else ""
    company_context = compound_service or prev_word in _COMPANY_PREP
    weak = False
    if alias is not None:
        if alias.product:
            return 0.5, ""  # a product name hints at its maker, it does not make it the company dealt with
        if alias.platform and not compound_service:
            return 0.3, "platform"  # a platform named as the place of a post or a reading is not the company
        elif alias.ambiguous and not company_context:
            w, weak = 0.5, True
    if weak:  # "Otto", "Ergo", "Alice" outside a company context: no position bonus either
        return w, ""
    if s.in_title:
        w += 2.0
    if s.index < 3:
        w += 0.5
    if company_context or re.search(r"(?:kundenservice|hotline|support|kundendienst)\s+(?:von|bei|der|des)\s+$",
                                    before, re.IGNORECASE):
        w += 1.0
    role = ""
    if alias is not None and alias.courier and (_COURIER_CONTEXT.search(before) or _COURIER_CONTEXT.search(after)):
        role = "courier"
    elif alias is not None and alias.platform and not compound_service and _PLATFORM_CONTEXT.search(before):
        role = "platform"
    elif _SWITCH_AWAY.search(before) and re.search(r"\bgewechselt|\bwechselte", s.text[end - s.start:], re.IGNORECASE):
        role = "former"
    return w, role


# -- names the gazetteer lacks ---------------------------------------------------------------------
_NAME = r"(?:[A-ZÄÖÜ0-9][\w&.'’+-]*)"
#: legal forms; a name found by pattern is canonical *without* them ("Kleinholz Möbel GmbH" -> "Kleinholz Möbel")
_LEGAL_FORM = (r"GmbH[ \t]*&[ \t]*Co\.?[ \t]*(?:KG|OHG)|AG[ \t]*&[ \t]*Co\.?[ \t]*KG|gGmbH|GmbH|AG|SE|KGaA|KG|OHG|mbH|"
               r"UG(?:[ \t]*\(haftungsbeschränkt\))?|GbR|e\.[ \t]?K\.|e\.[ \t]?Kfm\.|Ltd\.?|Inc\.?|e\.[ \t]?V\.")
_TRAILING_LEGAL = re.compile(rf"(?:[ \t]+(?:{_LEGAL_FORM}))+\s*$")
_LEGAL = re.compile(
    rf"\b((?:{_NAME}[ \t]+){{0,2}}(?:{_NAME}|[a-z][\w&+-]*[a-z0-9]))[ \t]+(?:{_LEGAL_FORM})(?!\w)"
)
#: the words that introduce a company name in apposition ("beim Versandhändler Kleinholz"), as written
_APPOSITION_WORDS = (
    "Firma", "Anbieter", "Provider", "Händler", "Versandhändler", "Versandhaus", "Onlineshop", "Online-Shop",
    "Onlinehändler", "Online-Händler", "Shop", "Unternehmen", "Versicherer", "Versicherung", "Bank", "Direktbank",
    "Stromanbieter", "Energieversorger", "Mobilfunkanbieter", "Airline", "Fluggesellschaft", "Paketdienst", "Hoster",
    "Webhoster", "Dienstleister", "Konzern", "Hersteller", "Möbelhaus", "Elektronikmarkt", "Baumarkt",
    "Fitnessstudio", "Vermieter", "Hausverwaltung", "Kette", "Autohaus", "Werkstatt", "Reisebüro",
    "Reiseveranstalter", "Verkehrsbetrieb", "Verkehrsverbund",
)
_APPOSITION = re.compile(
    rf"\b(?:{'|'.join(map(re.escape, _APPOSITION_WORDS))})[ \t]+"
    rf"({_NAME}(?:[ \t]+{_NAME})?)"
)

#: an open letter to the company: "Liebe Firma X," / "Sehr geehrte Damen und Herren von X,"
_SALUTATION = re.compile(
    rf"(?m)^[ \t]*(?:Liebe[rs]?|Hallo|Sehr[ \t]+geehrte[rs]?"
    rf"(?:[ \t]+Damen[ \t]+und[ \t]+Herren)?(?:[ \t]+(?:von|der|bei))?)"
    rf"[ \t]+(?:Firma[ \t]+)?({_NAME}(?:[ \t]+{_NAME})?)[ \t]*[,!]"
)
_SERVICE_OF_WORDS = ("Kundenservice", "Kundendienst", "Kundensupport", "Support", "Hotline", "Callcenter",
                     "Kundenbetreuung", "Service")
_SERVICE_OF = re.compile(rf"\b(?:{'|'.join(_SERVICE_OF_WORDS)})[ \t]+(?:von|bei)[ \t]+({_NAME})")
_COMPOUND = re.compile(rf"(?<![\w&-])({_NAME})-(?:[A-Za-zÄÖÜäöüß]+-)*(?:{'|'.join(SERVICE_HEADS)})\w*\b",
                       re.IGNORECASE)
#: cheap tests run first: every match of _LEGAL contains a match of _LEGAL_GATE, every match of _COMPOUND one of
#: _COMPOUND_GATE (the tail of each pattern); without one, the full pattern cannot match anywhere in the text
_LEGAL_GATE = re.compile(rf"[ \t](?:{_LEGAL_FORM})(?!\w)")
_COMPOUND_GATE = re.compile(rf"-(?:[A-Za-zÄÖÜäöüß]+-)*(?:{'|'.join(SERVICE_HEADS)})", re.IGNORECASE)
_GATES = {id(_LEGAL): _LEGAL_GATE, id(_COMPOUND): _COMPOUND_GATE}
#: the salutation pattern is tried only when one of its literal keys occurs (:class:`.rules.KeyGates`)
_KEYED = {id(_SALUTATION): KeyGates([_SALUTATION])}
#: patterns that begin with one of a list of words: tried only where one of the words starts
_LEADS = {id(_APPOSITION): key_automaton(_APPOSITION_WORDS), id(_SERVICE_OF): key_automaton(_SERVICE_OF_WORDS)}
_DOMAIN = re.compile(r"\b([a-z0-9][a-z0-9-]{2,}\.(?:de|com|at|ch|eu))\b")
_STOP_NAMES = frozenset({
    "Herr", "Herrn", "Frau", "Dr", "Prof", "Der", "Die", "Das", "Den", "Dem", "Ein", "Eine", "Einen", "Mein",
    "Meine", "Ihr", "Ihre", "Sein", "Seine", "Unser", "Unsere", "Diese", "Dieser", "Jeder", "Online", "Service",
    "Kunden", "Telefon", "Internet", "E", "Mail", "Email", "Handy", "DSL", "WLAN", "SMS", "IT", "PC", "TV",
    "Hotline", "Support", "Web", "Live", "Premium", "Business", "Technik", "Vor", "Nach", "Und", "Oder",
})


@lru_cache(maxsize=50_000)
def is_dictionary_word(word: str) -> bool:
    """Is ``word`` (or its capitalised form) a German dictionary word? simplemma's low-memory backend answers
    like the default one but keeps its dictionary compressed (about 15 MiB per process instead of 115 MiB)."""
    import simplemma

    def known(w: str) -> bool:
        return bool(simplemma.is_known(w, lang="de", low_memory=True))

    try:
        return known(word) or known(word.capitalize())
    except Exception:
        return True


def _plausible_name(name: str) -> bool:
    name = name.strip(" .,'’-")
    if len(name) < 2 or name in _STOP_NAMES:
        return False
    first = name.split()[0]
    if first in _STOP_NAMES:
        return False
    if any(ch.isdigit() for ch in name) or "&" in name or any(c.isupper() for c in name[1:]) or "." in name:
        return True
    return not is_dictionary_word(first)


_DESCRIPTOR = re.compile(
    r"^(?:(?:Firma|Fa\.|Unternehmen|Anbieter|Provider|Händler|Versandhändler|Onlineshop|Shop|Hersteller|Konzern|"
    r"Marke|Bank|Versicherung|Der|Die|Das|Dem|Den|Des|Bei|Beim|Von|Vom|Mit|Über|An|Im|In)\s+)+")


def _on_gated_lines(rx: re.Pattern, gate: re.Pattern, work: str) -> Iterator[re.Match]:
    """``rx.finditer(work)`` for a pattern whose matches never span a line break and always contain a match of
    ``gate``: ``rx`` runs only on the lines where ``gate`` matches (``\\b``, lookarounds and ``^`` see the same
    neighbours through ``pos``/``endpos`` as in the whole text, so the matches are the same)."""
    done = -1
    for g in gate.finditer(work):
        if g.start() <= done:
            continue
        start = work.rfind("\n", 0, g.start()) + 1
        end = work.find("\n", g.start())
        done = len(work) if end < 0 else end
        yield from rx.finditer(work, start, done)


def _name_matches(rx: re.Pattern, work: str) -> Iterator[re.Match]:
    """``rx.finditer(work)`` for one of the name patterns, by its fast path: only on the lines its gate matches
    (:data:`_GATES`), only where its first word starts (:data:`_LEADS`), or not at all when none of its literal
    keys occurs (:data:`_KEYED`)."""
    gate, lead, keyed = _GATES.get(id(rx)), _LEADS.get(id(rx)), _KEYED.get(id(rx))
    if gate is not None:
        return _on_gated_lines(rx, gate, work)
    if lead is not None:
        return matches_from(rx, work, key_starts(lead, work))
    if keyed is not None and not keyed.flags(work)[0]:
        return iter(())
    return rx.finditer(work)


def _pattern_names(doc: Doc) -> list[tuple[str, int, int, float]]:
    """(name, start, end, weight) for company names found by pattern, not by the gazetteer."""
    work = doc.text[: max((s.end for s in doc.sentences), default=0)]
    out = []
    for rx, weight, check in ((_LEGAL, 2.0, False), (_APPOSITION, 1.5, False), (_SALUTATION, 2.0, True),
                              (_SERVICE_OF, 1.5, True),
                              (_COMPOUND, 1.0, True)):
        for m in _name_matches(rx, work):
            name = m.group(1).strip(" .,'’-")
            lead = _DESCRIPTOR.match(name)
            offset = lead.end() if lead else 0
            name = name[offset:]
            name = _TRAILING_LEGAL.sub("", name).strip(" .,'’-&")  # one canonical form: no legal form
            if not name or name in ("GmbH", "AG", "KG", "Co") or "_" in name:
                continue
            if rx is _COMPOUND and not name[:1].isupper() and not name[:1].isdigit():
                continue
            if check and not _plausible_name(name):
                continue
            if not check and name in _STOP_NAMES:
                continue
            if NOT_COMPANY.find(name.split()[0]) or NOT_COMPANY.find(name):
                continue  # a platform, channel word, acronym or common noun ("VDSL", "E-Mail", "Stromversorgung")
            out.append((name, m.start(1) + offset, m.start(1) + offset + len(name), weight))
    return out


def _name_mentions(name: str, work: str) -> Iterator[tuple[int, int]]:
    r"""The spans of ``re.finditer(rf"(?<![\w&]){re.escape(name)}(?:s\b)?(?![\w&])", work)``: the mentions of a
    company name found by pattern, genitive ``s`` included; found with ``str.find`` (no pattern is compiled per
    name; ``tests/test_extract_fastpaths.py`` compares with the pattern)."""
    n, size = len(name), len(work)
    if not n:
        return
    i = work.find(name)
    while i >= 0:
        j = i + n
        end = -1
        if i == 0 or not _joins_name(work[i - 1]):
            if j < size and work[j] == "s" and (j + 1 == size or not _joins_name(work[j + 1])):
                end = j + 1  # the genitive s, then neither a word character nor "&"
            elif j == size or not _joins_name(work[j]):
                end = j
        if end >= 0:
            yield i, end
            i = work.find(name, end)
        else:
            i = work.find(name, i + 1)


def _joins_name(c: str) -> bool:
    r"""Is ``c`` a word character (``\w``: alphanumeric or ``_``) or ``&``?"""
    return c.isalnum() or c == "_" or c == "&"


# -- putting it together --------------------------------------------------------------------------
def find_company(doc: Doc, contact_sentences: frozenset[int] | set[int] = frozenset()) -> CompanyResult:
    """The focal company. ``contact_sentences``: sentences where the author is in contact with a company (from
    the channel rules); a company named there is the one the author deals with and weighs more."""
    cands: dict[str, Candidate] = {}
    mentions: list[Mention] = []
    if not doc.sentences:
        return CompanyResult("unnamed", _sector_without_company(doc), None, [])
    limit = doc.sentences[-1].end
    work = doc.text[:limit]
    rx_exact, exact, rx_nocase, nocase = _matchers()
    spans_taken: list[tuple[int, int]] = []
    for rx, table, fold in ((rx_exact, exact, False), (rx_nocase, nocase, True)):
        if rx is rx_nocase and not _nocase_possible(work):
            continue
        for m in (_exact_mentions(rx, work) if rx is rx_exact else rx.finditer(work)):
            raw = m.group(0)
            key = " ".join(raw.split())
            alias = table.get(key.lower() if fold else key)
            if alias is None:  # genitive s / 's
                stripped = re.sub(r"(?:'s|’s|s)$", "", key)
                alias = table.get(stripped.lower() if fold else stripped)
                if alias is None:
                    continue
            if any(a <= m.start() < b for a, b in spans_taken):
                continue
            si = _sentence_of(doc, m.start())
            if si < 0 or m.end() > doc.sentences[si].end:
                continue
            s = doc.sentences[si]
            w, role = _base_weight(doc, s, m.start(), m.end(), alias)
            spans_taken.append((m.start(), m.end()))
            mentions.append(Mention(alias.entry.canonical, m.start(), m.end(), si, w, alias, role))
    known_names = {m.name for m in mentions}
    pattern_hits = _pattern_names(doc)
    extra_names: dict[str, float] = {}
    for name, a, _b, weight in pattern_hits:
        if name in known_names or any(x <= a < y for x, y in spans_taken):
            continue
        extra_names[name] = max(extra_names.get(name, 0.0), weight)
    for name, bonus in extra_names.items():
        first_bonus_given = False
        for start, end in _name_mentions(name, work):
            if any(x <= start < y for x, y in spans_taken):
                continue
            si = _sentence_of(doc, start)
            if si < 0 or end > doc.sentences[si].end:
                continue
            w, role = _base_weight(doc, doc.sentences[si], start, end, None)
            if not first_bonus_given:
                w += bonus - 1.0
                first_bonus_given = True
            spans_taken.append((start, end))
            mentions.append(Mention(name, start, end, si, w, None, role))
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        if m.sentence in contact_sentences and m.role not in ("courier", "platform") and not (
                m.alias is not None and m.alias.product):
            m.weight += 0.5

    for m in mentions:
        entry = SECTOR_BY_NAME.get(m.name) if m.alias is not None else None
        c = cands.setdefault(m.name, Candidate(m.name, entry.sectors if entry else (), known=entry is not None))
        c.mentions.append(m)
        c.first = min(c.first, m.start)
    _add_merged_brands(doc, mentions, cands)

    # the candidates that are more than a courier or a platform: is there one besides candidate c?
    substantive = [x.name for x in cands.values() if not _all_role(x, ("courier", "platform"))]
    for c in cands.values():
        score = 0.0
        has_other = any(name != c.name for name in substantive)
        for m in c.mentions:
            w = m.weight
            if m.alias is not None and m.alias.platform and has_other:
                w /= 3.0  # a platform is where the story was told, rarely the company it is about
            elif m.role == "courier" and has_other:
                w /= 3.0
            elif m.role == "former":
                w /= 2.0
            score += w
        c.score += score
    cues = sector_scores(doc)
    if cues:
        top = max(cues.values())
        for c in cands.values():
            if top >= 3 and c.score >= 1.0 and any(cues.get(sec, 0.0) == top for sec in c.sectors):
                c.score += 0.75  # the focal company's trade fits what the post is about
    ranked = sorted(cands.values(), key=lambda c: (-c.score, c.first))
    if not ranked or ranked[0].score < 1.0:
        sector = _sector_without_company(doc)
        near = ranked[0].score if ranked else 0.0
        return CompanyResult("unnamed", sector, None, ranked, round(0.6 - 0.3 * near, 2),
                             0.5 if sector != "other" else 0.4)
    best = ranked[0]
    sector = _choose_sector(doc, best)
    second = ranked[1].score if len(ranked) > 1 else 0.0
    confidence = min(0.95, 0.45 + 0.1 * best.score) * (1.0 - 0.6 * second / best.score)
    top_cue = max(sector_scores(doc).values(), default=0.0)
    fits = top_cue > 0 and sector_scores(doc).get(sector, 0.0) == top_cue
    sector_conf = 0.9 if len(best.sectors) == 1 else (0.8 if fits else 0.55) if best.sectors else 0.5
    if best.name in _REGIONAL:
        place = _regional_place(doc, best)
        if place:
            best.name = f"{best.name} {place}"
    elif best.known and "/" not in best.name:
        best.name = _as_written(doc, best)
    # evidence: the best-weighted mention (title or service compound first)
    top_mention = max(best.mentions, key=lambda m: (m.weight, -m.start)) if best.mentions else None
    return CompanyResult(best.name, sector, top_mention, ranked, round(confidence, 2),
                         round(sector_conf * max(confidence, 0.6), 2))


#: gazetteer entries that are a kind of company rather than one company: the place name that follows makes the
#: canonical name ("Stadtwerke Altenbrück", "Stadtwerke Bad Saulgau"); alone they stay generic ("Stadtwerke")
_REGIONAL = frozenset({"Stadtwerke"})
_PLACE = re.compile(r"[ \t]+((?:(?:Bad|St\.|Sankt|Groß|Klein|Neu|Alt)[ \t]+)?[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*"
                    r"(?:[ \t]+(?:am|an[ \t]+der|im|ob[ \t]+der)[ \t]+[A-ZÄÖÜ][a-zäöüß]+)?)")
_NOT_PLACE = frozenset({"Kundenservice", "Kundendienst", "Hotline", "Service", "Mitarbeiter", "Mitarbeiterin",
                        "Abrechnung", "Rechnung", "Jahresabrechnung", "Energie", "Strom", "Gas", "Wasser",
                        "Kundencenter", "Kundenzentrum", "Netz", "Netze", "Versorgung", "Fernwärme", "Kunden"})


def _regional_place(doc: Doc, c: Candidate) -> str:
    """The place name after the generic entry's mentions ("Stadtwerke Altenbrück"), most frequent first."""
    counts: dict[str, int] = {}
    for m in c.mentions:
        pm = _PLACE.match(doc.text, m.end)
        if not pm:
            continue
        place = pm.group(1)
        head = place.split()[0]
        if head in _NOT_PLACE or head in _STOP_NAMES or _SERVICE_RE.search(head.lower()):
            continue
        counts[place] = counts.get(place, 0) + 1
    return max(counts, key=lambda k: (counts[k], -len(k))) if counts else ""


def _as_written(doc: Doc, c: Candidate) -> str:
    """The company spelled as the post spells it most often ("DB" rather than "Deutsche Bahn"); inflected or
    genitive forms and product names fall back to the canonical name."""
    counts: dict[str, int] = {}
    for m in c.mentions:
        if m.alias is None or m.alias.product:
            continue
        raw = " ".join(doc.text[m.start:m.end].split())
        if raw != m.alias.text and raw not in (m.alias.text.upper(),) or re.match(
                r"(?:Deutschen|Neuen|Ersten|Allgemeinen|Vereinigten)\s", raw):
            continue  # "Deutschen Bank", "Telekoms"
        counts[raw] = counts.get(raw, 0) + 1
    if not counts:
        return c.name
    best = max(counts, key=lambda k: (counts[k], k == c.name))
    return best if best.upper() != best or len(best) <= 4 else c.name


def _all_role(c: Candidate, roles: tuple[str, ...]) -> bool:
    return bool(c.mentions) and all(m.role in roles for m in c.mentions)


def _add_merged_brands(doc: Doc, mentions: list[Mention], cands: dict[str, Candidate]) -> None:
    pairs: dict[tuple[str, str], list[tuple[Mention, Mention]]] = {}
    for a, b in zip(mentions, mentions[1:]):
        if a.name != b.name and a.alias and b.alias and doc.text[a.end:b.start] == "/":
            pairs.setdefault((a.name, b.name), []).append((a, b))
    for (na, nb), hits in pairs.items():
        in_pairs = {id(m) for pair in hits for m in pair}
        alone_a = any(m.name == na and id(m) not in in_pairs for m in mentions)
        alone_b = any(m.name == nb and id(m) not in in_pairs for m in mentions)
        if len(hits) < 2 and not (alone_a and alone_b):
            continue
        name = f"{na}/{nb}"
        ea, eb = SECTOR_BY_NAME[na], SECTOR_BY_NAME[nb]
        sectors = tuple(dict.fromkeys(eb.sectors + ea.sectors))
        merged = Candidate(name, sectors)
        for part in (na, nb):
            pc = cands.pop(part)
            merged.mentions.extend(pc.mentions)
            merged.first = min(merged.first, pc.first)
        merged.mentions.sort(key=lambda m: m.start)
        for m in hits:
            m[0].weight += 0.5
        cands[name] = merged


def _choose_sector(doc: Doc, c: Candidate) -> str:
    if len(c.sectors) == 1:
        return c.sectors[0]
    scores = sector_scores(doc)
    if not c.sectors:
        return _best_sector(scores)
    return max(c.sectors, key=lambda s: (scores.get(s, 0.0), -c.sectors.index(s)))


def _best_sector(scores: dict[str, float]) -> str:
    if not scores:
        return "other"
    order = list(SECTOR_CUES)
    best = max(scores, key=lambda s: (scores[s], -order.index(s)))
    return best if scores[best] >= 2 else "other"


def _sector_without_company(doc: Doc) -> str:
    return _best_sector(sector_scores(doc))
