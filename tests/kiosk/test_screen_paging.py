"""The ▲/▼ paging rules of static/kiosk/kiosk.js (``KioskPaging``), run in Node as the browser runs them.

A page longer than the screen is read a screen at a time: ▼ brings the block cut by the frame's bottom
edge to the top (or moves a screen less a little overlap), never past the end; ▲ goes back a screen.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

KIOSK_JS = Path(__file__).resolve().parents[2] / "static" / "kiosk" / "kiosk.js"
FRAME = 1400
OVERLAP = 96


def run(calls: list[tuple[str, list]]) -> list:
    """Call ``KioskPaging[name](*args)`` for each (name, args) in Node; their results, in order."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the kiosk's paging rules (make test needs it for the browser tests too)")
    script = (
        "const paging = require(process.argv[1]);"
        "const calls = JSON.parse(process.argv[2]);"
        "process.stdout.write(JSON.stringify(calls.map(([name, args]) => paging[name](...args))));"
    )
    done = subprocess.run(
        [node, "-e", script, str(KIOSK_JS), json.dumps(calls)], capture_output=True, text=True, timeout=30, check=True
    )
    return json.loads(done.stdout)


def test_the_script_loads_in_node_without_a_document():
    assert run([("state", [0, FRAME, FRAME])]) == [{"overflows": False, "atTop": True, "atEnd": True}]


@pytest.mark.parametrize(
    ("top", "content", "expected"),
    [
        (0, FRAME, {"overflows": False, "atTop": True, "atEnd": True}),  # fits: no buttons
        (0, FRAME + 1, {"overflows": False, "atTop": True, "atEnd": True}),  # a pixel of rounding
        (0, 3000, {"overflows": True, "atTop": True, "atEnd": False}),
        (800, 3000, {"overflows": True, "atTop": False, "atEnd": False}),
        (1600, 3000, {"overflows": True, "atTop": False, "atEnd": True}),
        (1599, 3000, {"overflows": True, "atTop": False, "atEnd": True}),
    ],
)
def test_state(top, content, expected):
    assert run([("state", [top, FRAME, content])]) == [expected]


def test_down_without_blocks_moves_a_screen_less_the_overlap():
    assert run([("next", [0, FRAME, 5000, [], 1])]) == [FRAME - OVERLAP]


def test_down_brings_the_block_cut_at_the_bottom_to_the_top():
    blocks = [[0, 80], [900, 1300], [1350, 1500]]  # the third is cut by the bottom edge at 1400
    assert run([("next", [0, FRAME, 5000, blocks, 1])]) == [1350 - 16]


def test_down_picks_the_innermost_cut_block():
    blocks = [[1000, 2000], [1380, 1430]]  # a section cut at 1400, and the list item inside it
    assert run([("next", [0, FRAME, 5000, blocks, 1])]) == [1380 - 16]


def test_down_ignores_a_cut_block_starting_in_the_top_third_so_it_always_moves_on():
    blocks = [[200, 4000]]  # one tall block: aligning it would barely move
    assert run([("next", [0, FRAME, 5000, blocks, 1])]) == [FRAME - OVERLAP]


def test_down_stops_at_the_end_and_up_at_the_top():
    assert run([("next", [3000, FRAME, 5000, [], 1]), ("next", [500, FRAME, 5000, [], -1])]) == [3600, 0]


def test_up_goes_back_a_screen_less_the_overlap():
    assert run([("next", [3000, FRAME, 5000, [], -1])]) == [3000 - FRAME + OVERLAP]


def test_tapping_down_reaches_the_end_and_up_the_top():
    content = 7777
    blocks = [[offset, offset + 90] for offset in range(0, content, 130)]
    top, taps = 0, 0
    while taps < 20:
        (state,) = run([("state", [top, FRAME, content])])
        if state["atEnd"]:
            break
        (after,) = run([("next", [top, FRAME, content, blocks, 1])])
        assert after > top  # every tap moves on
        assert after <= top + FRAME  # and skips nothing: the new screen starts within the old one
        top, taps = after, taps + 1
    assert top == content - FRAME
    while top > 0:
        (top,) = run([("next", [top, FRAME, content, blocks, -1])])
    assert top == 0
