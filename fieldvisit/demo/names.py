"""Word lists for demo people, companies, places and titles (all invented, no real companies)."""

from __future__ import annotations

import random

OUR_COMPANY = "Lumen Ridge"
# Reserved .example domains (RFC 2606): a demo invite can never reach a real mailbox.
OUR_DOMAIN = "lumenridge.example"

FIRST_NAMES = (
    "Aisha", "Akira", "Alejandro", "Amara", "Ana", "Anders", "Andrea", "Arjun", "Astrid", "Ben",
    "Camille", "Carlos", "Chen", "Chloe", "Claire", "Daniel", "Dana", "David", "Elena", "Elif",
    "Emma", "Fatima", "Felix", "Fernanda", "Francesca", "Gabriel", "Grace", "Hana", "Hannah",
    "Hiroshi", "Ines", "Isabel", "Ivan", "Jacob", "James", "Jana", "Javier", "Jin", "Jonas",
    "Julia", "Kai", "Karin", "Kenji", "Laura", "Leila", "Liam", "Lucas", "Lucia", "Maria",
    "Marco", "Mei", "Michael", "Mia", "Nadia", "Naomi", "Nikhil", "Noah", "Olivia", "Omar",
    "Pablo", "Priya", "Rafael", "Ravi", "Rosa", "Ruth", "Samuel", "Sara", "Sofia", "Sophie",
    "Stefan", "Tariq", "Thomas", "Tomas", "Valentina", "Victor", "Wei", "Yara", "Yuki", "Zoe",
    "Zanele",
)  # fmt: skip

LAST_NAMES = (
    "Adeyemi", "Alvarez", "Andersson", "Bauer", "Becker", "Bianchi", "Brown", "Carter", "Chen",
    "Costa", "Dubois", "Eriksen", "Fischer", "Fontaine", "Garcia", "Gomez", "Gupta", "Haddad",
    "Hansen", "Hoffmann", "Ito", "Iyer", "Jansen", "Johnson", "Kato", "Kaur", "Kim", "Kowalski",
    "Lambert", "Larsen", "Lee", "Lopez", "Martin", "Meyer", "Moreau", "Murphy", "Nakamura",
    "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Pereira", "Petrov", "Quinn", "Rao", "Reyes",
    "Ricci", "Rossi", "Santos", "Sato", "Schmidt", "Silva", "Singh", "Smith", "Suzuki", "Tanaka",
    "Taylor", "Thompson", "Torres", "van Dijk", "Vargas", "Wagner", "Walsh", "Wang", "Weber",
    "Williams", "Wong", "Yamamoto", "Zhang",
)  # fmt: skip

NAME_ROOTS = (
    "North", "Blue", "Silver", "Iron", "Bright", "Clear", "Red", "Summit", "Harbor", "Pine",
    "Cedar", "Granite", "Atlas", "Vertex", "Nova", "Orion", "Polar", "Sterling", "Crest", "Maple",
    "Oak", "River", "Stone", "Sun", "Wind", "Frost", "Gold", "Copper", "Lake", "Falcon", "Eagle",
    "Arrow", "Beacon", "Coral", "Delta", "Ember", "Fern", "Glen", "High", "Indigo", "Juniper",
    "Keystone", "Lark", "Meridian", "Nimbus", "Onyx", "Pioneer", "Quartz", "Sage", "Tidal",
)  # fmt: skip

NAME_ENDINGS = (
    "wind", "field", "stone", "gate", "bridge", "point", "way", "line", "core", "path", "works",
    "light", "ridge", "vale", "brook", "forge", "wave", "peak", "star", "view", "land", "port",
    "mark", "crest", "haven", "wood", "spring", "shore", "bay", "hill",
)  # fmt: skip

