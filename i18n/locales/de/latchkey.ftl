# Latchkeys Worte auf Deutsch: jede Seite, jede Meldung, jede E-Mail. Jede Nachricht der
# englischen Datei (en/latchkey.ftl) steht auch hier, mit denselben Variablen.

language-name = Deutsch
language-switch = Sprache

## Titel und Überschriften

login-title = Anmelden
login-heading = Anmelden
forgot-title = Passwort vergessen
forgot-heading = Passwort zurücksetzen
reset-title = Neues Passwort wählen
reset-heading = Neues Passwort wählen
reset-heading-invited = Wählen Sie ein Passwort für Ihr Konto
done-title-reset = Passwort zurückgesetzt
done-heading-reset = Ihr Passwort wurde zurückgesetzt
done-message-reset = Sie wurden überall abgemeldet. Melden Sie sich mit Ihrem neuen Passwort an.
done-title-welcome = Passwort festgelegt
done-heading-welcome = Ihr Passwort ist festgelegt
done-message-welcome = Ihr Konto ist bereit. Melden Sie sich mit Ihrem neuen Passwort an.
account-title = Ihr Konto
change-title = Passwort ändern
not-found-title = Seite nicht gefunden
users-title = Konten
audit-title = Protokoll
delete-title = Konto löschen

## Felder und Schaltflächen

field-email = E-Mail
field-password = Passwort
field-name = Name
field-role = Rolle
field-current-password = Aktuelles Passwort
field-new-password = Neues Passwort
field-confirm-password = Neues Passwort bestätigen
button-login = Anmelden
button-reset = Zurücksetzen
button-set-password = Passwort festlegen
button-change-password = Passwort ändern
button-save-name = Name speichern
button-log-out = Abmelden
button-sign-out-everywhere = Überall abmelden
button-show = Anzeigen
button-hide = Verbergen
caps-lock-on = Die Feststelltaste ist aktiv.
loading = Wird geladen …

## Anmelden, Passwort vergessen, zurücksetzen

forgot-password-link = Passwort vergessen?
forgot-intro = Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen können.
forgot-sent = Falls ein Konto mit dieser Adresse existiert, haben wir ihm eine E-Mail mit einem Link zum Zurücksetzen Ihres Passworts gesendet. Sehen Sie in Ihrem Posteingang nach.
back-to-login = Zurück zur Anmeldung
reset-checking = Ihr Link wird geprüft …
reset-for = Für
invalid-link-heading = Dieser Link ist ungültig oder abgelaufen
invalid-link-explained = Links zum Zurücksetzen funktionieren einmal, für begrenzte Zeit, und nur der zuletzt angeforderte. Fordern Sie einen neuen Link an und verwenden Sie die E-Mail, die dann kommt.
request-new-link = Neuen Link anfordern
login-again = Erneut anmelden

## Neues Passwort

rules-intro = Ihr neues Passwort muss:
rule-length = { $min } bis { $max } Zeichen lang sein (Leerzeichen und beliebige Symbole sind erlaubt)
rule-no-email = ohne Ihre E-Mail-Adresse auskommen
rule-not-common = keines der häufig verwendeten Passwörter sein
rule-mixed-case = Groß- und Kleinbuchstaben enthalten
rule-digits = mindestens { $min } { $min ->
    [one] Ziffer
   *[other] Ziffern
} enthalten
rule-symbols = mindestens { $min } { $min ->
    [one] Sonderzeichen
   *[other] Sonderzeichen
} enthalten
rule-no-runs = ohne Folgen wie abc, 123 oder 111 auskommen
strength-too-short = Stärke: zu kurz
strength-fair = Stärke: ausreichend
strength-good = Stärke: gut
strength-strong = Stärke: stark

## Konto

