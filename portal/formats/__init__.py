"""The portal's date formats (FORMAT_MODULE_PATH), and the one parser of typed dates.

Vietnamese writes dates day first (12/4/2022 is 12 April 2022), and so does the admin in both of
the portal's languages: Wagtail's date widgets show WAGTAIL_DATE_FORMAT ("%d/%m/%Y") whatever the
language, so every language must read back what the widgets write. Each language's
DATE_INPUT_FORMATS / DATETIME_INPUT_FORMATS are therefore day first, then ISO; no month-first
form is accepted anywhere.
"""

import datetime

# Day first, then ISO (YYYY-MM-DD). Never month first.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '12/4/2022', '12/04/2022' (what the admin's date widget writes)
    "%d-%m-%Y",  # '12-04-2022'
    "%d.%m.%Y",  # '12.04.2022'
    "%Y-%m-%d",  # '2022-04-12' (ISO)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # '12/04/2022 14:30' (what the admin's date-time widget writes)
    "%d/%m/%Y %H:%M:%S",  # '12/04/2022 14:30:59'
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y",  # '12/04/2022' (midnight)
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",  # ISO
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]


def parse_date(value):
    """A date typed or imported as dd/mm/yyyy (also with - or .) or ISO yyyy-mm-dd; None when
    it is none of them. '12/4/2022' is 12 April 2022."""
    value = (value or "").strip()
    if not value:
        return None
    if "T" in value or " " in value:  # an ISO date-time, or a date followed by a time
        value = value.replace("T", " ").split(" ", 1)[0]
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
