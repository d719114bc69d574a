"""`python -m terminal`: the same as the `diagnum` command."""

from terminal.cli import main

raise SystemExit(main())