account-heading = Ihr Konto
account-password-changed = Ihr Passwort wurde geändert. Alle anderen Sitzungen wurden beendet; hier sind Sie weiterhin angemeldet.
account-name-saved = Ihr Name wurde gespeichert.
manage-accounts = Konten verwalten
sign-out-everywhere-hint = Irgendwo angemeldet, wo Sie es nicht mehr nutzen? Beenden Sie jede Sitzung auf jedem Gerät.
back-to-account = Zurück zu Ihrem Konto
go-to-login = Zur Anmeldeseite
app-error-title = Diese Anwendung kann Sie nicht anmelden
app-error-unknown-app = Die Anwendung, die Sie hierher geschickt hat, ist bei diesem Portal nicht eingetragen. Wenden Sie sich an das Team der Anwendung.
app-error-redirect-uri = Die Anwendung, die Sie hierher geschickt hat, möchte die Antwort an eine Adresse erhalten, die sie nicht eingetragen hat. Deshalb wurden Sie nicht zu ihr zurückgeschickt. Wenden Sie sich an das Team der Anwendung.
role-owner = API-Eigentümer
role-consumer = API-Nutzer

## Verwaltung

admin-nav = Verwaltung
nav-accounts = Konten
nav-audit = Protokoll
nav-your-account = Ihr Konto
pages-nav = Seiten
admin-owners-only = Nur API-Eigentümer können diese Seite sehen.
users-done-invited = Die Einladung ist unterwegs.
users-done-disable = Das Konto ist deaktiviert und seine Sitzungen sind beendet.
users-done-enable = Das Konto ist aktiviert.
users-done-set-role = Die Rolle wurde geändert.
users-done-send-reset-link = Ein Link zum Wählen eines neuen Passworts ist unterwegs.
users-done-delete = Das Konto wurde gelöscht.
search-by-email = Nach E-Mail suchen
button-search = Suchen
no-accounts = Keine passenden Konten.
users-table = Konten
column-email = E-Mail
column-name = Name
column-role = Rolle
column-status = Status
column-last-login = Letzte Anmeldung
column-actions = Aktionen
first-page = Erste Seite
next-page = Nächste Seite
status-invited = Eingeladen
status-disabled = Deaktiviert
status-active = Aktiv
button-enable = Aktivieren
button-disable = Deaktivieren
role-of = Rolle von { $email }
button-change-role = Rolle ändern
of-account = von { $email }
you = (Sie)
never = Nie
button-send-reset-link = Link zum Zurücksetzen senden
button-delete = Löschen
invite-heading = Einladen
button-invite = Einladen
filter-by-email = Nach E-Mail filtern
button-filter = Filtern
no-events = Keine Ereignisse.
audit-table = Ereignisse, neueste zuerst
column-when = Wann
column-event = Ereignis
column-account = Konto
column-by-owner = Durch API-Eigentümer
column-ip = IP-Adresse
newest = Neueste
older-events = Ältere Ereignisse
delete-confirm = { $email } ({ $role }) löschen? Sitzungen und Links enden sofort; das Protokoll behält den Verlauf. Dies kann nicht rückgängig gemacht werden.
button-delete-account = Konto löschen
cancel = Abbrechen
back-to-accounts = Zurück zu den Konten

## Fehler

