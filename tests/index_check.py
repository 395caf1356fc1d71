"""pytest plugin: every query shape the app sends must be served by a declared index.

While the tests run on the in-process engine (MONGODB_URL=memory://) this records the shape of
every query that reaches a collection (find, find_one, count_documents, distinct, aggregate's
leading $match and $sort, update, replace, delete, find-and-modify and bulk-write filters), with
the app code that sent it. At the end it checks each shape sent from `app/` or `scripts/`
against the indexes `init_beanie` declares for `app.database.DOCUMENT_MODELS` (plus `_id`) by the
Equality-Sort-Range rule (`tests/query_shapes.py`), and fails the run when one is not served,
naming the shape, the code and the first test that sent it. Declared indexes that no recorded
query used are listed for information. A partial run checks what it saw. Queries written only in
tests are listed but never fail the run. Off with `-p no:tests.index_check`; on a real MongoDB
it records nothing.
"""

import asyncio
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.query_shapes import (
    DeclaredIndex,
    QueryShape,
    always_served,
    normalise_sort,
    pipeline_shapes,
    serving_indexes,
    shape_of,
)

ROOT = Path(__file__).resolve().parents[1]
PRODUCT_DIRS = (str(ROOT / "app") + os.sep, str(ROOT / "scripts") + os.sep)
TEST_DIR = str(ROOT / "tests") + os.sep
THIS_FILE = str(Path(__file__).resolve())
FRAMES_SHOWN = 3

# (method, position of its filter argument, whether it reads at most one document)
FILTERED_METHODS = (
    ("find_one", 0, True),
    ("count_documents", 0, False),
    ("update_one", 0, False),
    ("update_many", 0, False),
    ("replace_one", 0, False),
    ("delete_one", 0, False),
    ("delete_many", 0, False),
    ("find_one_and_update", 0, True),
    ("find_one_and_replace", 0, True),
    ("find_one_and_delete", 0, True),
)


def _argument(args: tuple, kwargs: dict, name: str, position: int) -> Any:
    return kwargs[name] if name in kwargs else (args[position] if len(args) > position else None)


def _caller() -> tuple[bool, str]:
    """(sent by product code, where): the innermost app/scripts frames, else the test's line."""
    product: list[str] = []
    test_line = ""
    frame = sys._getframe(2)
    while frame is not None and len(product) < FRAMES_SHOWN:
        filename = frame.f_code.co_filename
        where = f"{os.path.relpath(filename, ROOT)}:{frame.f_lineno} in {frame.f_code.co_name}"
        if filename.startswith(PRODUCT_DIRS):
            product.append(where)
        elif not test_line and filename.startswith(TEST_DIR) and filename != THIS_FILE:
            test_line = where
        frame = frame.f_back  # type: ignore[assignment]
    if product:
        return True, " < ".join(product)
    return False, test_line or "(outside the repository)"


class ShapeRecorder:
    """The shapes seen in this run: shape -> {where it was sent: first test that sent it}."""

    def __init__(self) -> None:
        self.product: dict[QueryShape, dict[str, str]] = defaultdict(dict)
        self.tests_only: dict[QueryShape, dict[str, str]] = defaultdict(dict)
        self.current_test = "(collection)"
        self.recording = True

    def record(self, shape: QueryShape) -> None:
        if not self.recording:
            return
        from_product, where = _caller()
        seen = self.product if from_product else self.tests_only
        seen[shape].setdefault(where, self.current_test)


RECORDER = ShapeRecorder()


def _wrap(cls: type, name: str, shapes: Callable[[Any, tuple, dict], list[QueryShape]]) -> None:
    original = getattr(cls, name)

    def recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
        for shape in shapes(self, args, kwargs):
            RECORDER.record(shape)
        return original(self, *args, **kwargs)

    recorded.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(cls, name, recorded)


def _filtered(method: str, position: int, one: bool) -> Callable[..., list[QueryShape]]:
    def shapes(collection: Any, args: tuple, kwargs: dict) -> list[QueryShape]:
        query = _argument(args, kwargs, "filter", position)
        if query is not None and not isinstance(query, dict):
            query = {"_id": query}
        sort = kwargs.get("sort")
        return [shape_of(collection.name, method, query, sort, bounded=one)]

    return shapes


def _distinct(collection: Any, args: tuple, kwargs: dict) -> list[QueryShape]:
    return [shape_of(collection.name, "distinct", _argument(args, kwargs, "filter", 1))]


def _aggregate(collection: Any, args: tuple, kwargs: dict) -> list[QueryShape]:
    return pipeline_shapes(collection.name, _argument(args, kwargs, "pipeline", 0) or [])


def _bulk_write(collection: Any, args: tuple, kwargs: dict) -> list[QueryShape]:
    requests = _argument(args, kwargs, "requests", 0) or []
    return [
        shape_of(
            collection.name,
            f"bulk_write.{type(op).__name__}",
            op._filter,
            getattr(op, "_sort", None),
        )
        for op in requests
        if getattr(op, "_filter", None) is not None
    ]


