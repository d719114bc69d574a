"""The kiosk's own words (buttons, titles, consent), French first, English alongside.

Questions and answers come from the questionnaire file; these are the words around
them. Every key exists in every language: a test checks it.
"""

from __future__ import annotations

from questionnaires.typography import french_spacing

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "language.name": "Français",
        "welcome.title": "Mon bilan numérique",
        "welcome.start": "Touchez l'écran ou appuyez sur une touche pour commencer.",
        "welcome.reassure": "Ce n'est pas un test. Il n'y a pas de mauvaise réponse.",
        "welcome.unavailable": "La borne n'est pas prête. Merci de prévenir l'accueil.",
        "staff.cannot_save": "⚠ Pour l'équipe : la borne ne peut pas enregistrer les résultats. "
        "{reason}",
        "staff.no_purge": "⚠ Pour l'équipe : les anciens résultats n'ont pas été effacés, "
        "car la date de la borne ({today}) semble fausse, ou la borne n'a pas servi depuis "
        "longtemps. Vérifiez l'horloge, puis effacez-les à la main : diagnum results purge. "
        "Détails dans le journal.",
        "staff.bad_clock": "⚠ Pour l'équipe : la date de la borne ({today}) est fausse. "
        "Les résultats ne sont pas enregistrés et les anciens ne sont pas effacés. "
        "Réglez l'horloge, puis redémarrez la borne.",
        "language.question": "Choisissez votre langue",
        "consent.title": "Vos réponses",
        "consent.what": "Vos réponses restent ici, sans votre nom.",
        "consent.why": "Elles aident votre conseiller à bien vous aider.",
        "consent.who": "Seule l'équipe qui vous accompagne peut les voir.",
        "consent.how_long": "Elles sont effacées après {months} mois.",
        "consent.question": "Êtes-vous d'accord ?",
        "consent.yes": "Oui, d'accord",
        "consent.no": "Non merci",
        "consent.no_is_fine": "Si vous dites non, vous avez quand même votre résultat.",
        "nav.back": "Retour",
        "nav.dont_know": "Je ne sais pas",
        "nav.continue": "Continuer",
        "nav.pick_one": "Choisissez une réponse, ou « Je ne sais pas ».",
        "nav.pick_some": "Choisissez au moins une réponse, ou « Je ne sais pas ».",
        "question.progress": "Question {number} sur {total}",
        "result.title": "Votre résultat",
        "result.equipment": "Votre matériel",
        "result.skills": "Ce que vous savez faire",
        "result.contact": "Pour vous joindre",
        "result.next": "Prochaines étapes",
        "result.show_code": "Voir mon code",
        "result.no_equipment": "À voir avec votre conseiller",
        "result.next_page": "La suite",
        "result.page": "{number} sur 2",
        "handover.title": "Montrez ce code à votre conseiller",
        "handover.code": "Votre code",
        "handover.typed": "Code complet :",
        "handover.photo": "Prenez ce code en photo avec votre téléphone.",
        "handover.show_desk": "Montrez cet écran à l'accueil.",
        "handover.photo_or_desk": "Prenez ce code en photo, ou montrez cet écran à l'accueil.",
        "handover.only_way": "Ce code est le seul moyen de retrouver votre résultat.",
        "handover.printing": "Votre ticket s'imprime.",
        "handover.print_failed": "Le ticket n'a pas pu être imprimé. Demandez à l'accueil.",
        "handover.saved": "Enregistré",
        "handover.not_kept": "Vos réponses ne sont pas gardées. C'est votre choix.",
        "handover.not_saved": "Pas enregistré sur la borne : gardez bien ce code.",
        "handover.saving": "Enregistrement…",
        "handover.finish": "Terminer",
        "ticket.title": "Mon bilan numérique",
        "ticket.date": "Date : {day}",
        "ticket.date_unknown": "Date : inconnue",
        "ticket.code": "Votre code",
        "ticket.full_code": "Code complet",
        "ticket.show": "Montrez ce papier à votre conseiller.",
        "ticket.only_way": "Ce papier est le seul moyen de retrouver votre résultat. Gardez-le.",
        "ticket.next": "Vos prochaines étapes",
        "thanks.title": "Merci !",
        "thanks.next": "Votre conseiller va regarder votre résultat avec vous.",
        "thanks.wiped": "Vos réponses sont effacées de cet écran.",
        "idle.question": "Êtes-vous toujours là ?",
        "idle.continue": "Oui, je continue",
        "idle.reset": "Sans réponse, la borne recommence dans {seconds} secondes.",
    },
    "en": {
        "language.name": "English",
        "welcome.title": "My digital check-up",
        "welcome.start": "Touch the screen or press a key to start.",
        "welcome.reassure": "This is not a test. There are no wrong answers.",
        "welcome.unavailable": "The kiosk is not ready. Please tell the reception desk.",
        "staff.cannot_save": "⚠ For staff: the kiosk cannot save results. {reason}",
        "staff.no_purge": "⚠ For staff: old results were not deleted, because the kiosk's "
        "date ({today}) looks wrong, or the kiosk was not used for a long time. Check the "
        "clock, then delete them by hand: diagnum results purge. Details in the log.",
        "staff.bad_clock": "⚠ For staff: the kiosk's date ({today}) is wrong. Results are "
        "not saved and old ones are not deleted. Set the clock, then restart the kiosk.",
        "language.question": "Choose your language",
        "consent.title": "Your answers",
        "consent.what": "Your answers stay here, without your name.",
        "consent.why": "They help your adviser to help you.",
        "consent.who": "Only the team supporting you can see them.",
        "consent.how_long": "They are deleted after {months} months.",
        "consent.question": "Do you agree?",
        "consent.yes": "Yes, I agree",
        "consent.no": "No, thank you",
        "consent.no_is_fine": "If you say no, you still get your result.",
        "nav.back": "Back",
        "nav.dont_know": "I don't know",
        "nav.continue": "Continue",
        "nav.pick_one": "Choose an answer, or “I don't know”.",
        "nav.pick_some": "Choose at least one answer, or “I don't know”.",
        "question.progress": "Question {number} of {total}",
        "result.title": "Your result",
        "result.equipment": "Your equipment",
        "result.skills": "What you can do",
        "result.contact": "How to reach you",
        "result.next": "Next steps",
        "result.show_code": "See my code",
        "result.no_equipment": "To look at with your adviser",
        "result.next_page": "Next",
        "result.page": "{number} of 2",
        "handover.title": "Show this code to your adviser",
        "handover.code": "Your code",
        "handover.typed": "Full code:",
        "handover.photo": "Take a photo of this code with your phone.",
        "handover.show_desk": "Show this screen at the reception desk.",
        "handover.photo_or_desk": "Take a photo of this code, or show this screen at the desk.",
        "handover.only_way": "This code is the only way to find your result again.",
        "handover.printing": "Your ticket is printing.",
        "handover.print_failed": "The ticket could not be printed. Please ask at the desk.",
        "handover.saved": "Saved",
        "handover.not_kept": "Your answers are not kept. It is your choice.",
        "handover.not_saved": "Not saved on the kiosk: keep this code.",
        "handover.saving": "Saving…",
        "handover.finish": "Finish",
        "ticket.title": "My digital check-up",
        "ticket.date": "Date: {day}",
        "ticket.date_unknown": "Date: unknown",
        "ticket.code": "Your code",
        "ticket.full_code": "Full code",
        "ticket.show": "Show this paper to your adviser.",
        "ticket.only_way": "This paper is the only way to find your result again. Keep it.",
        "ticket.next": "Your next steps",
        "thanks.title": "Thank you!",
        "thanks.next": "Your adviser will look at your result with you.",
        "thanks.wiped": "Your answers are wiped from this screen.",
        "idle.question": "Are you still there?",
        "idle.continue": "Yes, I'm still here",
        "idle.reset": "Without an answer, the kiosk starts again in {seconds} seconds.",
    },
}

UI_LANGUAGES = tuple(MESSAGES)


def translate(language: str, key: str, **values: object) -> str:
    """The kiosk's text for ``key``; French when a language lacks it."""
    words = MESSAGES.get(language)
    text = words.get(key) if words else None
    if text is None:
        language, text = "fr", MESSAGES["fr"][key]
    text = text.format(**values) if values else text
    return french_spacing(text) if language == "fr" else text
