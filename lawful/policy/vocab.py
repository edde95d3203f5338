"""The vocabulary of a register of processing (UK GDPR, DPA 2018, PECR).

Plain Python, no Django: the register loader, the checks, the rights table and the
notice all speak these words, and the Django apps reuse them as model choices.
Each term has a slug (what a register YAML file says) and a plain-English label
(what a privacy notice says).
"""

from dataclasses import dataclass
from enum import StrEnum


class Term(StrEnum):
    """A vocabulary term: its value is the slug used in register files."""

    def __new__(cls, slug: str, label: str, *extra):
        member = str.__new__(cls, slug)
        member._value_ = slug
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def slugs(cls) -> list[str]:
        return [m.value for m in cls]


class LawfulBasis(Term):
    """UK GDPR Article 6(1)."""

    CONSENT = "consent", "your consent"
    CONTRACT = "contract", "a contract with you, or steps you asked for before entering one"
    LEGAL_OBLIGATION = "legal-obligation", "a legal obligation we are under"
    VITAL_INTERESTS = "vital-interests", "protecting someone's life (vital interests)"
    PUBLIC_TASK = "public-task", "a task in the public interest or our official functions"
    # Inserted by the Data (Use and Access) Act 2025 s70 and Sch 4 (UK GDPR Annex 1).
    RECOGNISED_LEGITIMATE_INTERESTS = (
        "recognised-legitimate-interests",
        "a recognised legitimate interest, such as preventing crime or safeguarding",
    )
    LEGITIMATE_INTERESTS = "legitimate-interests", "our legitimate interests"

    @property
    def point(self) -> str:
        """The point of Article 6(1): a to f, and ea between e and f (DUAA 2025)."""
        return _ARTICLE_6_POINTS[self]

    @property
    def article(self) -> str:
        return f"UK GDPR Article 6(1)({self.point})"


_ARTICLE_6_POINTS = {
    LawfulBasis.CONSENT: "a",
    LawfulBasis.CONTRACT: "b",
    LawfulBasis.LEGAL_OBLIGATION: "c",
    LawfulBasis.VITAL_INTERESTS: "d",
    LawfulBasis.PUBLIC_TASK: "e",
    LawfulBasis.RECOGNISED_LEGITIMATE_INTERESTS: "ea",
    LawfulBasis.LEGITIMATE_INTERESTS: "f",
}


class RecognisedLegitimateInterest(Term):
    """UK GDPR Annex 1 (inserted by DUAA 2025 Sch 4): the conditions of Article 6(1)(ea).

    Each needs no balancing test, but the processing must still be necessary for it.
    """

    PUBLIC_TASK_DISCLOSURE = (
        "public-task-disclosure",
        "giving information to a public body that asks for it for its public tasks",
    )
    NATIONAL_SECURITY = (
        "national-security",
        "safeguarding national security, protecting public security, or defence",
    )
    EMERGENCIES = "emergencies", "responding to an emergency"
    CRIME = (
        "crime",
        "detecting, investigating or preventing crime, or catching and prosecuting offenders",
    )
    SAFEGUARDING = "safeguarding", "safeguarding a vulnerable person"

    @property
    def reference(self) -> str:
        paragraph = {
            "public-task-disclosure": 1,
            "national-security": 2,
            "emergencies": 3,
            "crime": 5,
            "safeguarding": 6,
        }[self.value]
        return f"UK GDPR Article 6(1)(ea) and Annex 1 para {paragraph}"


class RequirementKind(Term):
    """UK GDPR Article 13(2)(e): whether giving the data is required, and by what."""

    STATUTORY = "statutory", "the law requires it"
    CONTRACTUAL = "contractual", "a contract with you requires it"
    CONTRACT_ENTRY = "contract-entry", "we need it to enter into a contract with you"
    VOLUNTARY = "voluntary", "you choose whether to give it; nothing requires it"

    @property
    def reference(self) -> str:
        return "UK GDPR Article 13(2)(e)"


class NotForProfitAim(Term):
    """UK GDPR Article 9(2)(d): the aims of a body that may use the not-for-profit condition."""

    POLITICAL = "political", "political"
    PHILOSOPHICAL = "philosophical", "philosophical"
    RELIGIOUS = "religious", "religious"
    TRADE_UNION = "trade-union", "trade union"


@dataclass(frozen=True)
class ConditionInfo:
    label: str
    reference: str
    # DPA 2018 Sch 1 para 5 and para 39: most Part 1, 2 and 3 conditions need an
    # appropriate policy document in place when the processing is carried out.
    needs_policy_document: bool = False