# What a company calls itself → its industry.
COMPANY_KINDS = (
    ("Logistics", "Transportation & Logistics"),
    ("Freight", "Transportation & Logistics"),
    ("Health", "Healthcare"),
    ("Medical", "Healthcare"),
    ("Foods", "Consumer Goods"),
    ("Brands", "Consumer Goods"),
    ("Energy", "Energy & Utilities"),
    ("Power", "Energy & Utilities"),
    ("Systems", "Technology"),
    ("Software", "Technology"),
    ("Analytics", "Technology"),
    ("Bank", "Financial Services"),
    ("Capital", "Financial Services"),
    ("Insurance", "Insurance"),
    ("Mutual", "Insurance"),
    ("Retail", "Retail"),
    ("Stores", "Retail"),
    ("Motors", "Automotive"),
    ("Mobility", "Automotive"),
    ("Pharma", "Life Sciences"),
    ("Biotech", "Life Sciences"),
    ("Telecom", "Telecommunications"),
    ("Networks", "Telecommunications"),
    ("Media", "Media & Entertainment"),
    ("Studios", "Media & Entertainment"),
    ("Airways", "Travel & Hospitality"),
    ("Hotels", "Travel & Hospitality"),
    ("Materials", "Manufacturing"),
    ("Industries", "Manufacturing"),
    ("Robotics", "Manufacturing"),
    ("Semiconductors", "Technology"),
    ("Chemicals", "Chemicals"),
    ("Construction", "Construction & Real Estate"),
    ("Properties", "Construction & Real Estate"),
    ("Agritech", "Agriculture"),
    ("Water", "Energy & Utilities"),
)

LEGAL_FORMS = {
    "US": ("Inc.", "Corp.", "LLC", "", ""),
    "CA": ("Inc.", "Ltd.", ""),
    "MX": ("S.A. de C.V.", ""),
    "BR": ("Ltda.", "S.A.", ""),
    "GB": ("Ltd", "plc", "Group", ""),
    "DE": ("GmbH", "AG", "SE", ""),
    "FR": ("SA", "SAS", "Groupe", ""),
    "NL": ("B.V.", "N.V.", ""),
    "ES": ("S.A.", "S.L.", ""),
    "IT": ("S.p.A.", "S.r.l.", ""),
    "SE": ("AB", ""),
    "CH": ("AG", "SA", ""),
    "IN": ("Pvt Ltd", "Ltd", ""),
    "JP": ("K.K.", "Holdings", ""),
    "AU": ("Pty Ltd", "Ltd", ""),
    "SG": ("Pte Ltd", ""),
}

# Demo geography: real cities (resolved offline through fieldvisit.geo, spelled as GeoNames does
# so the alternate-name index is never needed), the sales region each country belongs to, and
# how much of the customer base it holds.
COUNTRIES = (
    ("US", "Americas", 34.0),
    ("CA", "Americas", 5.0),
    ("MX", "Americas", 2.0),
    ("BR", "Americas", 3.0),
    ("GB", "EMEA", 9.0),
    ("DE", "EMEA", 8.0),
    ("FR", "EMEA", 6.0),
    ("NL", "EMEA", 3.0),
    ("ES", "EMEA", 3.0),
    ("IT", "EMEA", 3.0),
    ("SE", "EMEA", 2.0),
    ("CH", "EMEA", 2.0),
    ("IN", "APAC", 4.0),
    ("JP", "APAC", 5.0),
    ("AU", "APAC", 4.0),
    ("SG", "APAC", 2.0),
)

CITIES = {
    "US": (
        "New York City", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia", "Dallas",
        "San Diego", "Austin", "San Jose", "San Francisco", "Seattle", "Denver", "Boston",
        "Atlanta", "Miami", "Minneapolis", "Detroit", "Charlotte", "Nashville", "Milwaukee",
        "Pittsburgh", "Columbus", "Salt Lake City", "Raleigh", "Oakland", "Newark",
    ),
    "CA": ("Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa", "Mississauga"),
    "MX": ("Mexico City", "Guadalajara", "Monterrey"),
    "BR": ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Campinas"),
    "GB": ("London", "Manchester", "Birmingham", "Edinburgh", "Leeds", "Bristol", "Reading"),
    "DE": ("Berlin", "Hamburg", "Munich", "Köln", "Frankfurt am Main", "Stuttgart",
           "Düsseldorf"),
    "FR": ("Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille"),
    "NL": ("Amsterdam", "Rotterdam", "The Hague", "Utrecht", "Eindhoven"),
    "ES": ("Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"),
    "IT": ("Milan", "Rome", "Turin", "Bologna"),
    "SE": ("Stockholm", "Gothenburg", "Malmö"),
    "CH": ("Zürich", "Geneva", "Basel"),
    "IN": ("Mumbai", "Bengaluru", "Delhi", "Hyderabad", "Pune", "Chennai"),
    "JP": ("Tokyo", "Osaka", "Yokohama", "Nagoya"),
    "AU": ("Sydney", "Melbourne", "Brisbane", "Perth"),
    "SG": ("Singapore",),
}  # fmt: skip

