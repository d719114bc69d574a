"""The facilitators' editor: write a questionnaire, see its problems, try, test, publish."""
