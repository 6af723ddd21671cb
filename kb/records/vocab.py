"""Controlled vocabularies, each value with a one-line definition.

The definitions are the single source for the glossary and the methodology pages: the site
renders :data:`VOCABULARIES` instead of repeating the words by hand.
"""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    """A controlled vocabulary whose members carry a one-line definition."""

    definition: str

    def __new__(cls, value: str, definition: str = "") -> Vocabulary:
        member = str.__new__(cls, value)
        member._value_ = value
        member.definition = definition
        return member


class IncidentKind(Vocabulary):
    ALLEGATION = "allegation", "One party accuses another of distillation, extraction or misuse."
    DISCLOSURE = "disclosure", "A party reports an attack or campaign against it without naming culprits."
    ADMISSION = "admission", "A party states that it did the thing itself."
    DOCUMENTED_PRACTICE = (
        "documented-practice",
        "Openly documented training on another model's outputs (not a dispute).",
    )
    ACCESS_REVOCATION = "access-revocation", "A provider cut or restricted another party's access."
    OBSERVATION = (
        "observation",
        "Observed model behaviour (such as self-identification) reported without a formal accusation.",
    )
    CONTEXT = (
        "context",
        "An adjacent event kept for context because public digests conflate it with distillation.",
    )


class Role(Vocabulary):
    ACCUSER = "accuser", "Makes the allegation."
    ACCUSED = "accused", "Is named as having done what the allegation describes."
    TARGET = "target", "Whose model, service or data was the object of the alleged conduct."
    INVESTIGATOR = "investigator", "Investigated or attributed the activity."
    INTERMEDIARY = "intermediary", "Proxy, reseller or platform through which access was obtained."
    REGULATOR = "regulator", "Government body or legislature acting on the matter."
    REPORTER = "reporter", "Outlet or analyst that first reported or documented the matter."
    DEVELOPER = "developer", "Built a model involved in the incident."
    COMMENTATOR = "commentator", "Publicly commented without being a party."
    SUBJECT = "subject", "The party an observation or documented practice is about."
    PROVIDER = (
        "provider",
        "Supplies the model or service at issue; in an access revocation, the party that cut access.",
    )
    AFFECTED = "affected", "Lost or had its access restricted without being accused of wrongdoing."


class Predicate(Vocabulary):
    DISTILLED_FROM = "distilled-from", "Trained the subject model to imitate the object model."
    TRAINED_ON_OUTPUTS_OF = (
        "trained-on-outputs-of",
        "Used the object's outputs as training data, however they were obtained.",
    )
    EXTRACTED_OUTPUTS_FROM = (
        "extracted-outputs-from",
        "Harvested outputs from the object's service at scale (the extraction step).",
    )
    FINE_TUNED_FROM = "fine-tuned-from", "Started from the object's weights and trained further."
    DERIVED_FROM = "derived-from", "Is derived from the object in an unspecified way."
    VIOLATED_TERMS_OF = "violated-terms-of", "Breached the object's terms of service or usage policy."
    CIRCUMVENTED_ACCESS_CONTROLS = (
        "circumvented-access-controls",
        "Evaded the object's access restrictions (regional blocks, rate limits, account bans).",
    )
    SELF_IDENTIFIED_AS = "self-identified-as", "The subject model named itself as the object."
    COMPARED_OUTPUTS_WITH = (
        "compared-outputs-with",
        "Used the object's outputs as a yardstick when evaluating the subject's.",
    )
    MISAPPROPRIATED_TRADE_SECRETS_OF = (
        "misappropriated-trade-secrets-of",
        "Took confidential technical information belonging to the object.",
    )
    RESTRICTED_ACCESS_OF = "restricted-access-of", "The subject cut or limited the object's access."
    RELAYED_REQUESTS_TO = (
        "relayed-requests-to",
        "The subject's hosted service passed requests on to the object model and returned its "
        "answers (a wrapper); not a lineage claim.",
    )
    REUSED_ARCHITECTURE_OF = (
        "reused-architecture-of",
        "Built on the object's published architecture or code, not its weights; not a lineage claim.",
    )


