"""The lock files install exactly the versions pinned in requirements/*.txt, each with its hashes.

requirements/base.txt and dev.txt are where pins are written (every package, transitive ones
too); `make lock` makes base.lock and dev.lock from them, with the hash of every file the package
index has for each version, and `make` installs from the locks with --require-hashes.
"""

import re
from pathlib import Path

import pytest

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if line.startswith("-r "):
            pins |= _pins(path.parent / line.split()[1])
        elif found := PIN.match(line):
            pins[_name(found[1])] = found[2]
    return pins


@pytest.mark.parametrize("name", ["base", "dev"])
def test_each_lock_pins_the_versions_written_in_requirements(name):
    written = _pins(REQUIREMENTS / f"{name}.txt")
    locked = _pins(REQUIREMENTS / f"{name}.lock")
    assert {package: locked.get(package) for package in written} == written, "run `make lock`"
    assert set(locked) - set(written) <= {"pip"}, (
        f"{sorted(set(locked) - set(written) - {'pip'})} are needed but not pinned in requirements/{name}.txt"
    )


@pytest.mark.parametrize("name", ["base", "dev"])
def test_every_locked_package_has_its_hashes(name):
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (REQUIREMENTS / f"{name}.lock").read_text())
    packages = [block for block in blocks if PIN.match(block)]
    assert packages
    assert [block.split(" ")[0] for block in packages if "--hash=sha256:" not in block] == []