error-invalid = Bitte korrigieren Sie die unten markierten Felder.
error-invalid-credentials = E-Mail oder Passwort ist falsch.
error-unauthenticated = Bitte melden Sie sich an, um fortzufahren.
error-forbidden = Nur API-Eigentümer können das tun.
error-no-such-account = Es gibt kein Konto mit dieser E-Mail-Adresse.
error-last-owner = Dies ist der letzte aktive API-Eigentümer: Machen Sie zuerst ein anderes Konto zum API-Eigentümer.
error-account-disabled = Dieses Konto ist deaktiviert: Aktivieren Sie es zuerst.
error-invalid-reset-link = Dieser Link ist ungültig oder abgelaufen.
error-throttled = Zu viele Versuche. Bitte versuchen Sie es in { $minutes } { $minutes ->
    [one] Minute
   *[other] Minuten
} erneut.
error-unavailable = Der Dienst ist vorübergehend nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.
error-busy = Der Dienst ist ausgelastet. Bitte versuchen Sie es gleich noch einmal.
error-bad-request = Die Anfrage konnte nicht gelesen werden: Ein Feld fehlt, ist doppelt oder fehlerhaft.
problem-password-missing = Geben Sie Ihr Passwort ein.
problem-wrong-password = Das ist nicht Ihr aktuelles Passwort.
problem-email-taken = Es gibt bereits ein Konto mit dieser E-Mail-Adresse.
problem-unknown-role = Wählen Sie API-Eigentümer oder API-Nutzer.
problem-email-missing = Geben Sie Ihre E-Mail-Adresse ein.
problem-email-too-long = Eine E-Mail-Adresse darf höchstens 254 Zeichen lang sein.
problem-email-malformed = Geben Sie eine E-Mail-Adresse wie name@example.com ein.
problem-name-too-long = Ein Name darf höchstens 100 Zeichen lang sein.
problem-name-control-characters = Ein Name ist eine Zeile gewöhnlicher Zeichen.
problem-too-short = Verwenden Sie mindestens { $min } Zeichen.
problem-too-long = Verwenden Sie höchstens { $max } Zeichen.
problem-contains-email = Verwenden Sie Ihre E-Mail-Adresse nicht in Ihrem Passwort.
problem-needs-mixed-case = Verwenden Sie Groß- und Kleinbuchstaben.
problem-needs-digits = Verwenden Sie mindestens { $min } { $min ->
    [one] Ziffer
   *[other] Ziffern
}.
problem-needs-special = Verwenden Sie mindestens { $min } Sonderzeichen, etwa ! oder #.
problem-sequential = Vermeiden Sie Folgen wie abc, 123 oder 111.
problem-too-common = Dieses Passwort ist zu verbreitet. Wählen Sie ein anderes.
problem-mismatch = Die beiden Passwörter stimmen nicht überein.

## E-Mails

duration-days = { $n ->
    [one] { $n } Tag
   *[other] { $n } Tage
}
duration-hours = { $n ->
    [one] { $n } Stunde
   *[other] { $n } Stunden
}
duration-minutes = { $n ->
    [one] { $n } Minute
   *[other] { $n } Minuten
}
duration-seconds = { $n ->
    [one] { $n } Sekunde
   *[other] { $n } Sekunden
}
mail-or-paste = Oder fügen Sie diesen Link in Ihren Browser ein:
mail-reset-subject = Setzen Sie Ihr Passwort für { $portal } zurück
mail-reset-intro = Jemand (hoffentlich Sie) hat darum gebeten, das Passwort Ihres Kontos bei { $portal } zurückzusetzen.
mail-reset-open = Öffnen Sie diesen Link, um ein neues Passwort zu wählen:
mail-reset-button = Passwort zurücksetzen
mail-reset-validity = Der Link ist { $validity } lang gültig und funktioniert einmal.
mail-reset-unasked = Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt, wie es ist.
mail-invite-subject = Sie sind zu { $portal } eingeladen
mail-invite-intro = Sie wurden zu { $portal } eingeladen.
mail-invite-open = Öffnen Sie diesen Link, um Ihr Passwort zu wählen und sich anzumelden:
mail-invite-button = Passwort wählen
mail-invite-validity = Der Link ist { $validity } lang gültig und funktioniert einmal. Ist er abgelaufen, fordern Sie mit „Passwort vergessen?“ auf der Anmeldeseite einen neuen an.
mail-invite-unexpected = Wenn Sie diese Einladung nicht erwartet haben, ignorieren Sie diese E-Mail.
mail-changed-subject = Ihr Passwort für { $portal } wurde geändert
mail-changed-intro = Das Passwort Ihres Kontos bei { $portal } wurde soeben geändert, und alle anderen Sitzungen wurden abgemeldet.
mail-changed-login = Mit dem neuen Passwort anmelden
mail-changed-unasked-text = Wenn Sie das nicht waren, setzen Sie Ihr Passwort jetzt unter { $url } zurück und informieren Sie die Verwaltung Ihres Portals.
mail-changed-reset-now = setzen Sie Ihr Passwort jetzt zurück
mail-changed-unasked-before = Wenn Sie das nicht waren,
mail-changed-unasked-after = und informieren Sie die Verwaltung Ihres Portals.