class SpecialCategoryCondition(Term):
    """UK GDPR Article 9(2), with the DPA 2018 Schedule 1 conditions councils use."""

    EXPLICIT_CONSENT = "explicit-consent", "your explicit consent"
    EMPLOYMENT = "employment", "employment, social security and social protection law"
    VITAL_INTERESTS = "vital-interests", "protecting someone's life when they cannot consent"
    NOT_FOR_PROFIT = "not-for-profit", "a not-for-profit body's activities with its members"
    MADE_PUBLIC = "made-public", "information you have made public yourself"
    LEGAL_CLAIMS = "legal-claims", "establishing, exercising or defending legal claims"
    STATUTORY_PURPOSES = "statutory-purposes", "statutory and government purposes"
    EQUALITY = "equality", "equality of opportunity or treatment"
    PREVENTING_CRIME = "preventing-crime", "preventing or detecting unlawful acts"
    SAFEGUARDING = "safeguarding", "safeguarding children and individuals at risk"
    ELECTED_REPRESENTATIVES = (
        "elected-representatives",
        "elected representatives responding to requests",
    )
    DISCLOSURE_TO_ELECTED_REPRESENTATIVES = (
        "disclosure-to-elected-representatives",
        "disclosure to elected representatives",
    )
    POLITICAL_PARTIES = "political-parties", "political parties' activities"
    ARCHIVING = "archiving", "archiving, research and statistics"

    @property
    def info(self) -> ConditionInfo:
        return _SPECIAL_CATEGORY_INFO[self]

    @property
    def substantial_public_interest(self) -> bool:
        return self.info.reference.startswith("DPA 2018 Sch 1 Part 2")


_SPECIAL_CATEGORY_INFO = {
    SpecialCategoryCondition.EXPLICIT_CONSENT: ConditionInfo(
        "explicit consent", "UK GDPR Article 9(2)(a)"
    ),
    SpecialCategoryCondition.EMPLOYMENT: ConditionInfo(
        "employment", "UK GDPR Article 9(2)(b); DPA 2018 Sch 1 Part 1 para 1", True
    ),
    SpecialCategoryCondition.VITAL_INTERESTS: ConditionInfo(
        "vital interests", "UK GDPR Article 9(2)(c)"
    ),
    SpecialCategoryCondition.NOT_FOR_PROFIT: ConditionInfo(
        "not-for-profit bodies", "UK GDPR Article 9(2)(d)"
    ),
    SpecialCategoryCondition.MADE_PUBLIC: ConditionInfo(
        "made public by the data subject", "UK GDPR Article 9(2)(e)"
    ),
    SpecialCategoryCondition.LEGAL_CLAIMS: ConditionInfo("legal claims", "UK GDPR Article 9(2)(f)"),
    SpecialCategoryCondition.STATUTORY_PURPOSES: ConditionInfo(
        "statutory and government purposes", "DPA 2018 Sch 1 Part 2 para 6", True
    ),
    SpecialCategoryCondition.EQUALITY: ConditionInfo(
        "equality of opportunity or treatment", "DPA 2018 Sch 1 Part 2 para 8", True
    ),
    SpecialCategoryCondition.PREVENTING_CRIME: ConditionInfo(
        "preventing or detecting unlawful acts", "DPA 2018 Sch 1 Part 2 para 10", True
    ),
    SpecialCategoryCondition.SAFEGUARDING: ConditionInfo(
        "safeguarding of children and individuals at risk",
        "DPA 2018 Sch 1 Part 2 para 18",
        True,
    ),
    SpecialCategoryCondition.POLITICAL_PARTIES: ConditionInfo(
        "political parties", "DPA 2018 Sch 1 Part 2 para 22", True
    ),
    SpecialCategoryCondition.ELECTED_REPRESENTATIVES: ConditionInfo(
        "elected representatives responding to requests",
        "DPA 2018 Sch 1 Part 2 para 23",
        True,
    ),
    SpecialCategoryCondition.DISCLOSURE_TO_ELECTED_REPRESENTATIVES: ConditionInfo(
        "disclosure to elected representatives", "DPA 2018 Sch 1 Part 2 para 24", True
    ),
    SpecialCategoryCondition.ARCHIVING: ConditionInfo(
        "archiving, research and statistics", "UK GDPR Article 9(2)(j); DPA 2018 Sch 1 para 4"
    ),
}


