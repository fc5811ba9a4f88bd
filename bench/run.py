"""Run every benchmark in bench/ (modules named bench_*.py with a `main()`), side by side."""

import importlib.util
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"\n## {path.stem}: {module.__doc__.strip().splitlines()[0]}")
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
