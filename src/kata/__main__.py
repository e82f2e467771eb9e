"""`python -m kata` runs the command line."""

from kata.cli import main

main()