HQ_CITY = ("San Francisco", "US")

C_LEVEL_TITLES = ("CEO", "CRO", "CFO", "CTO", "COO", "Chief Customer Officer", "CMO", "CPO")
SVP_TITLES = (
    "SVP Sales {region}",
    "SVP Customer Success {region}",
    "SVP Alliances {region}",
    "SVP Solutions {region}",
)
# Sub-regions a VP covers, with the countries their home city is drawn from.
SUBREGIONS = {
    "Americas": (("West", ("US",)), ("East", ("US",)), ("Central", ("US",)), ("Canada", ("CA",)),
                 ("LATAM", ("BR", "MX"))),
    "EMEA": (("UK & Ireland", ("GB",)), ("DACH", ("DE", "CH")), ("France", ("FR",)),
             ("Benelux", ("NL",)), ("Nordics", ("SE",)), ("Southern Europe", ("ES", "IT"))),
    "APAC": (("Japan", ("JP",)), ("ANZ", ("AU",)), ("India", ("IN",)),
             ("Southeast Asia", ("SG",))),
}  # fmt: skip
VP_FUNCTIONS = ("Sales", "Sales", "Sales", "Customer Success", "Solutions Engineering")

# Customer contacts: seniority → (weight, decision-maker probability, title patterns).
SENIORITY_PROFILE = {
    "C": (7, 0.8, ("Chief Information Officer", "Chief Financial Officer", "Chief Operating Officer",
                   "Chief Digital Officer", "Chief Technology Officer", "Chief Data Officer")),
    "VP": (15, 0.6, ("VP {function}", "SVP {function}", "Head of {function}")),
    "Director": (25, 0.25, ("Director of {function}", "Senior Director, {function}")),
    "Manager": (30, 0.05, ("{function} Manager", "Senior {function} Manager")),
    "Staff": (23, 0.0, ("{function} Analyst", "{function} Specialist", "{function} Lead")),
}  # fmt: skip
CONTACT_FUNCTIONS = (
    "IT", "Procurement", "Operations", "Finance", "Engineering", "Data", "Security",
    "Supply Chain", "Digital", "Infrastructure",
)  # fmt: skip

PRODUCTS = (
    "Platform renewal", "Analytics expansion", "Data platform", "Security add-on",
    "Enterprise license", "Pilot", "Global rollout", "Support upgrade", "Migration project",
    "New division", "Multi-year agreement", "Integration suite",
)  # fmt: skip


def person_name(rng: random.Random) -> str:
    """Return a random full name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def email_local(name: str) -> str:
    """Return 'first.last' for an e-mail address from a full name."""
    return ".".join(part.lower() for part in name.replace("-", " ").split())


def company_name(rng: random.Random, country_code: str) -> tuple[str, str, str]:
    """Return (name, short name, industry) for an invented company in a country."""
    first = rng.choice(NAME_ROOTS)
    # "Crestcrest" reads like a typo: never repeat the root as the ending.
    root = first + rng.choice([e for e in NAME_ENDINGS if e != first.lower()])
    kind, industry = rng.choice(COMPANY_KINDS)
    short = f"{root} {kind}"
    form = rng.choice(LEGAL_FORMS.get(country_code, ("",)))
    return (f"{short} {form}" if form else short), short, industry


def domain_for(short_name: str) -> str:
    """Return a company's reserved e-mail domain from its short name."""
    return "".join(ch for ch in short_name.lower() if ch.isalnum()) + ".example"
