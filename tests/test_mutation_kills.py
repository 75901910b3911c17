"""Tests written to kill mutants that survived the rest of the suite (see benchmarks/README.md, "Mutation testing")."""
from __future__ import annotations
