from strait.cli import main

# The exit status matters: the demo launcher and scripts check it.
raise SystemExit(main())
