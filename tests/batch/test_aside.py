"""The process the batch forks to read the workbook meanwhile: results, errors, death."""

from __future__ import annotations

import os

import pytest

from docgen.batch import aside
from docgen.errors import DocgenError, Problem, WorkbookError

pytestmark = pytest.mark.skipif(not aside.can_fork(), reason="this system cannot fork")


def _double(value: int) -> int:
    return 2 * value


def _refuse() -> None:
    raise WorkbookError([Problem("Partneri!J3 (IBAN)", "the checksum is wrong")])


def _die() -> None:
    os._exit(3)


def test_calls_return_in_turn_and_the_process_ends_when_closed():
    helper = aside.Aside()
    helper.call(_double, 21)
    assert helper.result() == 42
    helper.call(os.getpid)
    assert helper.result() != os.getpid()  # another process
    helper.close()
    assert not helper._process.is_alive()


def test_an_error_comes_back_whole():
    helper = aside.Aside()
    try:
        helper.call(_refuse)
        with pytest.raises(WorkbookError) as caught:
            helper.result()
        assert caught.value.problems == (Problem("Partneri!J3 (IBAN)", "the checksum is wrong"),)
        helper.call(_double, 1)  # and the process goes on
        assert helper.result() == 2
    finally:
        helper.close()


def test_a_process_that_dies_is_reported_not_waited_for():
    helper = aside.Aside()
    try:
        helper.call(_die)
        with pytest.raises(DocgenError, match=r"died \(exit code 3\)"):
            helper.result()
    finally:
        helper.close()
