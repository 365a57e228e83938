"""The gigsim command line (placeholder until the engine lands)."""
import sys


def main(argv=None) -> int:
    print("gigsim: no commands yet", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