## Zweiter Faktor
security-title = Anmeldung und Sicherheit
security-heading = Anmeldung und Sicherheit
security-link = Anmeldung und Sicherheit
security-app-heading = Authenticator-App
security-app-off = Die Zwei-Schritt-Bestätigung ist aus: Die Anmeldung fragt nur nach Ihrem Passwort.
security-app-on = Die Zwei-Schritt-Bestätigung ist an: Die Anmeldung fragt nach dem Passwort nach einem Code Ihrer Authenticator-App.
security-codes-left = { $n ->
    [one] Ein Wiederherstellungscode ist übrig.
   *[other] { $n } Wiederherstellungscodes sind übrig.
}
security-confirm-heading = Passwort bestätigen
security-confirm-intro = Änderungen an Ihrer Anmeldung brauchen Ihr Passwort, eingegeben in den letzten 10 Minuten.
security-confirmed = Danke. Sie können Ihre Anmeldung in den nächsten 10 Minuten ändern.
security-app-turned-off = Die Zwei-Schritt-Bestätigung ist aus.
security-required = Dieses Portal verlangt die Zwei-Schritt-Bestätigung, bevor Sie fortfahren. Richten Sie unten eine Authenticator-App ein.
button-setup-app = Authenticator-App einrichten
button-turn-off = Ausschalten
button-new-codes = Neue Wiederherstellungscodes
button-confirm = Bestätigen
setup-title = Authenticator-App einrichten
setup-heading = Authenticator-App einrichten
setup-scan = Scannen Sie diesen QR-Code mit Ihrer Authenticator-App oder geben Sie das Geheimnis dort ein. Geben Sie dann den Code ein, den sie anzeigt.
setup-qr = QR-Code für Ihre Authenticator-App
setup-secret = Geheimnis
setup-uri = Link für die App
field-code = Code
button-turn-on = Einschalten
codes-title = Wiederherstellungscodes
codes-heading = Ihre Wiederherstellungscodes
codes-intro = Die Zwei-Schritt-Bestätigung ist an. Jeder dieser Codes meldet Sie einmal an, wenn Sie Ihre Authenticator-App nicht nutzen können. Bewahren Sie sie sicher auf: Sie werden nur jetzt angezeigt.
codes-gone = Ihre Wiederherstellungscodes wurden einmal angezeigt und können nicht erneut angezeigt werden. Wenn Sie sie verloren haben, erstellen Sie neue.
button-download = Herunterladen
link-back-security = Zurück zu Anmeldung und Sicherheit
verify-title = Zwei-Schritt-Bestätigung
verify-heading = Zwei-Schritt-Bestätigung
verify-intro = Geben Sie den Code Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.
button-verify = Bestätigen
verify-ended = Diese Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.
link-log-in-again = Erneut anmelden
error-recent-sign-in = Bitte bestätigen Sie zuerst Ihr Passwort.
error-second-step-ended = Diese Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.
error-second-factor-required = Dieses Portal verlangt zuerst die Zwei-Schritt-Bestätigung, auf der Seite „Anmeldung und Sicherheit“.
error-setup-expired = Diese Einrichtungsseite ist abgelaufen. Bitte beginnen Sie erneut.
error-second-factor-on = Die Zwei-Schritt-Bestätigung ist bereits an.
error-second-factor-off = Die Zwei-Schritt-Bestätigung ist aus.
error-passkey-refused = Dieser Passkey wurde nicht angenommen. Versuchen Sie es erneut, oder melden Sie sich anders an.
error-passkeys-unavailable = Passkeys sind auf dieser Website nicht verfügbar.
error-no-such-passkey = Dieser Passkey gehört nicht zu Ihrem Konto.
problem-passkey-name = Geben Sie dem Passkey einen Namen mit bis zu 64 Zeichen.
problem-wrong-code = Dieser Code stimmt nicht. Geben Sie den aktuellen Code Ihrer App oder einen unbenutzten Wiederherstellungscode ein.
button-reset-second-factor = Zwei-Schritt-Bestätigung zurücksetzen
users-done-reset-second-factor = Die Zwei-Schritt-Bestätigung wurde zurückgesetzt: Alle Faktoren sind entfernt und alle Sitzungen beendet.
mail-second-factor-on-subject = Zwei-Schritt-Bestätigung für Ihr Konto bei { $portal } eingeschaltet
mail-second-factor-on-intro = Die Zwei-Schritt-Bestätigung wurde für Ihr Konto bei { $portal } eingeschaltet. Die Anmeldung fragt jetzt nach dem Passwort nach einem Code Ihrer Authenticator-App.
mail-second-factor-off-subject = Zwei-Schritt-Bestätigung für Ihr Konto bei { $portal } ausgeschaltet
mail-second-factor-off-intro = Die Zwei-Schritt-Bestätigung wurde für Ihr Konto bei { $portal } ausgeschaltet: Die Anmeldung fragt jetzt nur nach Ihrem Passwort.
mail-recovery-codes-subject = Neue Wiederherstellungscodes für Ihr Konto bei { $portal }
mail-recovery-codes-intro = Für Ihr Konto bei { $portal } wurden neue Wiederherstellungscodes erstellt. Die bisherigen Codes gelten nicht mehr.
mail-recovery-code-used-subject = Ein Wiederherstellungscode wurde für Ihr Konto bei { $portal } benutzt
mail-recovery-code-used-intro = Mit einem Wiederherstellungscode wurde sich bei Ihrem Konto bei { $portal } angemeldet. { $n ->
    [one] Ein Wiederherstellungscode ist übrig.
   *[other] { $n } Wiederherstellungscodes sind übrig.
}
mail-passkey-added-subject = Ein Passkey wurde Ihrem Konto bei { $portal } hinzugefügt
mail-passkey-added-intro = Ihrem Konto bei { $portal } wurde ein Passkey hinzugefügt. Er meldet Sie allein an, mit der PIN, dem Fingerabdruck oder dem Gesicht des Geräts.
mail-passkey-removed-subject = Ein Passkey wurde aus Ihrem Konto bei { $portal } entfernt
mail-passkey-removed-intro = Aus Ihrem Konto bei { $portal } wurde ein Passkey entfernt: Er meldet Sie nicht mehr an.
mail-security-review = Ihre Anmeldung prüfen
mail-security-unasked = Wenn Sie das nicht waren, setzen Sie sofort Ihr Passwort zurück und bitten Sie eine API-Verwaltung von { $portal }, die Zwei-Schritt-Bestätigung zurückzusetzen.
security-passkeys-heading = Passkeys
security-passkeys-intro = Ein Passkey meldet Sie mit der PIN, dem Fingerabdruck oder dem Gesicht Ihres Geräts an, ohne Passwort, und kann der zweite Schritt nach Ihrem Passwort sein.
field-passkey-name = Name des Passkeys
button-add-passkey = Passkey hinzufügen
passkey-added = Hinzugefügt
passkey-last-used = Zuletzt benutzt
passkey-never-used = Noch nicht benutzt
button-remove-passkey = Entfernen
passkey-failed = Es wurde kein Passkey benutzt. Versuchen Sie es erneut.
security-passkey-added = Der Passkey wurde hinzugefügt.
security-passkey-removed = Der Passkey wurde entfernt.
security-passkey-needs-script = Zum Hinzufügen eines Passkeys wird JavaScript benötigt. Schalten Sie es in Ihrem Browser ein und versuchen Sie es erneut.
button-passkey-sign-in = Mit einem Passkey anmelden
button-use-passkey = Passkey verwenden
passkey-sign-in-needs-script = Die Anmeldung mit einem Passkey benötigt JavaScript. Schalten Sie es in Ihrem Browser ein, oder melden Sie sich auf anderem Weg erneut an.
security-app-none = Es ist keine Authenticator-App eingerichtet.
verify-passkey-intro = Verwenden Sie einen Passkey dieses Kontos, um die Anmeldung abzuschließen.
verify-passkey-too = Oder verwenden Sie einen Passkey dieses Kontos.
security-sessions-heading = Wo Sie angemeldet sind
security-sessions-intro = Alle Browser, in denen Ihr Konto angemeldet ist. Melden Sie jeden ab, den Sie nicht kennen, und ändern Sie dann Ihr Passwort.
session-device = { $browser } auf { $system }
session-unknown-browser = Unbekannter Browser
session-unknown-system = unbekanntem System
session-this-device = Dieses Gerät
session-network = Netzwerk
session-network-unknown = unbekannt
session-signed-in = Angemeldet
session-last-seen = Zuletzt aktiv
button-sign-out-session = Abmelden
security-session-ended = Dieser Browser ist abgemeldet.
mail-new-sign-in-subject = Neue Anmeldung bei Ihrem Konto bei { $portal }
mail-new-sign-in-intro = Ihr Konto bei { $portal } wurde soeben in einem Browser angemeldet, in dem es bisher nicht benutzt wurde.
mail-new-sign-in-when = Wann
mail-new-sign-in-device = Browser
mail-new-sign-in-network = Netzwerk
mail-new-sign-in-review = Sehen, wo Sie angemeldet sind
mail-new-sign-in-unasked-text = Wenn Sie das nicht waren, setzen Sie Ihr Passwort jetzt unter { $url } zurück, melden Sie sich dann an und wählen Sie auf Ihrer Kontoseite „Überall abmelden“. Wenn Sie es waren, ist nichts zu tun.
mail-new-sign-in-unasked-before = Wenn Sie das nicht waren,
mail-new-sign-in-unasked-after = , melden Sie sich dann an und wählen Sie auf Ihrer Kontoseite „Überall abmelden“. Wenn Sie es waren, ist nichts zu tun.

