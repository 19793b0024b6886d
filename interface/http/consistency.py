"""Read consistency over HTTP: a command answers the log position of what it stored in
`X-Log-Position`; a read takes `min_position` (or `X-Min-Position`), waits, bounded, until its
view has reached it, and answers the position it reflects in `X-Log-Position`.

No `from __future__ import annotations`: FastAPI reads the dependency's annotations at runtime.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Response

from application.case_store import CaseStore
from domain.bounds import MAX_SERIAL

LOG_POSITION = "X-Log-Position"
MIN_POSITION = "X-Min-Position"
POSITION_HEADER = {
    LOG_POSITION: {
        "description": "the event-log position the answer reflects (a read), or of the last "
        "event it stored (a command): a later read's `min_position`",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    }
}  # for the document: the responses that name their position
MIN_POSITION_HELP = (
    "answer only once the view reflects at least this event-log position: the `X-Log-Position` "
    f"a command answered (or send the `{MIN_POSITION}` header); 503 `views_behind` if it does "
    "not within the configured wait"
)


@dataclass(frozen=True)
class ReadAt:
    """The position a read must reflect (None: any), and the response it answers with."""

    min_position: int | None
    response: Response

    def reflects(self, position: int) -> None:
        """Name the log position the answer reflects in its `X-Log-Position` header."""
        self.response.headers[LOG_POSITION] = str(position)

    def answer(self, result: Any, position: int) -> Any:
        """`result`, naming `position` as `reflects` does, also where it is a response of its
        own (such as a spreadsheet), which does not take the headers of `response`."""
        self.reflects(position)
        if isinstance(result, Response):
            result.headers[LOG_POSITION] = str(position)
        return result


def read_at(
    response: Response,
    min_position: Annotated[
        int | None, Query(ge=0, le=MAX_SERIAL, description=MIN_POSITION_HELP)
    ] = None,
    header: Annotated[
        int | None, Header(alias=MIN_POSITION, ge=0, description="as `min_position`")
    ] = None,
) -> ReadAt:
    """The read's `min_position`: the greater of the parameter and the header, if given."""
    given = [position for position in (min_position, header) if position is not None]
    return ReadAt(max(given) if given else None, response)


def written(response: Response, store: CaseStore) -> Response:
    """A command's response, naming the log position of the last event it stored."""
    response.headers[LOG_POSITION] = str(store.last_position)
    return response


ReadAtDep = Annotated[ReadAt, Depends(read_at)]