#: Predicates that assert one model descends from another; the graph treats them as lineage.
LINEAGE_PREDICATES = frozenset(
    {
        Predicate.DISTILLED_FROM,
        Predicate.TRAINED_ON_OUTPUTS_OF,
        Predicate.EXTRACTED_OUTPUTS_FROM,
        Predicate.FINE_TUNED_FROM,
        Predicate.DERIVED_FROM,
    }
)


class ClaimStatus(Vocabulary):
    ALLEGED = "alleged", "Asserted by the claimant; not independently verified."
    DISPUTED = "disputed", "Asserted, and contested by another party or by contrary evidence."
    DENIED = "denied", "The accused party has explicitly denied it."
    CORROBORATED = (
        "corroborated",
        "Supported by at least one independent source beyond the claimant.",
    )
    CONFIRMED = (
        "confirmed",
        "Established by a primary or official record, or admitted by the accused.",
    )
    REFUTED = "refuted", "Shown to be false by reliable evidence."
    RETRACTED = "retracted", "Withdrawn by the claimant."
    SELF_DECLARED = "self-declared", "Stated openly by the party that did it (e.g. a model card)."
    UNSUBSTANTIATED = (
        "unsubstantiated",
        "Circulates, but no source reviewed makes or supports it.",
    )


#: Statuses that need at least one evidence item with stance ``supports``.
STATUSES_NEEDING_SUPPORT = frozenset(
    {
        ClaimStatus.ALLEGED,
        ClaimStatus.DISPUTED,
        ClaimStatus.DENIED,
        ClaimStatus.CORROBORATED,
        ClaimStatus.CONFIRMED,
        ClaimStatus.SELF_DECLARED,
    }
)


class EvidenceKind(Vocabulary):
    PRIMARY_STATEMENT = (
        "primary-statement",
        "The party's own statement: blog post, press release, letter, model card.",
    )
    GOVERNMENT_DOCUMENT = "government-document", "Memo, cable, bill text, report of a public body."
    COURT_FILING = "court-filing", "Complaint, judgment or other court record."
    TECHNICAL_REPORT = "technical-report", "Threat-intelligence or technical report by an organisation."
    PAPER = "paper", "Academic or preprint paper."
    NEWS = "news", "Reporting by a news outlet."
    ANALYSIS = "analysis", "Commentary, newsletter or secondary analysis."
    SOCIAL_POST = "social-post", "A post on a social network."
    DATASET = "dataset", "A published dataset."
    TRANSCRIPT_ANALYSIS = (
        "transcript-analysis",
        "An analysis of model transcripts produced with `kb evidence analyze`.",
    )


#: Kinds that can, when first-hand, establish a ``confirmed`` claim.
PRIMARY_KINDS = frozenset(
    {EvidenceKind.PRIMARY_STATEMENT, EvidenceKind.GOVERNMENT_DOCUMENT, EvidenceKind.COURT_FILING}
)


class Reliability(Vocabulary):
    """Admiralty (NATO) source-reliability grades."""

    A = "A", "Completely reliable: history of complete reliability, authentic source."
    B = "B", "Usually reliable: minor doubts, mostly valid information in the past."
    C = "C", "Fairly reliable: doubts, but has provided valid information before."
    D = "D", "Not usually reliable: significant doubts."
    E = "E", "Unreliable: history of invalid information."
    F = "F", "Reliability cannot be judged."


class Stance(Vocabulary):
    SUPPORTS = "supports", "The source makes or backs the claim."
    DISPUTES = "disputes", "The source contradicts the claim or reports a denial."
    CONTEXT = "context", "The source gives background without taking a side."


class ResponseStance(Vocabulary):
    DENIED = "denied", "Explicitly rejected the claim."
    DISPUTED = "disputed", "Contested part of the claim or its framing."
    ACKNOWLEDGED = "acknowledged", "Accepted the claim or part of it."
    DECLINED_TO_COMMENT = "declined-to-comment", "Asked for comment and explicitly declined."
    DID_NOT_RESPOND = "did-not-respond", "Asked for comment and did not answer in time for the report."
    NO_RESPONSE_FOUND = (
        "no-response-found",
        "No public response was found by the editors as of the response date.",
    )
    COMMENTED = "commented", "Made a statement that neither accepts nor rejects the claim."


