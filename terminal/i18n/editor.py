"""The words of the facilitators' editor, French first, English alongside."""

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "editor.title": "Diagnum · questionnaire",
        "editor.file": "Fichier : {path}",
        "editor.unsaved": "pas encore enregistré",
        "editor.saved": "Enregistré : {path}",
        "editor.save_failed": "Pas enregistré : {why}",
        "editor.problems": "Problèmes",
        "editor.checking": "Vérification…",
        "editor.no_problem": "✔ Aucun problème : le questionnaire est prêt.",
        "editor.count": "{errors} erreur(s), {warnings} attention",
        "editor.problem_hint": "F2 : aller aux problèmes · Ctrl+F : chercher · Ctrl+G : "
        "aller à la ligne",
        "editor.problem_hint_list": "↑ ↓ puis Entrée : aller à sa ligne · F2 : revenir au texte",
        "editor.check_failed": "✘ La vérification a échoué : la raison est dans le journal, "
        "{folder}",
        "editor.find_title": "Chercher dans le fichier",
        "editor.find_hint": "Entrée : aller à l'endroit suivant (Ctrl+F puis Entrée : le "
        "suivant encore). Échap : fermer.",
        "editor.not_found": "« {words} » n'est nulle part dans le fichier.",
        "editor.line_title": "Aller à la ligne (1 à {last})",
        "editor.line_hint": "Le numéro de la ligne, puis Entrée. Échap : fermer.",
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
        "editor.fix_first": "Corrigez d'abord les erreurs ({count}) : dans la liste, ↑ ↓ puis "
        "Entrée mène à chacune.",
        "editor.in_the_list": "Les touches vont à la liste des problèmes : Entrée mène à la "
        "ligne choisie, Échap revient au texte.",
        "editor.cases_title": "Les cas du questionnaire",
        "editor.no_cases": "Ce questionnaire n'a pas encore de cas. Un cas, c'est une "
        "personne inventée : ses réponses, et ce que son résultat doit dire (son niveau, une "
        "étape conseillée…). Ajoutez-en dans une partie « cases: » à la fin du fichier, sur "
        "le modèle de celles du questionnaire livré avec Diagnum : F4 les vérifie toutes à "
        "chaque changement.",
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
        "editor.try_failed": "L'essai s'est arrêté : {why}",
        "editor.try_log": "la raison est dans le journal, {folder}",
        "editor.versions_title": "Versions de ce questionnaire",
        "editor.versions_none": "Aucune version de ce questionnaire n'est publiée pour "
        "l'instant : F5 la publie.",
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
        "editor.unsaved": "not saved yet",
        "editor.saved": "Saved: {path}",
        "editor.save_failed": "Not saved: {why}",
        "editor.problems": "Problems",
        "editor.checking": "Checking…",
        "editor.no_problem": "✔ No problem: the questionnaire is ready.",
        "editor.count": "{errors} error(s), {warnings} warning(s)",
        "editor.problem_hint": "F2: go to the problems · Ctrl+F: find · Ctrl+G: go to line",
        "editor.problem_hint_list": "↑ ↓ then Enter: go to its line · F2: back to the text",
        "editor.check_failed": "✘ The check failed: the reason is in the log, {folder}",
        "editor.find_title": "Find in the file",
        "editor.find_hint": "Enter: go to the next place (Ctrl+F then Enter: the one after). "
        "Escape: close.",
        "editor.not_found": "'{words}' is nowhere in the file.",
        "editor.line_title": "Go to line (1 to {last})",
        "editor.line_hint": "The line's number, then Enter. Escape: close.",
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
        "editor.fix_first": "Fix the errors first ({count}): in the list, ↑ ↓ then Enter leads "
        "to each.",
        "editor.in_the_list": "The keys go to the list of problems: Enter leads to the line "
        "chosen, Escape goes back to the text.",
        "editor.cases_title": "The questionnaire's cases",
        "editor.no_cases": "This questionnaire has no cases yet. A case is a made-up "
        "person: their answers, and what their result must say (their level, a next "
        "step…). Add some in a 'cases:' part at the end of the file, like those of the "
        "questionnaire shipped with Diagnum: F4 checks them all after every change.",
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
        "editor.try_failed": "The try stopped: {why}",
        "editor.try_log": "the reason is in the log, {folder}",
        "editor.versions_title": "Versions of this questionnaire",
        "editor.versions_none": "No version of this questionnaire is published yet: F5 "
        "publishes it.",
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
