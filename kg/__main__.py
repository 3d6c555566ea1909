"""`python -m kg`: the command-line tool."""

from kg.cli import main

if __name__ == "__main__":
    main()
