"""The command line (`cases`, or `python starter.py`), one module per persona: operators take
notices in (`operators`), case officers record what they did (`officers`), supervisors follow
cases (`supervisors`). Swedish by default, English with `--lang en` or EVICTION_LANG=en.
"""
