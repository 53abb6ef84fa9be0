"""StreamField values as stored: every list item in Wagtail's block format, and block ids
kept from one version of a value to the next.

Code that writes a StreamField from plain data (the demo content, imports) hands Wagtail
lists of dicts. Stored as given, the items of a ListBlock keep the old list format,
without ids; wagtail-localize offers no segment for them (so the facts of a fact box or
the stops of a day could not be translated) and gives every new value fresh ids (so a
translation keyed by a block's id would be lost on each import). Passing such values
through `block_format` and `keep_block_ids` stores them as the page editor would.
"""

from wagtail.blocks import StreamValue


def block_format(field, value) -> list:
    """The value of StreamField `field` as its stored JSON, every item with an id."""
    if not isinstance(value, StreamValue):
        value = field.to_python(value)
    for index in range(len(value)):
        value[index]  # noqa: B018 - reading a child turns its raw data into blocks
    return field.stream_block.get_prep_value(value)


def keep_block_ids(field, value, reference) -> StreamValue:
    """`value` with the ids of the blocks of `reference` at the same place and of the same type.

    A block keeps its identity while its text changes, as when an editor edits it; a block
    that moved, or took another type, gets a new one.
    """
    stored = block_format(field, value)
    if reference is not None:
        _graft(stored, block_format(field, reference))
    return field.to_python(stored)


def _is_block(item) -> bool:
    return isinstance(item, dict) and {"type", "value", "id"} <= item.keys()


def _graft(value, reference) -> None:
    if isinstance(value, list) and isinstance(reference, list):
        for item, old in zip(value, reference, strict=False):
            if _is_block(item) and _is_block(old) and item["type"] == old["type"]:
                item["id"] = old["id"]
                _graft(item["value"], old["value"])
    elif isinstance(value, dict) and isinstance(reference, dict):  # a StructBlock's value
        for name in value.keys() & reference.keys():
            _graft(value[name], reference[name])
