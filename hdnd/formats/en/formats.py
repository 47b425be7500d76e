# The English interface keeps the Vietnamese dd/mm/yyyy dates.
from hdnd.formats.vi.formats import *  # noqa: F403