class CriminalOffenceCondition(Term):
    """UK GDPR Article 10 with DPA 2018 s10(5): a Schedule 1 condition is needed."""

    CONSENT = "consent", "your consent"
    EMPLOYMENT = "employment", "employment law obligations"
    VITAL_INTERESTS = "vital-interests", "protecting someone's life when they cannot consent"
    LEGAL_CLAIMS = "legal-claims", "establishing, exercising or defending legal claims"
    PREVENTING_CRIME = "preventing-crime", "preventing or detecting unlawful acts"
    SAFEGUARDING = "safeguarding", "safeguarding children and individuals at risk"
    ELECTED_REPRESENTATIVES = (
        "elected-representatives",
        "elected representatives responding to requests",
    )
    MADE_PUBLIC = "made-public", "information you have made public yourself"

    @property
    def info(self) -> ConditionInfo:
        return _CRIMINAL_OFFENCE_INFO[self]

    @property
    def substantial_public_interest(self) -> bool:
        return self.info.reference.startswith("DPA 2018 Sch 1 Part 2")


_CRIMINAL_OFFENCE_INFO = {
    CriminalOffenceCondition.CONSENT: ConditionInfo("consent", "DPA 2018 Sch 1 Part 3 para 29"),
    CriminalOffenceCondition.EMPLOYMENT: ConditionInfo(
        "employment", "DPA 2018 Sch 1 Part 1 para 1", True
    ),
    CriminalOffenceCondition.VITAL_INTERESTS: ConditionInfo(
        "vital interests", "DPA 2018 Sch 1 Part 3 para 30"
    ),
    CriminalOffenceCondition.LEGAL_CLAIMS: ConditionInfo(
        "legal claims", "DPA 2018 Sch 1 Part 3 para 33"
    ),
    CriminalOffenceCondition.PREVENTING_CRIME: ConditionInfo(
        "preventing or detecting unlawful acts", "DPA 2018 Sch 1 Part 2 para 10", True
    ),
    CriminalOffenceCondition.SAFEGUARDING: ConditionInfo(
        "safeguarding", "DPA 2018 Sch 1 Part 2 para 18", True
    ),
    CriminalOffenceCondition.ELECTED_REPRESENTATIVES: ConditionInfo(
        "elected representatives responding to requests",
        "DPA 2018 Sch 1 Part 2 para 23",
        True,
    ),
    CriminalOffenceCondition.MADE_PUBLIC: ConditionInfo(
        "made public by the data subject", "DPA 2018 Sch 1 Part 3 para 32"
    ),
}


class DataCategory(Term):
    """Kinds of personal data. Special categories (Art 9) and criminal offence data
    (Art 10) are marked by the sets below, not by their names."""

    NAME = "name", "your name, title and any other names you use"
    ADDRESS = "address", "your postal address"
    CONTACT_DETAILS = "contact-details", "your contact details (email address, telephone number)"
    PHOTOGRAPH = "photograph", "photographs of you"
    DEMOGRAPHICS = "demographics", "age, gender, marital status and nationality"
    FAMILY = "family", "family composition and dependants"
    EDUCATION_EMPLOYMENT = "education-employment", "education, work history and qualifications"
    HOBBIES_INTERESTS = "interests", "hobbies, interests and the issues you care about"
    FINANCIAL = "financial", "bank, payment and transaction details"
    CASE_DETAILS = "case-details", "the issue or concern you raise with us and our correspondence"
    OPINIONS = "opinions", "your views and opinions, such as survey answers"
    EMPLOYMENT_RECORDS = "employment-records", "employment records: pay, attendance, performance"
    IDENTITY_DOCUMENTS = "identity-documents", "identity evidence you give us"
    CCTV_IMAGES = "cctv-images", "CCTV images"
    ONLINE_IDENTIFIERS = "online-identifiers", "IP addresses, browser and device information"
    COOKIES = "cookies", "cookie identifiers"
    LOCATION = "location", "your postcode, ward and constituency"
    MARKETING_PREFERENCES = "marketing-preferences", "your contact preferences and consents"
    # Special categories (UK GDPR Article 9(1))
    RACIAL_ETHNIC_ORIGIN = "racial-ethnic-origin", "racial or ethnic origin"
    POLITICAL_OPINIONS = "political-opinions", "political opinions"
    RELIGIOUS_BELIEFS = "religious-beliefs", "religious or philosophical beliefs"
    TRADE_UNION = "trade-union", "trade union membership"
    GENETIC = "genetic", "genetic data"
    BIOMETRIC = "biometric", "biometric data used to identify you"
    HEALTH = "health", "physical or mental health, including disability"
    SEX_LIFE = "sex-life", "sex life or sexual orientation"
    # Criminal offence data (UK GDPR Article 10)
    CRIMINAL_OFFENCES = "criminal-offences", "criminal convictions, offences or allegations"

    @property
    def is_special_category(self) -> bool:
        return self in SPECIAL_CATEGORIES

    @property
    def is_criminal_offence(self) -> bool:
        return self is DataCategory.CRIMINAL_OFFENCES


