"""Loading: strict YAML, the file models, pydantic errors placed at their line, checks across
files, and the project that holds every data file of a root, checked."""
