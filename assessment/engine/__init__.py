"""Kind-agnostic evaluation: variables, compiled conditions, the run over a frame of
respondents, and the Assessment it builds."""