def _record_cursor(cursor: Any) -> None:
    """Record a find when its cursor is first read (after any chained sort or limit)."""
    if cursor.__dict__.get("_shape_recorded"):
        return
    cursor.__dict__["_shape_recorded"] = True
    query = cursor._AsyncCursor__cursor
    limit = query._limit or 0
    shape = shape_of(
        query.collection.name, "find", query._spec, normalise_sort(query._sort),
        bounded=abs(limit) == 1,
    )  # fmt: skip
    RECORDER.record(shape)


def _install() -> None:
    """Wrap the in-process engine's Motor-shaped classes (what the app's driver calls)."""
    from mongomock_motor import AsyncCursor, AsyncMongoMockCollection

    for method, position, one in FILTERED_METHODS:
        _wrap(AsyncMongoMockCollection, method, _filtered(method, position, one))
    _wrap(AsyncMongoMockCollection, "distinct", _distinct)
    _wrap(AsyncMongoMockCollection, "aggregate", _aggregate)
    _wrap(AsyncMongoMockCollection, "bulk_write", _bulk_write)
    for name in ("next", "__anext__", "to_list"):
        original = getattr(AsyncCursor, name)

        def reading(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            _record_cursor(self)
            return _original(self, *args, **kwargs)

        setattr(AsyncCursor, name, reading)


async def _create_declared_indexes() -> list[DeclaredIndex]:
    """The indexes init_beanie creates for every document model, read from a fresh engine."""
    from beanie import init_beanie
    from mongomock_motor import AsyncMongoMockClient

    from app.database import DOCUMENT_MODELS

    database = AsyncMongoMockClient(tz_aware=True)["index_check"]
    await init_beanie(database=database, document_models=DOCUMENT_MODELS)
    declared = []
    for model in DOCUMENT_MODELS:
        collection = model.get_motor_collection()
        for name, info in (await collection.index_information()).items():
            declared.append(
                DeclaredIndex(
                    collection=collection.name,
                    name=name,
                    keys=tuple((field, int(direction)) for field, direction in info["key"]),
                    unique=bool(info.get("unique")),
                    sparse=bool(info.get("sparse")),
                    ttl="expireAfterSeconds" in info,
                )
            )
    return declared


class IndexCoverage:
    """The verdict of one run."""

    def __init__(self, recorder: ShapeRecorder, declared: list[DeclaredIndex]) -> None:
        collections = {index.collection for index in declared}
        self.unserved: dict[QueryShape, dict[str, str]] = {}
        self.unserved_in_tests: dict[QueryShape, dict[str, str]] = {}
        used: set[DeclaredIndex] = set()
        for seen, unserved in (
            (recorder.product, self.unserved),
            (recorder.tests_only, self.unserved_in_tests),
        ):
            for shape, places in seen.items():
                if shape.collection not in collections:
                    continue  # a test's own scratch collection
                serving = serving_indexes(shape, declared)
                used.update(serving)
                if not serving and not always_served(shape):
                    unserved[shape] = places
        self.shapes = len(recorder.product)
        # `_id_` is MongoDB's own (every `_id` lookup uses it), never a declaration to review.
        self.unused = [index for index in declared if index not in used and index.name != "_id_"]

    def lines(self) -> Iterator[str]:
        """The report printed at the end of the run."""
        yield (
            f"{self.shapes} query shapes sent by the app; "
            f"{len(self.unserved)} with no declared index that serves them (ESR rule)"
        )
        for title, shapes in (
            ("NOT SERVED", self.unserved),
            ("not served, sent only by test code (informational)", self.unserved_in_tests),
        ):
            for shape, places in sorted(shapes.items()):
                yield f"{title}: {shape.describe()}"
                for where, test in sorted(places.items()):
                    yield f"    at {where}"
                    yield f"       first in {test}"
        for index in self.unused:
            yield f"declared, used by no query of this run: {index.describe()}"


def pytest_configure(config: pytest.Config) -> None:
    memory = os.environ.get("MONGODB_URL", "memory://").startswith("memory://")
    if memory and not config.stash.get(_installed, False):
        _install()
        config.stash[_installed] = True


_installed = pytest.StashKey[bool]()
_coverage = pytest.StashKey[IndexCoverage]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    RECORDER.current_test = item.nodeid
    try:
        return (yield)
    finally:
        RECORDER.current_test = "(between tests)"


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not session.config.stash.get(_installed, False) or not RECORDER.product:
        return
    RECORDER.recording = False
    coverage = IndexCoverage(RECORDER, asyncio.run(_create_declared_indexes()))
    session.config.stash[_coverage] = coverage
    if coverage.unserved and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    coverage = config.stash.get(_coverage, None)
    if coverage is None:
        return
    failing = bool(coverage.unserved)
    terminalreporter.section("index coverage", red=failing, green=not failing, bold=failing)
    for line in coverage.lines():
        terminalreporter.write_line(line)
