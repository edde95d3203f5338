#!/usr/bin/env python
from lawful.cli import main

if __name__ == "__main__":
    main()
