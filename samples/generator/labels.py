"""The labels real notices print for each field (../shared/reference/denial-notices.md); each letter picks
its own, by its number, from the ones its plan type would print."""

from __future__ import annotations

MEMBER_NAME = {
    "default": ["Member name", "Patient Name", "Name", "Member"],
    "medicare_advantage": ["Beneficiary's name", "Name", "Member name"],
    "medicare_part_d": ["Enrollee's name", "Name", "Beneficiary's name"],
    "medicaid": ["Enrollee's name", "Name", "Member name", "TO"],
}
MEMBER_ID = {
    "default": [
        "Member ID",
        "Member number",
        "Member ID number",
        "ID Number",
        "Subscriber ID",
        "Identification number",
    ],
    "medicare_advantage": ["Member number", "Member ID", "ID Number"],
    "medicare_part_d": ["Enrollee Number", "Member ID", "Member number"],
    "medicaid": ["Medicaid ID", "Member ID", "Enrollee Number", "ID Number"],
}
NOTICE_DATE = ["Date", "Date of Notice", "DATE", "Notice date"]
SERVICE = ["Service", "Description of Service", "Requested Service(s)/Treatment Code", "Requested service"]
DRUG = ["Drug requested", "Medication", "Requested drug", "Service"]
PROVIDER = ["Requesting provider", "Provider", "Treating physician", "Ordering provider"]
PRESCRIBER = ["Prescriber", "Requesting provider", "Provider"]
REASON = [
    "Reason for denial:",
    "We denied this request because:",
    "Why did we deny your request?",
    "THE REASONS FOR OUR DECISION",
    "Findings:",
    "Reason for Denial",
]
CRITERIA = ["Criteria used", "Clinical criteria", "Policy", "Medical policy", "Rule or criteria used"]
DOB = ["Date of birth", "DOB", "Birth date"]
SERVICE_DATE = ["Date of service", "Date of Service", "Service date", "DOS"]


def pick(
    options: list[str] | dict[str, list[str]], number: int, plan_type: str = "default", salt: int = 0
) -> str:
    """The label letter ``number`` prints (stable: the same letter always picks the same)."""
    pool = options if isinstance(options, list) else options.get(plan_type, options["default"])
    return pool[(number * 7 + salt * 3) % len(pool)]
