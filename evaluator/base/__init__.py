"""The base layer: errors, field types, wording of numbers and values, atomic file writes.

Everything above (load, rules, scoring, workflow, outputs, cli) may import from here; nothing
here imports from above.
"""

__version__ = "0.2.0.dev0"
