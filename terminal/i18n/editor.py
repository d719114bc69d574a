"""The words of the facilitators' editor, French first, English alongside."""

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "editor.title": "Diagnum · questionnaire",
        "editor.file": "Fichier : {path}",
        "editor.unsaved": "modifié, pas encore enregistré",
        "editor.saved": "Enregistré : {path}",
        "editor.save_failed": "Pas enregistré : {why}",
        "editor.problems": "Problèmes",
        "editor.checking": "Vérification…",
        "editor.no_problem": "✔ Aucun problème : le questionnaire est prêt.",
        "editor.count": "{errors} erreur(s), {warnings} attention",
        "editor.problem_hint": "F2 : aller aux problèmes, puis ↑ ↓ et Entrée : à sa ligne.",
        "editor.key_save": "Enregistrer",
        "editor.key_try": "Essayer",
        "editor.key_test": "Tester",
        "editor.key_publish": "Publier",
        "editor.key_problems": "Problèmes",
        "editor.key_quit": "Quitter",
        "editor.key_versions": "Versions",
        "editor.kiosk_uses": "La borne {host} utilise « {id} » version {version}.",
        "editor.kiosk_refused": "⚠ La borne {host} a refusé {path} ({count} problème(s)) et "
        "garde sa version : {first}",
        "editor.fix_first": "Corrigez d'abord les erreurs ({count}) : la liste à droite dit où.",
        "editor.cases_title": "Les cas du questionnaire",
        "editor.no_cases": "Ce questionnaire n'a pas de cas : ajoutez une partie « cases: » "
        "(voir docs/facilitators.md).",
        "editor.close": "Fermer",
        "editor.publish_title": "Publier la version {version} de « {title} » ?",
        "editor.publish_body": "La borne l'utilisera dès son prochain écran d'accueil. Les "
        "versions déjà publiées sont gardées : les anciens codes restent lisibles, et vous "
        "pourrez revenir en arrière.",
        "editor.publish_yes": "Publier",
        "editor.cancel": "Annuler",
        "editor.published": "✔ Version {version} publiée. La borne la prend à son prochain "
        "accueil.",
        "editor.not_published": "Pas publié : {why}",
        "editor.quit_title": "Le fichier a des modifications pas enregistrées.",
        "editor.quit_save": "Enregistrer et quitter",
        "editor.quit_drop": "Quitter sans enregistrer",
        "editor.try_terminal": "Essayer a besoin d'un vrai terminal : lancez diagnum "
        "questionnaire preview {path}",
        "editor.try_failed": "L'essai n'a pas pu démarrer : {why}",
        "editor.versions_title": "Versions publiées",
        "editor.versions_none": "Aucune version publiée pour l'instant.",
        "editor.version_line": "{mark} version {version} · {when}",
        "editor.version_current": "utilisée par la borne",
        "editor.version_use": "La borne utilisera la version {version} dès son prochain accueil.",
        "editor.versions_hint": "Entrée : faire utiliser cette version par la borne. Échap : "
        "fermer.",
        "editor.shipped": "livrée avec Diagnum",
        "editor.unreadable": "{path} ne peut plus être lu : rien n'a été écrit.",
        "editor.settings_first": "✔ Publié. Mais les réglages de la borne nomment "
        "{path} : elle utilise ce fichier-là. Enlevez « questionnaire » des réglages pour "
        "qu'elle prenne les versions publiées.",
    },
    "en": {
        "editor.title": "Diagnum · questionnaire",
        "editor.file": "File: {path}",
        "editor.unsaved": "changed, not saved yet",
        "editor.saved": "Saved: {path}",
        "editor.save_failed": "Not saved: {why}",
        "editor.problems": "Problems",
        "editor.checking": "Checking…",
        "editor.no_problem": "✔ No problem: the questionnaire is ready.",
        "editor.count": "{errors} error(s), {warnings} warning(s)",
        "editor.problem_hint": "F2: go to the problems, then ↑ ↓ and Enter: to its line.",
        "editor.key_save": "Save",
        "editor.key_try": "Try it",
        "editor.key_test": "Test",
        "editor.key_publish": "Publish",
        "editor.key_problems": "Problems",
        "editor.key_quit": "Quit",
        "editor.key_versions": "Versions",
        "editor.kiosk_uses": "Kiosk {host} uses '{id}' version {version}.",
        "editor.kiosk_refused": "⚠ Kiosk {host} refused {path} ({count} problem(s)) and keeps "
        "its version: {first}",
        "editor.fix_first": "Fix the errors first ({count}): the list on the right says where.",
        "editor.cases_title": "The questionnaire's cases",
        "editor.no_cases": "This questionnaire has no cases: add a 'cases:' part (see "
        "docs/facilitators.md).",
        "editor.close": "Close",
        "editor.publish_title": "Publish version {version} of '{title}'?",
        "editor.publish_body": "The kiosk uses it from its next welcome screen. The versions "
        "already published are kept: old codes stay readable, and you can go back.",
        "editor.publish_yes": "Publish",
        "editor.cancel": "Cancel",
        "editor.published": "✔ Version {version} published. The kiosk takes it at its next "
        "welcome screen.",
        "editor.not_published": "Not published: {why}",
        "editor.quit_title": "The file has changes that are not saved.",
        "editor.quit_save": "Save and quit",
        "editor.quit_drop": "Quit without saving",
        "editor.try_terminal": "Try it needs a real terminal: run diagnum questionnaire "
        "preview {path}",
        "editor.try_failed": "The try could not start: {why}",
        "editor.versions_title": "Published versions",
        "editor.versions_none": "No version published yet.",
        "editor.version_line": "{mark} version {version} · {when}",
        "editor.version_current": "used by the kiosk",
        "editor.version_use": "The kiosk will use version {version} from its next welcome screen.",
        "editor.versions_hint": "Enter: make the kiosk use this version. Escape: close.",
        "editor.shipped": "shipped with Diagnum",
        "editor.unreadable": "{path} cannot be read any more: nothing was written.",
        "editor.settings_first": "✔ Published. But the kiosk's settings name {path}: it "
        "uses that file. Remove 'questionnaire' from the settings for it to take the "
        "published versions.",
    },
}
