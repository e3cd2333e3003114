"""One module per rule-table kind, and the registry (`registry.KINDS`) that the loader, the
engine and the renderers loop over. See docs/authoring.md, "Adding a table kind"."""