SPECIAL_CATEGORIES = frozenset(
    {
        DataCategory.RACIAL_ETHNIC_ORIGIN,
        DataCategory.POLITICAL_OPINIONS,
        DataCategory.RELIGIOUS_BELIEFS,
        DataCategory.TRADE_UNION,
        DataCategory.GENETIC,
        DataCategory.BIOMETRIC,
        DataCategory.HEALTH,
        DataCategory.SEX_LIFE,
    }
)


class SubjectType(Term):
    """Whose data it is."""

    RESIDENTS = "residents", "residents and members of the public"
    CONSTITUENTS = "constituents", "constituents"
    SERVICE_USERS = (
        "service-users",
        "people who use our services, hire our halls or hold allotments",
    )
    SUPPLIERS = "suppliers", "suppliers and contractors"
    STAFF = "staff", "staff and job applicants"
    COUNCILLORS = "councillors", "councillors and other role holders"
    VOLUNTEERS = "volunteers", "volunteers"
    SUPPORTERS = "supporters", "members and supporters"
    SUBSCRIBERS = "subscribers", "newsletter and mailing-list subscribers"
    SURVEY_RESPONDENTS = "survey-respondents", "people who answer our surveys"
    WEBSITE_VISITORS = "website-visitors", "visitors to our website"
    VISITORS = "visitors", "visitors to our premises"
    CHILDREN = "children", "children and young people"
    THIRD_PARTIES = "third-parties", "other people named in correspondence"


class Source(Term):
    """Where the data comes from (the notice must say, Art 13/14)."""

    DATA_SUBJECT = "data-subject", "you"
    REPRESENTATIVE = "representative", "someone acting on your behalf"
    THIRD_PARTY = "third-party", "other people who contact us about a matter involving you"
    PUBLIC_AUTHORITY = "public-authority", "other public authorities"
    PUBLIC_SOURCES = "public-sources", "publicly available sources"
    CCTV = "cctv", "our CCTV cameras"
    WEBSITE = "website", "our website and its hosting provider, automatically"
    EMPLOYER_REFERENCES = "references", "referees and previous employers"


class RecipientRole(Term):
    """The relationship of a recipient to us (Art 4, 26, 28)."""

    CONTROLLER = "controller", "an independent controller"
    JOINT_CONTROLLER = "joint-controller", "a joint controller with us"
    PROCESSOR = "processor", "a processor acting on our instructions"


class TransferSafeguard(Term):
    """UK GDPR Articles 45 and 46: how a transfer outside the UK is protected."""

    ADEQUACY = "adequacy", "UK adequacy regulations for the destination"
    DATA_BRIDGE = "uk-us-data-bridge", "the UK Extension to the EU-US Data Privacy Framework"
    IDTA = "idta", "the ICO's International Data Transfer Agreement"
    ADDENDUM = "addendum", "the EU standard contractual clauses with the ICO's UK Addendum"
    BINDING_CORPORATE_RULES = "bcr", "binding corporate rules"


# Countries with UK adequacy regulations, as ISO 3166 alpha-2 codes (DPA 2018 s17A and
# Sch 21 para 5; SI 2022/1213 for the Republic of Korea; SI 2023/1028 for the US). The
# EEA and Gibraltar are covered by Sch 21 para 5. A value names the part of a country the
# regulations cover when they cover only part of it (partial adequacy); "" is the whole.
UK = "GB"
EEA = frozenset(
    (
        "AT BE BG HR CY CZ DK EE FI FR DE GR HU IS IE IT LV LI LT LU MT NL NO PL PT RO SK SI ES SE"
    ).split()
)
US = "US"
UK_ADEQUACY: dict[str, str] = {
    **{code: "" for code in EEA},
    "GI": "",  # Gibraltar
    "CH": "",  # Switzerland
    "AD": "",  # Andorra
    "AR": "",  # Argentina
    "FO": "",  # Faroe Islands
    "GG": "",  # Guernsey
    "IM": "",  # Isle of Man
    "JE": "",  # Jersey
    "IL": "",  # Israel
    "NZ": "",  # New Zealand
    "UY": "",  # Uruguay
    "CA": "commercial organisations subject to Canada's Personal Information Protection "
    "and Electronic Documents Act (PIPEDA)",
    "JP": "private-sector organisations subject to Japan's Act on the Protection of "
    "Personal Information",
    "KR": "organisations subject to the Republic of Korea's Personal Information Protection Act",
    US: "US organisations certified to the UK Extension to the EU-US Data Privacy "
    "Framework (the UK-US data bridge)",
}
UK_ADEQUATE_COUNTRIES = frozenset(UK_ADEQUACY)