## Registrierung
signup-link = Konto erstellen
signup-title = Konto erstellen
signup-heading = Konto erstellen
signup-intro = Erstellen Sie ein Konto für { $portal }. Wir senden Ihnen einen Link, mit dem Sie Ihre Adresse bestätigen.
field-first-password = Passwort
field-first-confirm = Passwort bestätigen
button-create-account = Konto erstellen
signup-sent-heading = Prüfen Sie Ihr Postfach
signup-sent = Wir haben eine E-Mail an diese Adresse gesendet. Öffnen Sie den Link darin, um Ihre Adresse zu bestätigen und das Konto fertig zu erstellen.
signup-have-account = Sie haben schon ein Konto? Anmelden
confirm-title = E-Mail-Adresse bestätigen
confirm-heading = E-Mail-Adresse bestätigen
confirm-intro = Wählen Sie „Bestätigen“, um diese Adresse zu bestätigen und Ihr Konto fertig zu erstellen.
confirm-invalid-explained = Bestätigungslinks funktionieren einmal und nur für begrenzte Zeit. Haben Sie Ihre Adresse schon bestätigt, melden Sie sich an; sonst erstellen Sie Ihr Konto erneut.
confirm-ready-title = Ihr Konto ist bereit
confirm-ready-message = Ihre E-Mail-Adresse ist bestätigt. Melden Sie sich mit dem gewählten Passwort an.
confirm-pending-title = Ihre E-Mail-Adresse ist bestätigt
confirm-pending-message = Ein API Owner von { $portal } prüft Ihre Registrierung. Wir schreiben Ihnen, sobald entschieden ist.
problem-domain-not-allowed = Nur Adressen bei { $domains } können hier ein Konto erstellen.
error-signup-off = Eine Registrierung ist hier nicht möglich.
error-invalid-confirm-link = Dieser Bestätigungslink ist ungültig oder abgelaufen.
error-not-pending = Dieses Konto wartet nicht auf eine Freigabe.
status-unconfirmed = Unbestätigt
status-pending = Wartet auf Freigabe
button-approve = Freigeben
button-decline = Ablehnen
users-pending-heading = Warten auf Freigabe
users-done-approve = Das Konto ist freigegeben, die Person wurde per E-Mail informiert.
users-done-decline = Die Registrierung wurde abgelehnt und entfernt, die Person wurde per E-Mail informiert.
mail-confirm-subject = Bestätigen Sie Ihre E-Mail-Adresse für { $portal }
mail-confirm-intro = Jemand (hoffentlich Sie) hat mit dieser E-Mail-Adresse ein Konto für { $portal } erstellt.
mail-confirm-open = Um die Adresse zu bestätigen, öffnen Sie diesen Link und wählen Sie „Bestätigen“:
mail-confirm-button = E-Mail-Adresse bestätigen
mail-confirm-validity = Der Link ist { $validity } gültig.
mail-confirm-unasked = Wenn Sie dieses Konto nicht erstellt haben, ignorieren Sie diese E-Mail: Ohne Bestätigung wird es innerhalb einer Woche entfernt.
mail-signup-existing-subject = Jemand wollte mit Ihrer Adresse ein Konto erstellen
mail-signup-existing-intro = Jemand (vielleicht Sie) wollte mit dieser E-Mail-Adresse ein Konto für { $portal } erstellen. Es gibt schon ein Konto mit dieser Adresse, daher wurde nichts geändert.
mail-signup-existing-closing = Wenn Sie es waren, melden Sie sich mit Ihrem Passwort an oder wählen Sie ein neues, falls Sie es vergessen haben. Wenn nicht, ist nichts zu tun.
mail-signup-login = Anmelden
mail-signup-forgot = Neues Passwort wählen
mail-signup-waiting-subject = Neue Registrierung wartet auf Freigabe
mail-signup-waiting-intro = { $email } hat sich bei { $portal } registriert und die Adresse bestätigt. Das Konto wartet darauf, dass ein API Owner es freigibt oder ablehnt.
mail-signup-waiting-closing = Sie erhalten diese E-Mail, weil Sie API Owner von { $portal } sind.
mail-signup-review = Registrierungen prüfen
mail-signup-approved-subject = Ihr Konto wurde freigegeben
mail-signup-approved-intro = Ein API Owner von { $portal } hat Ihr Konto freigegeben: Sie können sich jetzt anmelden.
mail-signup-approved-closing = Willkommen bei { $portal }.
mail-signup-declined-subject = Ihr Konto wurde nicht freigegeben
mail-signup-declined-intro = Ein API Owner von { $portal } hat Ihr Konto nicht freigegeben; es wurde entfernt.
mail-signup-declined-closing = Wenn Sie das für einen Irrtum halten, wenden Sie sich an die Betreiber von { $portal }.
problem-domain-not-allowed-here = Mit dieser E-Mail-Adresse kann hier kein Konto erstellt werden.

