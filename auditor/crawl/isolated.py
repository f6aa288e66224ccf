"""Our scripts run in a JavaScript world of their own, where the page's scripts cannot reach.

A script evaluated in the page's main world (``page.evaluate``) shares its globals with
the page: a page that redefines the ``innerText`` getter, ``getComputedStyle`` or
``Array.prototype.map`` decides what the audit reads. Chromium gives each isolated world
its own globals and prototypes over the same DOM, so the measurement sees the document
as rendered and nothing the page redefined. :class:`IsolatedWorld` opens a DevTools
session for one page and evaluates each script in a fresh isolated world
(``Page.createIsolatedWorld``) of the main frame, or of every frame (out-of-process
frames through their own sessions).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from auditor.errors import BrowserError

_WORLD = "auditor-measure"


class IsolatedWorld:
    """Evaluate scripts for one page away from the page's own JavaScript (use ``async with``)."""

    def __init__(self, context: Any, page: Any) -> None:
        self._context, self._page = context, page
        self._session: Any = None

    async def __aenter__(self) -> IsolatedWorld:
        self._session = await self._context.new_cdp_session(self._page)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            try:
                await self._session.detach()
            except Exception:  # the page may already be closed
                pass
            self._session = None

    async def run(self, script: str, arg: Any = None) -> Any:
        """`script` (a JS function expression) called with `arg` in the main frame.

        When the document goes away under it (a click that reloads), it waits for the
        next document and tries once more.
        """
        for attempt in range(2):
            try:
                tree = await self._session.send("Page.getFrameTree")
                return await _evaluate(self._session, tree["frameTree"]["frame"]["id"],
                                       script, arg)
            except BrowserError:
                raise  # the script itself failed: trying again would fail again
            except Exception:
                if attempt:
                    raise
                await self._page.wait_for_load_state("domcontentloaded")
        raise AssertionError("unreachable")

    async def run_in_frames(self, script: str, arg: Any = None) -> list[tuple[str, Any]]:
        """(frame URL, result) for every child frame, in-process and out-of-process.

        A frame whose script fails (detached, navigating) is left out.
        """
        out: list[tuple[str, Any]] = []
        done: set[str] = set()
        tree = await self._session.send("Page.getFrameTree")
        root = tree["frameTree"]["frame"]["id"]
        done.add(root)
        await _each(self._session, tree["frameTree"], script, arg, out, done)
        for frame in self._page.frames[1:]:
            try:  # only out-of-process frames have a session of their own
                session = await self._context.new_cdp_session(frame)
            except Exception:
                continue
            try:
                sub = await session.send("Page.getFrameTree")
                await _each(session, sub["frameTree"], script, arg, out, done)
            except Exception:  # the frame went away while we looked
                continue
            finally:
                try:
                    await session.detach()
                except Exception:
                    pass
        return out


async def _each(session: Any, tree: dict[str, Any], script: str, arg: Any,
                out: list[tuple[str, Any]], done: set[str]) -> None:
    for frame in _frames(tree):
        if frame["id"] in done:
            continue
        done.add(frame["id"])
        try:
            out.append((str(frame.get("url", "")),
                        await _evaluate(session, frame["id"], script, arg)))
        except Exception:  # detached or navigating: nothing to read there
            continue


def _frames(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node["frame"]
        stack.extend(reversed(node.get("childFrames", [])))


async def _evaluate(session: Any, frame_id: str, script: str, arg: Any) -> Any:
    world = await session.send("Page.createIsolatedWorld", {
        "frameId": frame_id, "worldName": _WORLD, "grantUniveralAccess": False})
    result = await session.send("Runtime.evaluate", {
        "expression": f"({script})({json.dumps(arg)})",
        "contextId": world["executionContextId"], "returnByValue": True,
        "awaitPromise": True})
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        text = details.get("exception", {}).get("description") or details.get("text", "")
        raise BrowserError(f"measurement script failed: {str(text)[:300]}")
    return result.get("result", {}).get("value")


__all__ = ["IsolatedWorld"]
