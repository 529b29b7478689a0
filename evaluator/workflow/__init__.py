"""The work done around scores: criteria tests, officials' reviews, the diff between two
revisions, new partner files, JSON Schemas, and the provenance every output carries."""