class DatePrecision(Vocabulary):
    DAY = "day", "Known to the day (YYYY-MM-DD)."
    MONTH = "month", "Known to the month (YYYY-MM)."
    YEAR = "year", "Known to the year (YYYY)."


class ActorKind(Vocabulary):
    COMPANY = "company", "A company, including AI labs."
    GOVERNMENT_BODY = "government-body", "Ministry, agency, office or department of a government."
    LEGISLATURE = "legislature", "A legislature, chamber or committee."
    INTERMEDIARY = "intermediary", "Proxy service, API reseller or other access intermediary."
    INDUSTRY_BODY = "industry-body", "An industry association or forum."
    ACADEMIC = "academic", "A university, lab or research group."
    MEDIA = "media", "A news or analysis outlet."
    PERSON = "person", "A named individual (only when acting publicly in a named role)."
    GROUP = "group", "An unnamed or loosely defined set of actors (e.g. 'China-based entities')."


class ModelAccess(Vocabulary):
    OPEN_WEIGHTS = "open-weights", "Weights downloadable by the public."
    API = "api", "Available through a hosted API or app; weights not released."
    CLOSED = "closed", "Not publicly available."
    RESEARCH_RELEASE = "research-release", "Released for research under restrictions."


class LineageRelation(Vocabulary):
    FINE_TUNE = "fine-tune", "Further trained from the base model's weights."
    DISTILLATION = "distillation", "Trained to imitate the base model's outputs."
    MERGE = "merge", "Weights combined from several models."
    QUANTISATION = "quantisation", "Lower-precision copy of the base model."
    ADAPTER = "adapter", "An adapter (e.g. LoRA) on top of the base model."


class PolicyKind(Vocabulary):
    MEMO = "memo", "An executive or agency memorandum."
    BILL = "bill", "Proposed legislation."
    STATUTE = "statute", "Enacted legislation."
    AMENDMENT = "amendment", "A proposed amendment to a bill."
    CABLE = "cable", "A diplomatic cable or instruction."
    REGULATION = "regulation", "A rule issued by a regulator."
    ENFORCEMENT_ACTION = "enforcement-action", "A sanction, listing, designation or similar action."
    TERMS_OF_SERVICE = "terms-of-service", "A change to a provider's terms or usage policy."
    INDUSTRY_AGREEMENT = "industry-agreement", "Voluntary cooperation between companies."
    INTERNAL_POLICY = (
        "internal-policy",
        "A company's rule for its own staff or systems, usually known from reporting.",
    )
    INVESTIGATION = "investigation", "A parliamentary or agency investigation or report."


class PolicyStatus(Vocabulary):
    ANNOUNCED = "announced", "Publicly announced; text or effect not yet seen."
    ISSUED = "issued", "Issued by the responsible body (memos, cables, reports)."
    PROPOSED = "proposed", "Introduced or proposed, not yet acted on."
    IN_COMMITTEE = "in-committee", "Under consideration or advanced by a committee."
    ENACTED = "enacted", "Passed into law."
    IN_FORCE = "in-force", "Currently in effect."
    WITHDRAWN = "withdrawn", "Withdrawn or lapsed."
    UNKNOWN = "unknown", "Status could not be established from the sources reviewed."


