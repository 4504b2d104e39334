"""The records a case keeps: models and codes below every rule (`domain/case.py` holds them)."""
