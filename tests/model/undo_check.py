"""The undo algebra every command test checks (tests/model)."""

from __future__ import annotations

from editor.model.document import Document


def check_undo_redo(doc: Document, command) -> None:
    """Pushing ``command`` changes the state; undo gives back exactly the state before, redo
    exactly the state after."""
    before = doc.root.__getstate__()
    doc.push(command)
    after = doc.root.__getstate__()
    assert after != before
    doc.undo_stack.undo()
    assert doc.root.__getstate__() == before
    doc.undo_stack.redo()
    assert doc.root.__getstate__() == after
