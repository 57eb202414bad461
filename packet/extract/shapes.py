"""The shapes of values that letters print without a label: phone numbers, street lines, "City, ST 12345",
web addresses. Shared by the member's address block and the appeal's address block."""

from __future__ import annotations

import re

PHONE = re.compile(
    r"(?<![\d-])((?:1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?:\s*(?:x|ext\.?)\s*\d+)?)(?!\d)"
)
STREET = re.compile(
    r"^(\d+[A-Za-z]?\s+\w|P\.?\s?O\.?\s+Box\b|Post Office Box\b|One\s+\w+\s+(Plaza|Street|Way|Place))",
    re.IGNORECASE,
)
CITY_STATE_ZIP = re.compile(
    r"^[A-Za-z .'\-]+[,;.]?\s+[A-Z]{2}\.?,?\s+\d{5}(?:-\d{4})?$"
)  # OCR: "San Antonio; TX"
SUITE = re.compile(
    r"^(Suite|Ste\.?|Apt\.?|Apartment|Unit|Floor|Fl\.?|Room|Rm\.?|Building|Bldg\.?|Mail\s?Stop|MS)\b",
    re.IGNORECASE,
)
URL = re.compile(
    r"\b((?:https?://)?(?:www\.)?[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:com|org|net|gov|us|health)(?:/[^\s,;)]*)?)",
    re.IGNORECASE,
)
