"""Small constants shared by the library and the command line.

They live apart from the data model so that building the CLI's options (which need
them) does not import anything else.
"""

FORMATS = ("film", "series")
ENDINGS = ("hopeful", "bittersweet", "devastating")
ENDING_ALIASES = {"devastated": "devastating"}  # what people say for the catalogue's word
DEFAULT_EPISODE_MINUTES = 24  # a TV episode with its opening and ending
DEMOGRAPHICS = frozenset(("Shounen", "Seinen", "Shoujo", "Josei", "Kids"))  # MyAnimeList audiences
ACCOLADES = frozenset(("Award Winning",))  # MyAnimeList "genres" that say nothing of the story
MAL_PAGE = "https://myanimelist.net/anime/{}"  # a title's page, by its MyAnimeList id
TITLE_LANGUAGES = ("english", "romaji", "native")  # the names a title may go by (--titles)
SORT_ORDERS = ("title", "year", "tears", "episodes")  # how `list` may order its titles