class Right(Term):
    """The rights of the data subject (UK GDPR Chapter III; DPA 2018 s164A)."""

    INFORMED = "informed", "the right to be informed"
    ACCESS = "access", "the right of access"
    RECTIFICATION = "rectification", "the right to rectification"
    ERASURE = "erasure", "the right to erasure"
    RESTRICTION = "restriction", "the right to restrict processing"
    PORTABILITY = "portability", "the right to data portability"
    OBJECTION = "objection", "the right to object"
    WITHDRAW_CONSENT = "withdraw-consent", "the right to withdraw consent"
    AUTOMATED_DECISIONS = (
        "automated-decisions",
        "rights about automated decision-making and profiling",
    )
    COMPLAIN = "complain", "the right to complain"


class ContactChannel(Term):
    """How we contact people; PECR treats the electronic ones differently."""

    EMAIL = "email", "email"
    SMS = "sms", "text message"
    AUTOMATED_CALL = "automated-call", "automated telephone calls"
    LIVE_CALL = "phone", "telephone calls"
    POST = "post", "post"
    SOCIAL_MEDIA = "social-media", "social media messages"
    DOOR_KNOCK = "in-person", "in person"

    @property
    def is_electronic_marketing(self) -> bool:
        """PECR regs 19, 22: these need specific prior consent for direct marketing."""
        return self in {
            ContactChannel.EMAIL,
            ContactChannel.SMS,
            ContactChannel.AUTOMATED_CALL,
            ContactChannel.SOCIAL_MEDIA,
        }


class RetentionTrigger(Term):
    """The event from which a retention period runs."""

    COLLECTION = "collection", "from when we collect it"
    LAST_CONTACT = "last-contact", "from our last contact with you"
    CASE_CLOSED = "case-closed", "from when your case is closed"
    END_OF_FINANCIAL_YEAR = "end-of-financial-year", "from the end of the financial year"
    END_OF_CONTRACT = "end-of-contract", "from the end of the contract or tenancy"
    END_OF_EMPLOYMENT = "end-of-employment", "from the end of employment or office"
    CONSENT_WITHDRAWN = "consent-withdrawn", "until you withdraw your consent"
    OPT_OUT = "opt-out", "until you ask us to stop"
    END_OF_TERM = "end-of-term", "until the end of our term of office"
    RECORDING = "recording", "from when it is recorded"

    @property
    def is_open_ended(self) -> bool:
        """Triggers that end processing rather than start a countdown."""
        return self in {
            RetentionTrigger.CONSENT_WITHDRAWN,
            RetentionTrigger.OPT_OUT,
            RetentionTrigger.END_OF_TERM,
        }


class Nation(Term):
    """The organisation's nation: it decides the bank holidays."""

    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"

    @property
    def holidays_subdivision(self) -> str:
        """The `holidays` package's code for this nation's bank holidays."""
        return {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}[
            self.value
        ]


class OrganisationKind(Term):
    PARISH_COUNCIL = "parish-council", "parish council"
    TOWN_COUNCIL = "town-council", "town council"
    PARISH_MEETING = "parish-meeting", "parish meeting"
    COUNCILLOR = "councillor", "councillor or councillors' office"
    POLITICAL_PARTY = "political-party", "local political party"
    CAMPAIGN_GROUP = "campaign-group", "campaigning organisation"
    OTHER_PUBLIC_AUTHORITY = "public-authority", "public authority"


class NoticeStatus(Term):
    DRAFT = "draft", "draft"
    ADOPTED = "adopted", "adopted"
    SUPERSEDED = "superseded", "superseded"


# The Information Commissioner's Office: for the right to complain in every notice.
ICO_CONTACT = {
    "name": "Information Commissioner's Office",
    "address": "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF",
    "phone": "0303 123 1113",
    "website": "https://ico.org.uk/make-a-complaint/",
}
