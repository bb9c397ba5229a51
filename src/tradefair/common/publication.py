"""Whether an expo's results are public.

Publishing results is the reports app's (reports.domain.publication: the latest
publication, unless withdrawn), yet apps below reports need the answer: deals shows
everybody the public deals only once the results are out. So the question is asked here,
at the bottom of the house, and reports answers it when it is ready (ReportsConfig.ready),
the way a signal's receiver answers a sender that does not know it."""

from collections.abc import Callable

_answer: Callable[[object], bool] | None = None


def results_published(expo) -> bool:
    """Whether the expo's results are public; never, while no app answers."""
    return _answer is not None and bool(_answer(expo))


def answer_results_published(function: Callable[[object], bool]) -> None:
    global _answer
    _answer = function
