"""The words of the adviser's console, French first, English alongside."""

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "orientation.workshop": "Atelier numérique",
        "orientation.equipment": "Aide pour s'équiper",
        "orientation.together": "Démarches ensemble à l'espace numérique",
        "orientation.mandate": "Démarches faites pour la personne (Aidants Connect)",
        "orientation.training": "Formation en ligne",
        "orientation.none": "Aucune pour l'instant",
    },
    "en": {
        "orientation.workshop": "Digital workshop",
        "orientation.equipment": "Help to get equipped",
        "orientation.together": "Procedures done together in the digital space",
        "orientation.mandate": "Procedures done on their behalf (Aidants Connect)",
        "orientation.training": "Online training",
        "orientation.none": "None for now",
    },
}
