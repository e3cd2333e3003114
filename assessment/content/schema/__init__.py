"""The pack schema: pydantic models of pack.yaml, the questionnaire, rule tables and cases."""
