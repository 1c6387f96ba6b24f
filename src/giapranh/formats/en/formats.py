# English pages keep the Vietnamese date formats (dd/mm/yyyy); only the number separators differ.
from giapranh.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
