"""Numbers sent by clients, checked against the columns that will keep them (issue #19).

Integers: every database key and integer column here is at most 64 bits. A larger
number in a query parameter or a body is a client's mistake (400), not an overflow in the
database driver (500), so every integer an API schema or a form reads is bounded with
the types below.

Decimals: an amount is checked as a ``Decimal`` (never through a float) against the
field's ``max_digits`` and ``decimal_places``, and against what SQLite keeps exactly:
SQLite stores a decimal column as an 8-byte float, exact to 15 significant digits, and
Django reads it back rounded to 15. A value with more digits would come back changed
(the fen lost) or, near the top of the field, over ``max_digits``, which made every page
showing it answer 500. The same limit holds on PostgreSQL, so that what one database
accepts the other keeps, and a backup moves between them unchanged.
"""

from decimal import Decimal, InvalidOperation
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Path, Query

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# What every supported database keeps of a decimal exactly (SQLite: an IEEE double).
EXACT_DIGITS = 15

# A database key, in a body or a query (a path has its own annotation below).
RowId = Annotated[int, Field(ge=1, le=INT64_MAX)]
# Any other integer a client sends: a filter on a key (where 0 finds nothing), an offset.
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
# A database key in the path of an API call.
PathId = Annotated[int, Path(ge=1, le=INT64_MAX)]
# A filter's integer in a query parameter of an API call, which may be left out (a key
# that matches nothing, 0 or -1, is the domain's to explain; 2**70 is no integer here).
OptionalQueryInt = Annotated[int | None, Query(ge=INT64_MIN, le=INT64_MAX)]
# What a PositiveIntegerField keeps on PostgreSQL (a capacity, a number of tables).
COUNT_MAX = 2**31 - 1
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]
# What a PositiveSmallIntegerField keeps on PostgreSQL (minutes of a slot, meetings).
SMALL_COUNT_MAX = 2**15 - 1
SmallCount = Annotated[int, Field(ge=0, le=SMALL_COUNT_MAX)]


# A page beyond this one is empty anyway; its offset must still fit in 64 bits.
LAST_PAGE = 1_000_000


def row_id(value) -> int | None:
    """A database key read from a client's text (a query parameter, a form value), or
    None when it is no key: not digits, or beyond 64 bits (which the SQLite driver cannot
    even send, and ``int()`` refuses past 4,300 digits)."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= INT64_MAX else None


def page_number(value) -> int:
    """The page a client asks for, from 1 to ``LAST_PAGE`` (1 when it gives none)."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return LAST_PAGE if len(text) > 7 else min(max(int(text), 1), LAST_PAGE)


class NumberRefused(ValueError):
    """Why a number cannot be stored, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def storable_decimal(
    value, *, max_digits: int, decimal_places: int, minimum: Decimal | int | None = 0, above_minimum=False
) -> Decimal:
    """``value`` (text, an int or a Decimal) as a Decimal with ``decimal_places`` places
    that a column ``max_digits`` wide keeps exactly on every database, or NumberRefused.
    The size is judged from the exponent before any arithmetic, so a number of thousands of
    digits costs nothing and never overflows a decimal context."""
    if isinstance(value, float):
        # Only a client's JSON number reaches here as a float. Its shortest form is exact
        # up to 15 significant digits, the only ones accepted; a longer number comes out
        # too large or too precise (9999999999999999.99 arrives as 1e16: refused).
        value = repr(value)
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise NumberRefused(_("Give a number, such as 1250000.00."))
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace(" ", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise NumberRefused(_("Give a number, such as 1250000.00.")) from None
    else:
        number = Decimal(value)
    if not number.is_finite():
        raise NumberRefused(_("Give a number, such as 1250000.00."))
    if minimum is not None and (number <= minimum if above_minimum else number < minimum):
        if above_minimum:
            raise NumberRefused(_("Give a number greater than %(minimum)s.") % {"minimum": minimum})
        raise NumberRefused(_("Give a number of %(minimum)s or more.") % {"minimum": minimum})
    if number and number.adjusted() >= max_digits - decimal_places:
        raise NumberRefused(
            _("The number is too large: it must be less than %(limit)s.")
            % {"limit": number_format(10 ** (max_digits - decimal_places), force_grouping=True)}
        )
    _sign, digits, exponent = number.as_tuple()
    digits = list(digits)
    while exponent < 0 and digits and digits[-1] == 0:
        digits.pop()
        exponent += 1
    if -exponent > decimal_places:
        raise NumberRefused(
            ngettext(
                "Give at most %(places)s decimal place.",
                "Give at most %(places)s decimal places.",
                decimal_places,
            )
            % {"places": decimal_places}
        )
    # A float keeps trailing zeros of the integer part for free: 9999999999999990 is exact.
    significant = "".join(map(str, digits)).strip("0")
    if len(significant) > EXACT_DIGITS:
        raise NumberRefused(
            _("The number has too many digits: at most %(digits)s significant digits are kept exactly.")
            % {"digits": EXACT_DIGITS}
        )
    return number.quantize(Decimal(1).scaleb(-decimal_places))


def storable_for(field, value, **limits) -> Decimal:
    """``storable_decimal`` with the digits of a model's DecimalField; the message starts
    with the field's name, as the API's validation messages do (``amount: ...``)."""
    try:
        return storable_decimal(
            value, max_digits=field.max_digits, decimal_places=field.decimal_places, **limits
        )
    except NumberRefused as refused:
        raise NumberRefused(f"{field.name}: {refused.message}") from None


def fits_field(field, value: Decimal | None) -> bool:
    """Whether a computed value (a converted amount) is one the field keeps exactly."""
    if value is None:
        return True
    try:
        storable_for(field, value, minimum=None)
    except NumberRefused:
        return False
    return True


@deconstructible
class StorableDecimalValidator:
    """The form and model side of ``storable_decimal``: the same limits, as a
    ValidationError, for a DecimalField (whose own validator allows 18 digits that SQLite
    then rounds)."""

    def __init__(self, max_digits: int, decimal_places: int):
        self.max_digits = max_digits
        self.decimal_places = decimal_places

    def __call__(self, value):
        if value is None:
            return
        try:
            storable_decimal(
                value, max_digits=self.max_digits, decimal_places=self.decimal_places, minimum=None
            )
        except NumberRefused as refused:
            raise ValidationError(refused.message, code="storable_decimal") from None

    def __eq__(self, other):
        return isinstance(other, StorableDecimalValidator) and (self.max_digits, self.decimal_places) == (
            other.max_digits,
            other.decimal_places,
        )


class StorableDecimalField(forms.DecimalField):
    """A form's decimal read by ``storable_decimal``: one clear message for a number too
    long, too large or too precise to keep, instead of Django's digit counts (which let
    through 18 digits that SQLite rounds)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return storable_decimal(
                value, max_digits=self.max_digits, decimal_places=self.decimal_places, minimum=None
            )
        except NumberRefused as refused:
            raise ValidationError(refused.message, code="invalid") from None


class BoundedIntegerField(forms.IntegerField):
    """A form's integer within 64 bits unless narrower bounds are given: a larger one is
    refused with the form's message rather than overflowing the database driver."""

    def __init__(self, *, min_value=INT64_MIN, max_value=INT64_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class RowIdConverter:
    """``<id:pk>`` in a page's address: a database key of at most 19 digits within 64 bits.
    Django's ``<int:...>`` takes any number of digits, and a longer one overflowed the
    SQLite driver (500) where it should find nothing (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= INT64_MAX:
            raise ValueError(value)  # the address matches no page: 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))
