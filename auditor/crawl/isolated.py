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
from pathlib import Path
from typing import Any

from auditor.errors import BrowserError

_WORLD = "auditor-measure"
_FRAME_SHOWN = (Path(__file__).with_name("browser_js") / "frame_shown.js").read_text()


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
        """(frame URL, result) for every child frame a user can see.

        Frames in the page's process and out-of-process frames (through sessions of
        their own) alike; a frame counts as seen only when its ``<iframe>`` is shown in
        its parent, and so on up to the page. A frame whose script fails (detached,
        navigating) is left out.
        """
        extra: list[Any] = []
        for frame in self._page.frames[1:]:
            try:  # only out-of-process frames have a session of their own
                extra.append(await self._context.new_cdp_session(frame))
            except Exception:
                continue
        try:
            where: dict[str, tuple[Any, str | None, str]] = {}  # id: session, parent, url
            for session in (self._session, *extra):
                try:
                    tree = await session.send("Page.getFrameTree")
                except Exception:  # the frame went away while we looked
                    continue
                for frame in _frames(tree["frameTree"]):
                    where.setdefault(frame["id"], (session, frame.get("parentId"),
                                                   str(frame.get("url", ""))))
            shown: dict[str, bool] = {}
            out: list[tuple[str, Any]] = []
            for frame_id, (session, parent, url) in where.items():
                if parent is None:
                    continue  # the page itself
                try:
                    if await _shown(frame_id, where, shown):
                        out.append((url, await _evaluate(session, frame_id, script, arg)))
                except Exception:  # detached or navigating: nothing to read there
                    continue
            return out
        finally:
            for session in extra:
                try:
                    await session.detach()
                except Exception:
                    pass


async def _shown(frame_id: str, where: dict[str, tuple[Any, str | None, str]],
                 memo: dict[str, bool]) -> bool:
    """Whether every <iframe> from `frame_id` up to the page is shown in its parent."""
    if frame_id not in memo:
        parent = where[frame_id][1]
        if parent is None:
            memo[frame_id] = True
        elif parent not in where:
            memo[frame_id] = False
        else:
            session = where[parent][0]
            try:
                owner = await session.send("DOM.getFrameOwner", {"frameId": frame_id})
                world = await session.send("Page.createIsolatedWorld", {
                    "frameId": parent, "worldName": _WORLD, "grantUniveralAccess": False})
                node = await session.send("DOM.resolveNode", {
                    "backendNodeId": owner["backendNodeId"],
                    "executionContextId": world["executionContextId"]})
                seen = await session.send("Runtime.callFunctionOn", {
                    "objectId": node["object"]["objectId"], "functionDeclaration": _FRAME_SHOWN,
                    "returnByValue": True})
                ok = bool(seen.get("result", {}).get("value"))
            except Exception:  # the frame or its element went away
                ok = False
            memo[frame_id] = ok and await _shown(parent, where, memo)
    return memo[frame_id]


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
