from assessment.cli.main import main

main()