class DetectionMethod(Vocabulary):
    ACCOUNT_CORRELATION = (
        "account-correlation",
        "Linking accounts by IP address, payment, request metadata or infrastructure.",
    )
    BEHAVIOURAL_FINGERPRINTING = (
        "behavioural-fingerprinting",
        "Recognising a campaign by the pattern of its traffic rather than single requests.",
    )
    CLASSIFIER = "classifier", "A trained classifier flagging distillation-like traffic."
    PROMPT_ANALYSIS = "prompt-analysis", "Reading what the prompts asked for (e.g. reasoning traces)."
    TIMING_CORRELATION = "timing-correlation", "Activity that tracks the victim's model releases."
    PROXY_NETWORK_ANALYSIS = (
        "proxy-network-analysis",
        "Mapping proxy or reseller networks that spread traffic over many accounts.",
    )
    INDUSTRY_INTELLIGENCE = "industry-intelligence", "Indicators shared by other companies."
    WATERMARK_DETECTION = "watermark-detection", "Detecting a watermark in the suspect's outputs."
    SELF_IDENTIFICATION = "self-identification", "The suspect model naming another vendor's model."
    OUTPUT_SIMILARITY = "output-similarity", "Stylistic or content similarity of outputs."
    DATA_VOLUME_ANOMALY = "data-volume-anomaly", "Unusual volumes of data drawn through an API."
    ACCOUNT_USAGE_REVIEW = (
        "account-usage-review",
        "The provider's review of how a known customer's account used its service.",
    )
    INTERNAL_DOCUMENTS = (
        "internal-documents",
        "Internal documents, correspondence or insiders' accounts, usually as reported by journalists.",
    )
    PARAMETER_FINGERPRINT = (
        "parameter-fingerprint",
        "Comparing statistics or invariants of two models' weights (e.g. layer-wise attention-parameter "
        "profiles) to argue that one derives from the other.",
    )
    TOKENIZER_FINGERPRINT = (
        "tokenizer-fingerprint",
        "A service's tokenizer behaviour matching another model's tokenizer rather than the one claimed.",
    )
    BENCHMARK_NON_REPLICATION = (
        "benchmark-non-replication",
        "Independent evaluators fail to reproduce a model's reported benchmark scores.",
    )
    WORD_CHOICE_FORENSICS = (
        "word-choice-forensics",
        "Words and phrases over-represented in a model's outputs (its 'slop' profile) compared with "
        "another model's; stylometric and indicative only.",
    )
    ATTRIBUTION_CLASSIFIER = (
        "attribution-classifier",
        "A classifier trained to tell which model wrote a text from word choice, formatting and phrasing.",
    )
    PROVENANCE_TESTING = (
        "provenance-testing",
        "A black-box statistical test of whether a suspect's outputs match a candidate parent's more "
        "than unrelated models' do.",
    )
    EMBEDDED_FINGERPRINT = (
        "embedded-fingerprint",
        "A secret key-and-response pair the publisher trains into its model, checked on a suspect model.",
    )
    LEAKED_MODEL_ID = (
        "leaked-model-id",
        "An identifier exposed by a service (e.g. in an API base URL) that names the underlying model.",
    )
    UNRELEASED_DATA_RECOGNITION = (
        "unreleased-data-recognition",
        "The suspect model shows an ability learned from data its alleged source never released.",
    )
    CODE_COMPARISON = (
        "code-comparison",
        "Side-by-side comparison of source code, configuration files or tensor names.",
    )
    UNDISCLOSED = "undisclosed", "The accuser did not say how it knows."


class FigureQualifier(Vocabulary):
    EXACTLY = "exactly", "The figure as stated, without qualification."
    APPROXIMATELY = "approximately", "About this much ('~', 'about', 'roughly')."
    OVER = "over", "More than this ('over', '+', 'more than')."
    AT_LEAST = "at-least", "No less than this."
    UP_TO = "up-to", "No more than this."
    UNDER = "under", "Less than this ('less than', 'under', '<')."
    ORDER_OF = "order-of", "An order of magnitude ('tens of thousands')."


#: Every vocabulary by the name the docs use for it.
VOCABULARIES: dict[str, type[Vocabulary]] = {
    "incident kind": IncidentKind,
    "role": Role,
    "claim predicate": Predicate,
    "claim status": ClaimStatus,
    "evidence kind": EvidenceKind,
    "source reliability": Reliability,
    "evidence stance": Stance,
    "response stance": ResponseStance,
    "date precision": DatePrecision,
    "actor kind": ActorKind,
    "model access": ModelAccess,
    "lineage relation": LineageRelation,
    "policy kind": PolicyKind,
    "policy status": PolicyStatus,
    "detection method": DetectionMethod,
    "figure qualifier": FigureQualifier,
}
