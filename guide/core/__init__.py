"""The pure core: the guide as data, the condition language, the interview and its verdict.

Nothing here paints, reads a file, looks at the clock or looks a catalog up; every product
rule is tested quickly here. The layers above (loader, trainer tools, reports, front ends)
import the core, never the other way round (import contracts in pyproject.toml).
"""