## Anwendungen (OpenID Connect)

nav-apps = Anwendungen
apps-title = Anwendungen
apps-intro = Anwendungen, die Personen über dieses Portal mit OpenID Connect anmelden. Man meldet sich hier an, mit dem zweiten Faktor, und kommt angemeldet zurück.
apps-done-removed = Die Anwendung wurde entfernt, und alle ihre Tokens wurden widerrufen.
no-apps = Noch keine Anwendungen.
apps-table = Anwendungen
column-client-id = Client-ID
column-type = Art
column-redirect-uris = Weiterleitungs-URIs
column-added = Hinzugefügt
app-public = Öffentlich (ohne Geheimnis)
app-confidential = Vertraulich
button-remove = Entfernen
add-app-heading = Anwendung hinzufügen
field-app-name = Name
field-redirect-uris = Weiterleitungs-URIs
hint-redirect-uris = Eine pro Zeile, genau so, wie die Anwendung sie sendet: https, oder http für localhost.
field-post-logout-uris = Weiterleitungs-URIs nach dem Abmelden (optional)
hint-post-logout-uris = Wohin die Anwendung Personen nach dem Abmelden schicken darf, eine pro Zeile.
field-public-app = Öffentliche Anwendung
hint-public-app = Eine Browser- oder Mobil-App, die kein Geheimnis bewahren kann: Sie erhält keins und weist sich mit PKCE aus.
button-add-app = Anwendung hinzufügen
new-app-title = Anwendung hinzugefügt
new-app-intro = Tragen Sie diese Werte jetzt in die Einstellungen der Anwendung ein: Das Geheimnis wird nur dieses eine Mal angezeigt.
new-app-public = Keins: Eine öffentliche Anwendung weist sich mit PKCE aus.
new-app-gone = Diese Zugangsdaten wurden bereits angezeigt und können nicht erneut angezeigt werden. Entfernen Sie die Anwendung und fügen Sie sie für ein neues Geheimnis erneut hinzu.
back-to-apps = Zurück zu den Anwendungen
problem-app-name = Geben Sie der Anwendung einen Namen mit bis zu 100 Zeichen.
problem-redirect-uris = Geben Sie eine bis zehn Adressen an, eine pro Zeile, jede beginnend mit https:// (oder http://localhost), ohne #Fragment.
error-no-such-app = Diese Anwendung gibt es nicht (vielleicht wurde sie bereits entfernt).
