"""Danish: "1. december 2026", "1. dec. 2026", "tirsdag den 1. december", 1,4.

Django's names take the domain's formats; the names Krampe adds (``WEEKDAY_DATE_FORMAT``
and the rest of ``FORMATS``) are read by the ``datefmt`` template filter.
"""

from krampe.domain.formats import DECIMAL_SEPARATOR as SEPARATORS
from krampe.domain.formats import FORMATS

_F = FORMATS["da"]
DATE_FORMAT = _F["DATE_FORMAT"]
SHORT_DATE_FORMAT = _F["SHORT_DATE_FORMAT"]
MONTH_DAY_FORMAT = _F["MONTH_DAY_FORMAT"]
YEAR_MONTH_FORMAT = _F["YEAR_MONTH_FORMAT"]
DATETIME_FORMAT = _F["DATETIME_FORMAT"]
WEEKDAY_DATE_FORMAT = _F["WEEKDAY_DATE_FORMAT"]
WEEKDAY_FULL_DATE_FORMAT = _F["WEEKDAY_FULL_DATE_FORMAT"]
SHORT_MONTH_DAY_FORMAT = _F["SHORT_MONTH_DAY_FORMAT"]
SHORT_WEEKDAY_FORMAT = _F["SHORT_WEEKDAY_FORMAT"]
SHORT_MONTH_FORMAT = _F["SHORT_MONTH_FORMAT"]
SHORT_MONTH_YEAR_FORMAT = _F["SHORT_MONTH_YEAR_FORMAT"]
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# A date field's value goes into <input type="date">, which takes only ISO dates.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]
DECIMAL_SEPARATOR = SEPARATORS["da"]
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
