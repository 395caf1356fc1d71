"""Text rules: normalised keys for search, and the characters a request's text may hold."""

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema


def normalise(text: str) -> str:
    """Trimmed, case-folded, accents removed: `Amára` and `amara` give the same key."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Refused in every text field: the C0 and C1 controls and DEL (Unicode category Cc, which holds
# CR, LF, tab, NUL and NEL U+0085), the line and paragraph separators U+2028 and U+2029, and the
# bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069). The
# first two groups split email and HTTP headers and forge log lines; the last makes a name
# display as something other than what it holds. Written as a regex character-class body so
# that the check and the API document's `pattern` are the same rule.
_OTHER_CONTROLS = r"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_SINGLE_LINE_REFUSED = r"\x00-\x1f" + _OTHER_CONTROLS
# Multi-line text (notes) keeps tab, line feed and carriage return, and nothing else of the above.
_MULTI_LINE_REFUSED = r"\x00-\x08\x0b\x0c\x0e-\x1f" + _OTHER_CONTROLS
_SINGLE_LINE_RUN = re.compile(f"[{_SINGLE_LINE_REFUSED}]+")


def one_line(text: str) -> str:
    """`text` with every run of control characters replaced by one space, for a header or a log.

    For text that was never validated, such as names stored before the rule existed.
    """
    return _SINGLE_LINE_RUN.sub(" ", text).strip()


@dataclass(frozen=True)
class NoControlCharacters:
    """Refuses control characters in a text field (422); ordinary spaces are fine.

    Checked on the value as sent, before any trimming, so that the API document's `pattern`
    says exactly what is accepted. Put it last in `Annotated`, after `Field`/`StringConstraints`:
    constraints written after it are still enforced, but with pydantic's generic messages.
    """

    multiline: bool = False

    @property
    def _refused(self) -> str:
        return _MULTI_LINE_REFUSED if self.multiline else _SINGLE_LINE_REFUSED

    def _check(self, value: Any) -> Any:
        if isinstance(value, str) and re.search(f"[{self._refused}]", value):
            raise PydanticCustomError(
                "control_characters",
                "Text must not contain control characters other than line breaks and tabs"
                if self.multiline
                else "Text must not contain control characters (line breaks, tabs, NUL, ...)",
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        # A stricter pattern already there (a phone number's) keeps its place.
        json_schema.setdefault("pattern", f"^[^{self._refused}]*$")
        return json_schema


# The one rule for request text, as a constraint to put last in a field's `Annotated`
# (`Annotated[str, Field(max_length=100), SingleLine]`) and as ready-made types.
SingleLine = NoControlCharacters()
MultiLine = NoControlCharacters(multiline=True)
SingleLineText = Annotated[str, SingleLine]
MultiLineText = Annotated[str, MultiLine]
