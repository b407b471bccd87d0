from strait.cli import main

main()
