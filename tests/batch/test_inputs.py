"""Scan inputs: folders walked in path order one folder at a time, hidden names and folder links skipped."""

from __future__ import annotations

from pathlib import Path

from hangup.batch.inputs import iter_items


def _tree(root: Path) -> None:
    for name in ("b.txt", "a/z.txt", "a/b/c.txt", "a/b.txt", "a/b0/d.eml", "c", "A.txt", ".hidden.txt",
                 ".git/objects/x.txt", "a/.cache/y.txt"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")


def test_a_folder_is_walked_in_path_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    expected = sorted(
        p for p in tmp_path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(tmp_path).parts)
    )
    got = [item.path for item in iter_items([str(tmp_path)])]
    assert got == [str(p) for p in expected]
    assert len(got) == 7 and not any("/." in g for g in got)


def test_links_to_folders_are_not_followed(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "link.txt").symlink_to(tmp_path / "b.txt")
    got = [item.path for item in iter_items([str(tmp_path)])]
    assert str(tmp_path / "link.txt") in got  # a link to a file is read
    assert not any("/loop/" in g for g in got if g)
    assert len(got) == 8


def test_inputs_keep_their_order_and_missing_ones_are_errors(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = list(iter_items([str(tmp_path / "c"), str(tmp_path / "nope"), str(tmp_path / "a" / "b")]))
    assert [i.path for i in items] == [str(tmp_path / "c"), None, str(tmp_path / "a" / "b" / "c.txt")]
    assert items[1].error is not None and "no such file or folder" in items[1].error
