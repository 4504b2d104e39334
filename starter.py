"""The command line's entry point (`cases` when installed): see `cli/` for the commands.

Talks to Temporal at TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (defaults localhost:7233 /
default). `--json` prints the contract of shared/spec/case-json.md.
"""

from cli.app import main

if __name__ == "__main__":
    main()
