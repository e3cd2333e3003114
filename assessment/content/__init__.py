"""Load and check content: YAML reading, packs, their schema and their cases."""
